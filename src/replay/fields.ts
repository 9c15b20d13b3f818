// Splits an access-log line into fields: space-separated, where a field in double quotes (with
// backslash escapes) or in square brackets may hold spaces. The quotes and brackets are removed.
// `FieldCursor` finds the fields' bounds without copying them, so a parser slices only what it reads.

const MAX_FIELDS = 64;

/** Field bounds of the last line scanned; `text(i)` copies one field out. Reused line after line. */
export class FieldCursor {
  count = 0;
  private line = '';
  private readonly starts = new Int32Array(MAX_FIELDS);
  private readonly ends = new Int32Array(MAX_FIELDS);
  private readonly escaped = new Uint8Array(MAX_FIELDS);

  /** Scans `line` up to `limit` fields (at most 64); a parser that reads the first few stops there. Returns the count. */
  scan(line: string, limit = MAX_FIELDS): number {
    this.line = line;
    const length = line.length;
    const most = Math.min(limit, MAX_FIELDS);
    let count = 0;
    let i = 0;
    while (i < length && count < most) {
      const c = line.charCodeAt(i);
      if (c === 32 || c === 9) {
        i++;
        continue;
      }
      let start = i;
      let end: number;
      let escaped = 0;
      if (c === 34 /* " */) {
        start = i + 1;
        let j = start;
        while (j < length) {
          const d = line.charCodeAt(j);
          if (d === 92 /* \ */) {
            escaped = 1;
            j += 2;
            continue;
          }
          if (d === 34) break;
          j++;
        }
        end = Math.min(j, length);
        i = j + 1;
      } else {
        const close = c === 91 /* [ */ ? line.indexOf(']', i + 1) : -1;
        if (close >= 0) {
          start = i + 1;
          end = close;
          i = close + 1;
        } else {
          let j = i + 1;
          while (j < length && line.charCodeAt(j) !== 32 && line.charCodeAt(j) !== 9) j++;
          end = j;
          i = j;
        }
      }
      this.starts[count] = start;
      this.ends[count] = end;
      this.escaped[count] = escaped;
      count++;
    }
    this.count = count;
    return count;
  }

  /** Where field `i` starts and ends in the scanned line, for parsing a field in place. */
  startOf(i: number): number {
    return this.starts[i]!;
  }
  endOf(i: number): number {
    return this.ends[i]!;
  }

  /** Field `i` (0-based) of the scanned line, unescaped; '' past the last field. */
  text(i: number): string {
    if (i >= this.count) return '';
    const body = this.line.slice(this.starts[i], this.ends[i]);
    return this.escaped[i] === 1 ? body.replace(/\\(.)/g, '$1') : body;
  }
}

const shared = new FieldCursor();

/** The fields of `line`; an unterminated quote or bracket takes the rest of the line. */
export function splitFields(line: string): string[] {
  const count = shared.scan(line);
  const fields: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) fields[i] = shared.text(i);
  return fields;
}

// Splits an access-log line into fields: space-separated, where a field in double quotes (with
// backslash escapes) or in square brackets may hold spaces. The quotes and brackets are removed.

/** The fields of `line`; an unterminated quote or bracket takes the rest of the line. */
export function splitFields(line: string): string[] {
  const fields: string[] = [];
  const length = line.length;
  let i = 0;
  while (i < length) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    if (c === 34 /* " */) {
      let j = i + 1;
      let escaped = false;
      while (j < length) {
        const d = line.charCodeAt(j);
        if (d === 92 /* \ */) {
          escaped = true;
          j += 2;
          continue;
        }
        if (d === 34) break;
        j++;
      }
      const body = line.slice(i + 1, Math.min(j, length));
      fields.push(escaped ? body.replace(/\\(.)/g, '$1') : body);
      i = j + 1;
      continue;
    }
    const close = c === 91 /* [ */ ? line.indexOf(']', i + 1) : -1;
    if (close >= 0) {
      fields.push(line.slice(i + 1, close));
      i = close + 1;
      continue;
    }
    let j = i + 1;
    while (j < length && line.charCodeAt(j) !== 32 && line.charCodeAt(j) !== 9) j++;
    fields.push(line.slice(i, j));
    i = j;
  }
  return fields;
}

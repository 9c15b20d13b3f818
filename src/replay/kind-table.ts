// The request kinds of a replay, interned: one RequestKind per method and path, named by an index
// that typed arrays can hold. A line parsed in place looks its kind up from the line's bytes, so no
// method or path string is made for a kind already seen.

import type { RequestKind } from '../model/config.js';

export class KindTable {
  readonly kinds: RequestKind[] = [];
  private readonly byText = new Map<string, Map<string, number>>();
  /** Indexes by the hash of the method and path's character codes (see `hashKind`); collisions share a list. */
  private readonly byHash = new Map<number, number[]>();

  /** The index of the kind for `method` and `path`, added when new. */
  indexOf(method: string, path: string): number {
    let byPath = this.byText.get(method);
    if (byPath === undefined) this.byText.set(method, (byPath = new Map()));
    let index = byPath.get(path);
    if (index === undefined) {
      index = this.kinds.push({ method, path, weight: 1 }) - 1;
      byPath.set(path, index);
      const hash = hashKind(method, path);
      const list = this.byHash.get(hash);
      if (list === undefined) this.byHash.set(hash, [index]);
      else list.push(index);
    }
    return index;
  }

  /**
   * The kind whose method is the ASCII bytes [methodStart, methodEnd) and whose path is '/' (when
   * `slash`) followed by the bytes [pathStart, pathEnd); `hash` is their `hashKind`. Strings are made
   * only for a kind not seen before.
   */
  indexOfBytes(bytes: Buffer, methodStart: number, methodEnd: number, slash: boolean, pathStart: number, pathEnd: number, hash: number): number {
    const list = this.byHash.get(hash);
    if (list !== undefined) {
      for (const index of list) {
        const kind = this.kinds[index]!;
        if (sameText(kind.method, 0, bytes, methodStart, methodEnd)) {
          const path = kind.path;
          const skip = slash ? 1 : 0;
          if ((!slash || path.charCodeAt(0) === 47) && sameText(path, skip, bytes, pathStart, pathEnd)) return index;
        }
      }
    }
    return this.indexOf(bytes.toString('latin1', methodStart, methodEnd), (slash ? '/' : '') + bytes.toString('latin1', pathStart, pathEnd));
  }
}

function sameText(text: string, from: number, bytes: Uint8Array, start: number, end: number): boolean {
  if (text.length - from !== end - start) return false;
  for (let i = start; i < end; i++) if (text.charCodeAt(from + i - start) !== bytes[i]) return false;
  return true;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the method's character codes, a space, then the path's: the byte parsers compute the same over bytes. */
export function hashKind(method: string, path: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < method.length; i++) h = Math.imul(h ^ method.charCodeAt(i), FNV_PRIME);
  h = Math.imul(h ^ 32, FNV_PRIME);
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), FNV_PRIME);
  return h;
}

/** hashKind of the method bytes [methodStart, methodEnd) and the path '/'? + bytes [pathStart, pathEnd). */
export function hashKindBytes(bytes: Uint8Array, methodStart: number, methodEnd: number, slash: boolean, pathStart: number, pathEnd: number): number {
  let h = FNV_OFFSET;
  for (let i = methodStart; i < methodEnd; i++) h = Math.imul(h ^ bytes[i]!, FNV_PRIME);
  h = Math.imul(h ^ 32, FNV_PRIME);
  if (slash) h = Math.imul(h ^ 47, FNV_PRIME);
  for (let i = pathStart; i < pathEnd; i++) h = Math.imul(h ^ bytes[i]!, FNV_PRIME);
  return h;
}

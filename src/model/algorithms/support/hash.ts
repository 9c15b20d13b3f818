// 32-bit hashing for the consistent-hash algorithms: FNV-1a over a string's UTF-16 units, and
// MurmurHash3's finaliser to mix integers (client ids, ring points) so nearby inputs scatter.

/** MurmurHash3's fmix32: every input bit affects every output bit. Returns an unsigned 32-bit integer. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a of the text, then mixed: unsigned 32-bit. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** The k-th derived hash of a base hash (ring points, Maglev's offset and skip). */
export function derivedHash(base: number, k: number): number {
  return mix32(base ^ mix32(Math.imul(k + 1, 0x9e3779b9)));
}

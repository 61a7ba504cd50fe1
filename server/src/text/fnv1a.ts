/** FNV-1a (32-bit) of a string's UTF-16 code units, as 8 hex digits; `basis` varies the hash. */
export function fnv1a(text: string, basis = 0x811c9dc5): string {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** 64 bits as 16 hex digits: two FNV-1a hashes with different offset bases. */
export function fnv1a64(text: string): string {
  return `${fnv1a(text)}${fnv1a(text, 0x811c9dc5 ^ 0x5bd1e995)}`;
}

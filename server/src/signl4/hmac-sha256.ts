/**
 * HMAC-SHA256 in plain TypeScript: the FDK sandbox documents no crypto module, and the external id
 * needs only a short tag. Checked against node:crypto in the unit tests.
 */
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

function encodePoint(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
}

/** UTF-8 bytes (no TextEncoder in the sandbox); lone surrogates become U+FFFD, as TextEncoder does. */
export function utf8(text: string): number[] {
  return Array.from(text).flatMap((ch) => {
    const cp = ch.codePointAt(0) ?? 0xfffd;
    return encodePoint(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp);
  });
}

function pad(bytes: number[]): number[] {
  const bitLength = bytes.length * 8;
  const out = [...bytes, 0x80];
  while (out.length % 64 !== 56) out.push(0);
  for (let i = 7; i >= 0; i -= 1) out.push(i >= 4 ? 0 : (bitLength >>> (i * 8)) & 0xff);
  return out;
}

const at = (list: number[], i: number): number => list[i] ?? 0;

function schedule(block: number[]): number[] {
  const w: number[] = [];
  for (let i = 0; i < 16; i += 1) {
    w.push(((at(block, i * 4) << 24) | (at(block, i * 4 + 1) << 16) | (at(block, i * 4 + 2) << 8) | at(block, i * 4 + 3)) >>> 0);
  }
  for (let i = 16; i < 64; i += 1) {
    const a = at(w, i - 15);
    const b = at(w, i - 2);
    const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
    const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
    w.push((at(w, i - 16) + s0 + at(w, i - 7) + s1) >>> 0);
  }
  return w;
}

function compress(state: number[], w: number[]): number[] {
  let [a, b, c, d, e, f, g, h] = state as [number, number, number, number, number, number, number, number];
  for (let i = 0; i < 64; i += 1) {
    const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + at(K, i) + at(w, i)) >>> 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
    [h, g, f, e, d, c, b, a] = [g, f, e, (d + t1) >>> 0, c, b, a, (t1 + t2) >>> 0];
  }
  return state.map((v, i) => (v + [a, b, c, d, e, f, g, h][i]!) >>> 0);
}

export function sha256(bytes: number[]): number[] {
  let state = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  const padded = pad(bytes);
  for (let offset = 0; offset < padded.length; offset += 64) state = compress(state, schedule(padded.slice(offset, offset + 64)));
  return state.flatMap((v) => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}

export function hmacSha256Hex(key: string, message: string): string {
  let keyBytes = utf8(key);
  if (keyBytes.length > 64) keyBytes = sha256(keyBytes);
  const block = [...keyBytes, ...new Array<number>(64 - keyBytes.length).fill(0)];
  const inner = sha256([...block.map((b) => b ^ 0x36), ...utf8(message)]);
  const outer = sha256([...block.map((b) => b ^ 0x5c), ...inner]);
  return outer.map((b) => b.toString(16).padStart(2, '0')).join('');
}

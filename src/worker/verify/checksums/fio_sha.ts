/**
 * What fio 3.33 stores for `verify=sha256`, `sha512` and `sha1`, which is
 * not the standard digest (measured on files fio wrote; dfio must store the
 * same bytes so either tool verifies the other's files):
 * - sha256: 64 bytes, fio's hash context buffer after its final step. The
 *   message is padded with a little-endian bit count; the final state words
 *   are then truncated to one byte each into the first 8 bytes; the rest of
 *   the buffer keeps the data tail and padding.
 * - sha512: 128 bytes, the context buffer after the update alone (fio never
 *   finishes the hash): the last `len % 128` data bytes, then the bytes of
 *   the first data block that were not overwritten.
 * - sha1: 20 bytes, the standard digest with each 32-bit word stored
 *   little-endian.
 */

import { digest } from "./digests.ts";

const K = new Int32Array([
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
]);
const INIT = [
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
];

const W = new Int32Array(64);

function ror(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

/** One SHA-256 compression of the 64 bytes at `src[at]` into `st`. */
function transform(st: Int32Array, src: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++) {
    const o = at + 4 * i;
    W[i] = (src[o] << 24) | (src[o + 1] << 16) | (src[o + 2] << 8) | src[o + 3];
  }
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15], b = W[i - 2];
    const s0 = ror(a, 7) ^ ror(a, 18) ^ (a >>> 3);
    const s1 = ror(b, 17) ^ ror(b, 19) ^ (b >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  let a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
  for (let i = 0; i < 64; i++) {
    const t1 = (h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
    const t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  st[0] += a;
  st[1] += b;
  st[2] += c;
  st[3] += d;
  st[4] += e;
  st[5] += f;
  st[6] += g;
  st[7] += h;
}

/** fio's sha256 context: the 64-byte buffer lives in the caller's output. */
class Sha256Ctx {
  readonly state = Int32Array.from(INIT);
  count = 0;
  constructor(readonly buf: Uint8Array, readonly at: number) {}

  update(data: Uint8Array, start: number, len: number): void {
    let partial = this.count & 63;
    this.count += len;
    let done = 0;
    let src = data, srcAt = start;
    if (partial + len > 63) {
      if (partial !== 0) {
        done = -partial;
        this.buf.set(data.subarray(start, start + done + 64), this.at + partial);
        src = this.buf;
        srcAt = this.at;
      }
      do {
        transform(this.state, src, srcAt);
        done += 64;
        src = data;
        srcAt = start + done;
      } while (done + 63 < len);
      partial = 0;
    }
    this.buf.set(data.subarray(start + done, start + len), this.at + partial);
  }
}

const PADDING = new Uint8Array(64);
PADDING[0] = 0x80;
const BITS = new Uint8Array(8);

/** fio's sha256 bytes (64) of `buf[start, end)` into `out[at..at+64)`. */
export function fioSha256(
  buf: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  at: number,
): void {
  const ctx = new Sha256Ctx(out, at);
  ctx.update(buf, start, end - start);
  const bits = ctx.count * 8;
  for (let i = 0; i < 8; i++) BITS[i] = Math.floor(bits / 2 ** (8 * i)) & 0xff;
  const index = ctx.count & 63;
  ctx.update(PADDING, 0, index < 56 ? 56 - index : 120 - index);
  ctx.update(BITS, 0, 8);
  for (let i = 0; i < 8; i++) out[at + i] = ctx.state[i] & 0xff;
}

/** fio's sha512 bytes (128) of `buf[start, end)` into `out[at..at+128)`. */
export function fioSha512(
  buf: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  at: number,
): void {
  const len = end - start;
  if (len < 128) {
    // Only the data is copied; what follows keeps whatever `out` held.
    out.set(buf.subarray(start, end), at);
    return;
  }
  out.set(buf.subarray(start, start + 128), at);
  const tail = (len - 128) % 128;
  out.set(buf.subarray(end - tail, end), at);
}

/** fio's sha1 bytes (20): the digest with each word little-endian. */
export function fioSha1(
  buf: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  at: number,
): void {
  const d = digest("sha1", buf.subarray(start, end));
  for (let w = 0; w < 20; w += 4) {
    out[at + w] = d[w + 3];
    out[at + w + 1] = d[w + 2];
    out[at + w + 2] = d[w + 1];
    out[at + w + 3] = d[w];
  }
}

/**
 * The 32-bit CRCs of fio's verify, as fio 3.33 computes them (measured on
 * files it wrote):
 * - crc32c (`verify=crc32c`, and the header checksum of every method): the
 *   reflected Castagnoli polynomial, register starting at all ones and NOT
 *   inverted at the end. Slicing-by-16: sixteen 256-entry tables fold 16
 *   input bytes per step.
 * - crc32 (`verify=crc32`): the IEEE polynomial 0x04C11DB7 MSB first,
 *   register starting at 0, no final inversion; one lookup per byte.
 */

/** Sixteen slicing tables for a reflected polynomial, back to back. */
function slicingTables(poly: number): Int32Array {
  const t = new Int32Array(256 * 16);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[i] = c;
  }
  for (let i = 0; i < 256; i++) {
    let c = t[i];
    for (let s = 1; s < 16; s++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[s * 256 + i] = c;
    }
  }
  return t;
}

/** Castagnoli (iSCSI) polynomial, reflected. */
const CASTAGNOLI = 0x82f63b78;
const TABLE_C = slicingTables(CASTAGNOLI);

/** MSB-first table of the IEEE polynomial. */
const TABLE_IEEE = (() => {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c;
  }
  return t;
})();

// A word view of the last ArrayBuffer seen: a job's io buffers share one
// native block, so the view is made once rather than per call.
let viewOf: ArrayBufferLike | null = null;
let words: Int32Array<ArrayBufferLike> = new Int32Array(0);

/**
 * Slicing-by-16 over `buf[start, end)` from register `crc`: byte steps up
 * to 4-byte alignment of the memory, then 16 bytes (16 lookups) per step
 * through a word view, then the tail bytewise.
 */
export function crc32cUpdate(crc: number, buf: Uint8Array, start: number, end: number): number {
  const t = TABLE_C;
  let i = start;
  const base = buf.byteOffset;
  while (i < end && ((base + i) & 3) !== 0) crc = t[(crc ^ buf[i++]) & 0xff] ^ (crc >>> 8);
  const n = (end - i) >>> 4;
  if (n > 0) {
    if (viewOf !== buf.buffer) {
      viewOf = buf.buffer;
      words = new Int32Array(buf.buffer, 0, buf.buffer.byteLength >>> 2);
    }
    const w = words;
    let k = (base + i) >>> 2;
    const stop = k + n * 4;
    for (; k < stop; k += 4) {
      const a = w[k] ^ crc, b = w[k + 1], c = w[k + 2], d = w[k + 3];
      crc = t[3840 + (a & 0xff)] ^ t[3584 + ((a >>> 8) & 0xff)] ^
        t[3328 + ((a >>> 16) & 0xff)] ^ t[3072 + (a >>> 24)] ^
        t[2816 + (b & 0xff)] ^ t[2560 + ((b >>> 8) & 0xff)] ^
        t[2304 + ((b >>> 16) & 0xff)] ^ t[2048 + (b >>> 24)] ^
        t[1792 + (c & 0xff)] ^ t[1536 + ((c >>> 8) & 0xff)] ^
        t[1280 + ((c >>> 16) & 0xff)] ^ t[1024 + (c >>> 24)] ^
        t[768 + (d & 0xff)] ^ t[512 + ((d >>> 8) & 0xff)] ^
        t[256 + ((d >>> 16) & 0xff)] ^ t[d >>> 24];
    }
    i += n * 16;
  }
  while (i < end) crc = t[(crc ^ buf[i++]) & 0xff] ^ (crc >>> 8);
  return crc;
}

/** fio's crc32c of `buf[start, end)` (not inverted), unsigned 32-bit. */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  return crc32cUpdate(-1, buf, start, end) >>> 0;
}

/** fio's crc32 of `buf[start, end)`, unsigned 32-bit. */
export function crc32(buf: Uint8Array, start = 0, end = buf.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = TABLE_IEEE[((crc >>> 24) ^ buf[i]) & 0xff] ^ (crc << 8);
  return crc >>> 0;
}

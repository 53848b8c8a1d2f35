/**
 * fio's crc7 (`verify=crc7`, the MMC/SD polynomial x^7 + x^3 + 1, MSB
 * first, starting from 0): the 7-bit register sits in the top of a byte
 * so each step is one lookup of `(crc << 1) ^ byte`.
 */

const TABLE = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    // Remainder of i(x) * x^7 divided by the polynomial.
    let v = i << 7;
    for (let bit = 14; bit >= 7; bit--) if (v & (1 << bit)) v ^= 0x89 << (bit - 7);
    t[i] = v;
  }
  return t;
})();

/** crc7 of `buf[start, end)` (0..127). */
export function crc7(buf: Uint8Array, start = 0, end = buf.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = TABLE[((crc << 1) ^ buf[i]) & 0xff];
  return crc;
}

/**
 * fio's crc64 (`verify=crc64`): the Jones polynomial, reflected
 * (0x95AC9329AC4BC9B5), register starting at 0 with no final inversion
 * (measured against files fio 3.33 wrote).
 * The 64-bit register is kept as two 32-bit halves so no BigInt is used.
 */

const POLY_HI = 0x95ac9329;
const POLY_LO = 0xac4bc9b5;

const HI = new Int32Array(256);
const LO = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  let hi = 0, lo = i;
  for (let k = 0; k < 8; k++) {
    const carry = lo & 1;
    lo = (lo >>> 1) | ((hi & 1) << 31);
    hi = hi >>> 1;
    if (carry) {
      hi ^= POLY_HI;
      lo ^= POLY_LO;
    }
  }
  HI[i] = hi;
  LO[i] = lo;
}

/** The last result's halves (module scratch, read right after {@link crc64}). */
export const crc64Out = new Uint32Array(2);

/**
 * crc64 of `buf[start, end)`: the low half is returned and both halves are
 * left in {@link crc64Out} ([0] low, [1] high).
 */
export function crc64(buf: Uint8Array, start = 0, end = buf.length): number {
  let hi = 0, lo = 0;
  for (let i = start; i < end; i++) {
    const x = (lo ^ buf[i]) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ LO[x];
    hi = (hi >>> 8) ^ HI[x];
  }
  crc64Out[0] = lo >>> 0;
  crc64Out[1] = hi >>> 0;
  return lo >>> 0;
}

/** The CRC kernels on standard check vectors ("123456789") and edge cases. */
import assert from "node:assert/strict";
import { crc32, crc32c } from "../../../../src/worker/verify/checksums/crc32.ts";
import { crc16 } from "../../../../src/worker/verify/checksums/crc16.ts";
import { crc7 } from "../../../../src/worker/verify/checksums/crc7.ts";
import { crc64, crc64Out } from "../../../../src/worker/verify/checksums/crc64.ts";
import { xxhash32 } from "../../../../src/worker/verify/checksums/xxhash.ts";

const CHECK = new TextEncoder().encode("123456789");

Deno.test("crc32c: Castagnoli register, not inverted (fio's variant)", () => {
  // The standard CRC-32C check value is 0xe3069283; fio keeps the register.
  assert.equal(crc32c(CHECK), (~0xe3069283) >>> 0);
  assert.equal(crc32c(new Uint8Array(0)), 0xffffffff);
});

Deno.test("crc32c: the same over any alignment and length (slicing and tails)", () => {
  const buf = new Uint8Array(300);
  for (let i = 0; i < buf.length; i++) buf[i] = (i * 131 + 7) & 0xff;
  const slow = (s: number, e: number) => {
    let c = -1;
    for (let i = s; i < e; i++) {
      c ^= buf[i];
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    }
    return c >>> 0;
  };
  for (const [s, e] of [[0, 300], [1, 299], [3, 20], [5, 5], [7, 71], [44, 300]]) {
    assert.equal(crc32c(buf, s, e), slow(s, e), `${s}..${e}`);
  }
});

Deno.test("crc32: MSB-first IEEE polynomial from 0, no inversion (CRC-32/MPEG-2 without init)", () => {
  // Computed bit by bit from the polynomial.
  let c = 0;
  for (const b of CHECK) {
    c ^= b << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
  }
  assert.equal(crc32(CHECK), c >>> 0);
  assert.equal(crc32(new Uint8Array([0])), 0);
});

Deno.test("crc16: CRC-16/ARC check value", () => {
  assert.equal(crc16(CHECK), 0xbb3d);
});

Deno.test("crc7: the MMC polynomial from 0", () => {
  // CRC-7/MMC check value for "123456789" is 0x75.
  assert.equal(crc7(CHECK), 0x75);
});

Deno.test("crc64: reflected Jones polynomial from 0, no inversion", () => {
  // CRC-64/Redis (same polynomial and settings) check value 0xe9c6d914c4b8d9ca.
  crc64(CHECK);
  assert.equal(crc64Out[1], 0xe9c6d914);
  assert.equal(crc64Out[0], 0xc4b8d9ca);
});

Deno.test("xxhash32: reference values", () => {
  // XXH32("", 0) = 0x02cc5d05; XXH32("abc", 0) = 0x32d153ff.
  assert.equal(xxhash32(new Uint8Array(0), 0, 0, 0), 0x02cc5d05);
  assert.equal(xxhash32(new TextEncoder().encode("abc"), 0, 3, 0), 0x32d153ff);
  const long = new TextEncoder().encode("Nobody inspects the spammish repetition");
  assert.equal(xxhash32(long, 0, long.length, 0), 0xe2293b2f);
});

/** fio's 40-byte verify header: encode, decode, and fio's own bytes. */
import assert from "node:assert/strict";
import {
  HEADER_MAGIC,
  headerCrc,
  readHeader,
  swapBytes,
  VerifyHeader,
  writeHeader,
} from "../../../src/worker/verify/header.ts";

/** The first 40 bytes fio 3.33 wrote for block 0 of a crc32c job. */
const FIO_HEADER =
  "caac0500001000003c5409c501cca40000000000000000000000000031b03a07010000008330b7f8";

function unhex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g)!.map((h) => parseInt(h, 16)));
}

Deno.test("a header fio wrote decodes field by field, and its crc32c checks", () => {
  const b = unhex(FIO_HEADER);
  const h = readHeader(b, 0, new VerifyHeader());
  assert.equal(h.magic, HEADER_MAGIC);
  assert.equal(h.type, 5);
  assert.equal(h.len, 4096);
  assert.equal(h.seedHi, 0x00a4cc01);
  assert.equal(h.seedLo, 0xc509543c);
  assert.equal(h.offset, 0);
  assert.equal(h.thread, 1);
  assert.equal(h.numberio, 0);
  assert.equal(h.timeSec, 0);
  assert.equal(h.timeNsec, 0x073ab031);
  assert.equal(h.crc, 0xf8b73083);
  assert.equal(headerCrc(b, 0), h.crc);
});

Deno.test("writeHeader reproduces fio's bytes from the same fields", () => {
  const b = new Uint8Array(48);
  writeHeader(b, 0, {
    type: 5,
    len: 4096,
    seedLo: 0xc509543c,
    seedHi: 0x00a4cc01,
    offset: 0,
    timeSec: 0,
    timeNsec: 0x073ab031,
    thread: 1,
    numberio: 0,
  });
  assert.deepEqual(b.subarray(0, 40), unhex(FIO_HEADER));
});

Deno.test("offsets above 2^32 and numberio above 16 bits", () => {
  const b = new Uint8Array(40);
  const off = 5 * 2 ** 32 + 8192;
  writeHeader(b, 0, {
    type: 2,
    len: 512,
    seedLo: 1,
    seedHi: 2,
    offset: off,
    timeSec: 3,
    timeNsec: 4,
    thread: 7,
    numberio: 0x12345,
  });
  const h = readHeader(b, 0, new VerifyHeader());
  assert.equal(h.offset, off);
  assert.equal(h.numberio, 0x2345);
  assert.equal(h.thread, 7);
  assert.equal(headerCrc(b, 0), h.crc);
});

Deno.test("swapBytes swaps back and forth (verify_offset)", () => {
  const b = Uint8Array.from({ length: 16 }, (_, i) => i);
  swapBytes(b, 0, 8, 4);
  assert.deepEqual(Array.from(b.subarray(0, 12)), [8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3]);
  swapBytes(b, 0, 8, 4);
  assert.deepEqual(Array.from(b), Array.from({ length: 16 }, (_, i) => i));
});

/**
 * fio's per-chunk verify header (40 bytes, little-endian, as fio 3.33
 * writes it; measured by dumping files it wrote):
 *
 *   0  u16 magic 0xacca      2  u16 verify_type    4  u32 len (chunk)
 *   8  u64 rand_seed        16  u64 offset (chunk, in the file)
 *  24  u32 time_sec         28  u32 time_nsec
 *  32  u16 thread (job nr)  34  u16 numberio (write sequence, low 16 bits)
 *  36  u32 crc32c of bytes 0..35
 *
 * The method's checksum follows at byte 40. The 64-bit fields are handled
 * as two 32-bit halves so nothing here needs BigInt.
 */

import { crc32c } from "./checksums/crc32.ts";

/** Bytes of the header itself. */
export const HEADER_SIZE = 40;
/** fio's header magic. */
export const HEADER_MAGIC = 0xacca;
/** Offset of the header checksum. */
export const HEADER_CRC_AT = 36;

/** A decoded header (the checker fills one, reused; 64-bit values split). */
export class VerifyHeader {
  magic = 0;
  type = 0;
  len = 0;
  seedLo = 0;
  seedHi = 0;
  /** Chunk offset (a safe integer). */
  offset = 0;
  timeSec = 0;
  timeNsec = 0;
  thread = 0;
  numberio = 0;
  crc = 0;
}

/** Little-endian uint32 at `buf[at]`. */
export function get32(buf: Uint8Array, at: number): number {
  return (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24)) >>> 0;
}

/** Stores `v` as little-endian uint32 at `buf[at]`. */
export function put32(buf: Uint8Array, at: number, v: number): void {
  buf[at] = v & 0xff;
  buf[at + 1] = (v >>> 8) & 0xff;
  buf[at + 2] = (v >>> 16) & 0xff;
  buf[at + 3] = (v >>> 24) & 0xff;
}

function put16(buf: Uint8Array, at: number, v: number): void {
  buf[at] = v & 0xff;
  buf[at + 1] = (v >>> 8) & 0xff;
}

function get16(buf: Uint8Array, at: number): number {
  return buf[at] | (buf[at + 1] << 8);
}

/** The fields of a header to write. */
export interface HeaderFields {
  type: number;
  len: number;
  seedLo: number;
  seedHi: number;
  offset: number;
  timeSec: number;
  timeNsec: number;
  thread: number;
  numberio: number;
}

/** Writes a header (with its crc32c) at `buf[at]`. */
export function writeHeader(buf: Uint8Array, at: number, h: HeaderFields): void {
  put16(buf, at, HEADER_MAGIC);
  put16(buf, at + 2, h.type);
  put32(buf, at + 4, h.len);
  put32(buf, at + 8, h.seedLo);
  put32(buf, at + 12, h.seedHi);
  put32(buf, at + 16, h.offset % 4294967296);
  put32(buf, at + 20, Math.floor(h.offset / 4294967296));
  put32(buf, at + 24, h.timeSec);
  put32(buf, at + 28, h.timeNsec);
  put16(buf, at + 32, h.thread);
  put16(buf, at + 34, h.numberio & 0xffff);
  put32(buf, at + HEADER_CRC_AT, crc32c(buf, at, at + HEADER_CRC_AT));
}

/** Reads the header at `buf[at]` into `h`. */
export function readHeader(buf: Uint8Array, at: number, h: VerifyHeader): VerifyHeader {
  h.magic = get16(buf, at);
  h.type = get16(buf, at + 2);
  h.len = get32(buf, at + 4);
  h.seedLo = get32(buf, at + 8);
  h.seedHi = get32(buf, at + 12);
  h.offset = get32(buf, at + 16) + get32(buf, at + 20) * 4294967296;
  h.timeSec = get32(buf, at + 24);
  h.timeNsec = get32(buf, at + 28);
  h.thread = get16(buf, at + 32);
  h.numberio = get16(buf, at + 34);
  h.crc = get32(buf, at + HEADER_CRC_AT);
  return h;
}

/** The crc32c a header at `buf[at]` should carry. */
export function headerCrc(buf: Uint8Array, at: number): number {
  return crc32c(buf, at, at + HEADER_CRC_AT);
}

/** Swaps `len` bytes at `a` and `b` (verify_offset moves the header this way). */
export function swapBytes(buf: Uint8Array, a: number, b: number, len: number): void {
  for (let i = 0; i < len; i++) {
    const t = buf[a + i];
    buf[a + i] = buf[b + i];
    buf[b + i] = t;
  }
}

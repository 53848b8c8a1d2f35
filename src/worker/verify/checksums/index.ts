/**
 * Every data checksum `verify=` can store after the block header, by fio
 * name: its type code in the header, its size in bytes and how to compute
 * it. A checksum is written into a byte array in the order fio keeps it in
 * memory (integers little-endian, digests as they come), so "expected" and
 * "received" compare and print byte for byte.
 */

import { crc16 } from "./crc16.ts";
import { crc32, crc32c } from "./crc32.ts";
import { crc64, crc64Out } from "./crc64.ts";
import { crc7 } from "./crc7.ts";
import { digestInto } from "./digests.ts";
import { fioSha1, fioSha256, fioSha512 } from "./fio_sha.ts";
import { xxhash32 } from "./xxhash.ts";

/** A checksum over `buf[start, end)` written into `out[at, at + size)`. */
export type ChecksumFn = (
  buf: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  at: number,
) => void;

/** One verify method that stores a checksum. */
export interface ChecksumKind {
  /** fio's name (verify=...). */
  readonly name: string;
  /** verify_type in the block header. */
  readonly type: number;
  /** Bytes of checksum stored after the header. */
  readonly size: number;
  /** Computes it. */
  readonly compute: ChecksumFn;
  /** It goes through node:crypto, which must be loaded first (digests.ts). */
  readonly viaNodeCrypto?: true;
}

function put32(out: Uint8Array, at: number, v: number): void {
  out[at] = v & 0xff;
  out[at + 1] = (v >>> 8) & 0xff;
  out[at + 2] = (v >>> 16) & 0xff;
  out[at + 3] = (v >>> 24) & 0xff;
}

function digest(name: string, type: number, size: number): ChecksumKind {
  return {
    name,
    type,
    size,
    compute: (buf, start, end, out, at) => digestInto(name, buf, start, end, out, at),
    viaNodeCrypto: true,
  };
}

const CRC32C: ChecksumKind = {
  name: "crc32c",
  type: 5,
  size: 4,
  compute: (buf, start, end, out, at) => put32(out, at, crc32c(buf, start, end)),
};

/** Checksum methods by fio name (crc32c-intel is crc32c, as in fio). */
export const CHECKSUMS: Readonly<Record<string, ChecksumKind>> = {
  md5: digest("md5", 2, 16),
  crc64: {
    name: "crc64",
    type: 3,
    size: 8,
    compute: (buf, start, end, out, at) => {
      crc64(buf, start, end);
      put32(out, at, crc64Out[0]);
      put32(out, at + 4, crc64Out[1]);
    },
  },
  crc32: {
    name: "crc32",
    type: 4,
    size: 4,
    compute: (buf, start, end, out, at) => put32(out, at, crc32(buf, start, end)),
  },
  "crc32c-intel": CRC32C,
  crc32c: CRC32C,
  crc16: {
    name: "crc16",
    type: 7,
    size: 2,
    compute: (buf, start, end, out, at) => {
      const v = crc16(buf, start, end);
      out[at] = v & 0xff;
      out[at + 1] = v >>> 8;
    },
  },
  crc7: {
    name: "crc7",
    type: 8,
    size: 1,
    compute: (buf, start, end, out, at) => {
      out[at] = crc7(buf, start, end);
    },
  },
  sha256: { name: "sha256", type: 9, size: 64, compute: fioSha256 },
  sha512: { name: "sha512", type: 10, size: 128, compute: fioSha512 },
  "sha3-224": digest("sha3-224", 11, 28),
  "sha3-256": digest("sha3-256", 12, 32),
  "sha3-384": digest("sha3-384", 13, 48),
  "sha3-512": digest("sha3-512", 14, 64),
  xxhash: {
    name: "xxhash",
    type: 15,
    size: 4,
    compute: (buf, start, end, out, at) => put32(out, at, xxhash32(buf, start, end, 1)),
  },
  sha1: { name: "sha1", type: 16, size: 20, compute: fioSha1, viaNodeCrypto: true },
};

/** Whether `verify=method` computes its checksum through node:crypto. */
export function needsDigests(method: string): boolean {
  return Object.hasOwn(CHECKSUMS, method) && CHECKSUMS[method].viaNodeCrypto === true;
}

/** verify_type codes of the methods without a data checksum. */
export const VERIFY_TYPE = {
  /** verify=meta: header only. */
  meta: 1,
  /** verify=pattern: no header, only the pattern. */
  pattern: 17,
  /** verify=null: nothing stored or checked. */
  null: 19,
} as const;

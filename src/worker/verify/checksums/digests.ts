/**
 * The standard digests of `verify=` (md5, sha3-*), through node:crypto's
 * synchronous createHash (OpenSSL); fio stores them as they come. sha1,
 * sha256 and sha512 are fio-specific (see fio_sha.ts).
 */

import { createHash } from "node:crypto";

/** node:crypto algorithm name for each verify type that is a digest. */
export const DIGEST_ALGORITHMS: Readonly<Record<string, string>> = {
  md5: "md5",
  "sha3-224": "sha3-224",
  "sha3-256": "sha3-256",
  "sha3-384": "sha3-384",
  "sha3-512": "sha3-512",
};

/** Writes the `algorithm` digest of `buf[start, end)` into `out` at `at`. */
export function digestInto(
  algorithm: string,
  buf: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  at: number,
): void {
  const d = createHash(algorithm).update(buf.subarray(start, end)).digest();
  out.set(d, at);
}

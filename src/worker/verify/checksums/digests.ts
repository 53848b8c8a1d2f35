/**
 * The standard digests of `verify=` (md5, sha3-*, and the sha1 under fio's
 * sha1), through node:crypto's synchronous createHash (OpenSSL); fio stores
 * them as they come. sha256 and sha512 are fio-specific (see fio_sha.ts).
 *
 * node:crypto is loaded only by the jobs (and verify_async helpers) whose
 * method needs it (`needsDigests` in index.ts), with `loadDigests` before
 * they start: importing it brings in Deno's Node layer, 13-20 ms of each
 * Worker's start-up, more than the rest of the bundled job module.
 */

import type * as NodeCrypto from "node:crypto";

let createHash: typeof NodeCrypto.createHash | null = null;

/** Loads node:crypto for `digest`; once per isolate. */
export async function loadDigests(): Promise<void> {
  if (createHash === null) createHash = (await import("node:crypto")).createHash;
}

/** The `algorithm` digest of `data`; `loadDigests` must have finished. */
export function digest(algorithm: string, data: Uint8Array): Uint8Array {
  if (createHash === null) throw new Error(`${algorithm} digest used before loadDigests()`);
  return createHash(algorithm).update(data).digest();
}

/** Writes the `algorithm` digest of `buf[start, end)` into `out` at `at`. */
export function digestInto(
  algorithm: string,
  buf: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  at: number,
): void {
  out.set(digest(algorithm, buf.subarray(start, end)), at);
}

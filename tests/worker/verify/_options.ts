/** Verify options for the in-process Verifier tests: crc32c, header on, everything else off. */
import { CHECKSUMS } from "../../../src/worker/verify/checksums/index.ts";
import type { VerifyOptions } from "../../../src/worker/verify/options.ts";
import { loadDigests } from "../../../src/worker/verify/checksums/digests.ts";

// A job's Worker loads node:crypto before it starts (src/worker/job.ts); the
// in-process tests that use these options do it here, once.
await loadDigests();

/** A write-then-verify job's options for `method` (default crc32c), with `over` applied. */
export function verifyOptions(
  over: Partial<VerifyOptions> = {},
  method = "crc32c",
): VerifyOptions {
  const kind = CHECKSUMS[method];
  return {
    method,
    kind,
    type: kind.type,
    header: true,
    headerBytes: 40 + kind.size,
    check: true,
    doVerify: true,
    interval: 0,
    offset: 0,
    pattern: null,
    patternOffsets: [],
    fatal: false,
    dump: false,
    backlog: 0,
    backlogBatch: 0,
    verifyOnly: false,
    writes: true,
    readOnly: false,
    reads: false,
    timeBased: false,
    checkSeed: false,
    checkNumberio: true,
    sorted: false,
    thread: 1,
    dumpDir: ".",
    use64: false,
    experimental: false,
    ...over,
  };
}

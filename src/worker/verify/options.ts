/**
 * A job's verify settings, read once from its JobSpec, with fio's checks
 * of impossible combinations.
 */

import { FioError } from "../../errors.ts";
import { boolOption, isSet, numberOption, optionValue, stringOption } from "../../job/options.ts";
import type { JobSpec } from "../../job/spec.ts";
import type { JobRunOptions } from "../job_options.ts";
import { type ChecksumKind, CHECKSUMS, VERIFY_TYPE } from "./checksums/index.ts";
import { HEADER_SIZE } from "./header.ts";
import { readTrimOptions, type TrimOptions } from "./trim.ts";

/** What a job's verify does. */
export interface VerifyOptions {
  /** fio's method name (crc32c, meta, pattern, null, ...). */
  readonly method: string;
  /** The data checksum, or null (meta, pattern, null). */
  readonly kind: ChecksumKind | null;
  /** verify_type written in headers. */
  readonly type: number;
  /** Whether blocks carry fio's header (all but pattern and null). */
  readonly header: boolean;
  /** Bytes of header plus checksum at the start of each chunk. */
  readonly headerBytes: number;
  /** Whether anything is checked on read (not verify=null). */
  readonly check: boolean;
  /** do_verify: the verify phase after each write pass. */
  readonly doVerify: boolean;
  /** verify_interval (0: the whole block is one chunk). */
  readonly interval: number;
  /** verify_offset (0: header at the chunk start). */
  readonly offset: number;
  /** verify_pattern bytes (null: random data) and its `%o` slots. */
  readonly pattern: Uint8Array | null;
  readonly patternOffsets: readonly number[];
  readonly fatal: boolean;
  readonly dump: boolean;
  /** verify_backlog (0: off) and verify_backlog_batch. */
  readonly backlog: number;
  readonly backlogBatch: number;
  readonly verifyOnly: boolean;
  /** The job writes (verified writes are logged) / reads only (every read is checked). */
  readonly writes: boolean;
  readonly readOnly: boolean;
  /** The job reads too (rw, randrw). */
  readonly reads: boolean;
  /** time_based. */
  readonly timeBased: boolean;
  /** fio checks the header's rand_seed (mixed read/write jobs without backlog). */
  readonly checkSeed: boolean;
  /** fio checks numberio (writing job, one block size, not time_based, not verify_only). */
  readonly checkNumberio: boolean;
  /** The history is read sorted by offset (random writes without a random map). */
  readonly sorted: boolean;
  /** The job number stored in headers. */
  readonly thread: number;
  /** Where verify_dump files go (the working directory, as fio). */
  readonly dumpDir: string;
  /** tausworthe64 verify stream. */
  readonly use64: boolean;
  /**
   * experimental_verify: fio replays the write pass's offsets instead of
   * keeping a history. dfio still logs each write (32 bytes) but reads them
   * back exactly as fio's replay does: in write order, every write
   * (overwritten blocks included, so with norandommap fio 3.33 reports a
   * numberio mismatch on them, and so does dfio), verify_backlog ignored.
   */
  readonly experimental: boolean;
  /** trim_percentage and its companions (trim.ts), or null. */
  readonly trim?: TrimOptions | null;
}

/** The job's verify settings, or null when `verify` is off. */
export function readVerifyOptions(spec: JobSpec, run: JobRunOptions): VerifyOptions | null {
  const method = stringOption(spec, "verify", "0");
  if (method === "0" || method === "none" || method === "") return null;
  const kind = CHECKSUMS[method] ?? null;
  const header = method !== "pattern" && method !== "null";
  const headerBytes = header ? HEADER_SIZE + (kind?.size ?? 0) : 0;
  const type = kind !== null
    ? kind.type
    : method === "meta"
    ? VERIFY_TYPE.meta
    : method === "pattern"
    ? VERIFY_TYPE.pattern
    : VERIFY_TYPE.null;
  const pat = optionValue(spec, "verify_pattern") as
    | { bytes?: number[]; offsets?: number[] }
    | undefined;
  const pattern = pat && Array.isArray(pat.bytes) && pat.bytes.length > 0
    ? Uint8Array.from(pat.bytes)
    : null;
  if (method === "pattern" && pattern === null) {
    throw new FioError("fio: verify=pattern needs verify_pattern to be set");
  }
  const rw = run.rw;
  if (rw.trimWrite && rw.random && run.norandommap) {
    // fio drops history entries a trim overlaps (trim_io_piece): not reproduced.
    throw new FioError(
      "fio: verify with rw=randtrimwrite and norandommap is not supported yet",
    );
  }
  const minBs = Math.min(...run.bs.minBs.filter((_, d) => [rw.read, rw.write, rw.trim][d]));
  const maxBs = Math.max(...run.bs.maxBs);
  let interval = numberOption(spec, "verify_interval", 0);
  if (interval > minBs) interval = minBs;
  const offset = numberOption(spec, "verify_offset", 0);
  const chunk = interval > 0 ? interval : minBs;
  if (header && offset > 0 && offset + headerBytes > chunk) {
    throw new FioError(`fio: verify_offset too big (${offset} + header ${headerBytes} > ${chunk})`);
  }
  if (interval > 0 && maxBs % interval !== 0) {
    // fio checksums past the buffer end for a short last chunk; not reproducible.
    throw new FioError(
      "fio: a verify_interval that does not divide the block size is not supported yet",
    );
  }
  const experimental = boolOption(spec, "experimental_verify");
  // fio's replay needs no history, so it has nothing for backlog reads.
  const backlogOption = numberOption(spec, "verify_backlog", 0);
  const backlog = experimental ? 0 : backlogOption;
  if (experimental && run.loops > 1 && rw.write) {
    // fio 3.33 verifies only after the first pass and then writes loops-2
    // more passes: not reproduced.
    throw new FioError("fio: experimental_verify with loops > 1 is not supported yet");
  }
  const verifyOnly = isSet(spec, "verify_only") && boolOption(spec, "verify_only", true);
  const writes = rw.write;
  return {
    method,
    kind,
    type,
    header,
    headerBytes,
    check: method !== "null",
    doVerify: boolOption(spec, "do_verify", true),
    interval,
    offset: header ? offset : 0,
    pattern,
    patternOffsets: pat?.offsets ?? [],
    fatal: boolOption(spec, "verify_fatal"),
    dump: boolOption(spec, "verify_dump"),
    backlog: writes && !verifyOnly ? backlog : 0,
    backlogBatch: numberOption(spec, "verify_backlog_batch", 0) || backlog,
    verifyOnly,
    writes,
    readOnly: !writes && rw.read,
    reads: rw.read,
    timeBased: run.timeBased,
    checkSeed: rw.read && rw.write && backlogOption === 0,
    checkNumberio: writes && run.bs.minBs.every((b, d) => b === run.bs.maxBs[d]) &&
      !run.timeBased && !verifyOnly,
    sorted: rw.random && run.norandommap && !experimental,
    thread: spec.jobNumber,
    // fio writes dumps in the working directory (or --aux-path, not supported).
    dumpDir: ".",
    use64: run.randomGenerator === "tausworthe64",
    experimental,
    // fio picks writes to trim only when it will verify them.
    trim: writes && !verifyOnly && !experimental && boolOption(spec, "do_verify", true)
      ? readTrimOptions(spec, run, backlog)
      : null,
  };
}

/**
 * fio's warnings about a verifying job, printed when it starts: writers
 * sharing a file (numjobs clones on one filename) can overwrite each
 * other's blocks; a time_based write-only job never reaches its verify phase.
 */
export function verifyWarnings(spec: JobSpec, v: VerifyOptions): string[] {
  const out: string[] = [];
  if (v.writes && numberOption(spec, "numjobs", 1) > 1 && isSet(spec, "filename")) {
    out.push(
      "fio: multiple writers may overwrite blocks that belong to other jobs. This can cause verification failures.",
    );
  }
  if (v.timeBased && v.doVerify && v.writes && !v.reads && v.backlog === 0 && !v.verifyOnly) {
    out.push(
      "fio: verification read phase will never start because write phase uses all of runtime",
    );
  }
  return out;
}

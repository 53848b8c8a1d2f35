/**
 * fio's `sync_file_range=flags:N`: after every N writes the job issues a
 * sync_file_range(2) with the flags over the part of the file written since
 * the last one. Measured on fio 3.33 (strace, 8 sequential 4k writes,
 * `write:3`): ranges (0, 12288) then (12288, 12288).
 *
 * Accounting, as fio 3.33 reports it: the call's latency goes into the
 * sync latency block (fsync/fdatasync/sync_file_range), but not into the
 * sync I/O count (the fourth `issued rwts` total), and each one adds a
 * short write (`short=0,N`), because fio treats the call's 0 result as a
 * transfer short of the range length.
 */

import type { EngineFile, IoUnit } from "../engines/types.ts";
import { optionValue } from "../job/options.ts";
import type { JobSpec } from "../job/spec.ts";
import { SYNC_FILE_RANGE } from "../sys/libc.ts";
import type { Collector } from "./collect.ts";

/** The sync_file_range option as the loop needs it. */
export interface SyncRangeOptions {
  /** SYNC_FILE_RANGE_* flags for the call. */
  readonly flags: number;
  /** One call every `nr` writes. */
  readonly nr: number;
}

/** Reads sync_file_range from `spec`; null when unset (or nr is 0). */
export function readSyncRange(spec: JobSpec): SyncRangeOptions | null {
  const v = optionValue(spec, "sync_file_range") as { flags?: string[]; nr?: number } | undefined;
  if (!v || !Array.isArray(v.flags) || !(Number(v.nr) > 0)) return null;
  let flags = 0;
  for (const f of v.flags) {
    if (f === "wait_before") flags |= SYNC_FILE_RANGE.WAIT_BEFORE;
    else if (f === "write") flags |= SYNC_FILE_RANGE.WRITE;
    else if (f === "wait_after") flags |= SYNC_FILE_RANGE.WAIT_AFTER;
  }
  return { flags, nr: Number(v.nr) };
}

/** Per-file written ranges since the last sync_file_range (fio's first/last_write). */
export class SyncRanges {
  private readonly index = new Map<EngineFile, number>();
  private readonly first: Float64Array;
  private readonly last: Float64Array;

  constructor(files: readonly EngineFile[]) {
    files.forEach((f, i) => this.index.set(f, i));
    this.first = new Float64Array(files.length).fill(-1);
    this.last = new Float64Array(files.length).fill(-1);
  }

  /** Notes `bytes` written at `offset` of `file`. */
  wrote(file: EngineFile, offset: number, bytes: number): void {
    const i = this.index.get(file);
    if (i === undefined) return;
    if (this.first[i] < 0 || offset < this.first[i]) this.first[i] = offset;
    if (this.last[i] < 0 || offset + bytes > this.last[i]) this.last[i] = offset + bytes;
  }

  /** Points `io` (a SYNC_FILE_RANGE unit for `file`) at the range written since the last one. */
  fill(io: IoUnit, file: EngineFile): void {
    const i = this.index.get(file);
    if (i === undefined || this.first[i] < 0) {
      io.offset = 0;
      io.buflen = 0;
      return;
    }
    io.offset = this.first[i];
    io.buflen = this.last[i] - this.first[i];
    this.first[i] = -1;
    this.last[i] = -1;
  }

  /** Accounts a finished call the way fio 3.33 does (see the module doc). */
  completed(c: Collector, latNs: number): void {
    c.syncLat.add(latNs);
    c.syncHist.add(latNs);
    c.short[1]++;
  }
}

/**
 * fio's continue_on_error / ignore_error rules: which failed I/Os a job
 * counts and carries on after. Measured on fio 3.33:
 *
 * - Errors fall in three kinds: verify (any EILSEQ), read (a failed read),
 *   write (everything else: writes, trims, syncs).
 * - `continue_on_error` is a mask of kinds (none, read, write, io = read +
 *   write, verify, all; `0` none, `1` all). `ignore_error` lists errnos per
 *   kind (`READ,WRITE,VERIFY`); a kind without a list ignores EIO and
 *   EILSEQ only. Setting a kind's list also adds that kind to the mask, so
 *   `ignore_error=,ENOSPC` alone keeps a job going after ENOSPC writes, and
 *   a later `continue_on_error=` replaces the mask (order matters).
 * - An error of a kind in the mask is counted (total_err, first_error),
 *   fatal or not; it is non-fatal only when its errno is on the kind's list.
 *   A non-fatal error prints nothing, adds no bytes or latency (the I/O
 *   still counts as issued) and leaves the job's error at 0 (exit status 0),
 *   while the report shows first_error with the engine's error text.
 * - The report carries total_err/first_error (JSON, terse, normal
 *   "errors" line) whenever the mask is not empty.
 *
 * Everything here runs on the error path only: no cost per successful I/O.
 */

import type { JobSpec } from "../job/spec.ts";
import { isSet, numberOption, optionValue } from "../job/options.ts";
import { errnoMessage } from "../sys/errno.ts";
import type { JobResult } from "../stats/result.ts";

/** Error kinds as fio numbers them (bit positions in the mask). */
export const ErrorKind = { READ: 0, WRITE: 1, VERIFY: 2 } as const;

/** continue_on_error keywords and their masks. */
const COE_MASK: Readonly<Record<string, number>> = {
  none: 0,
  "0": 0,
  read: 1,
  write: 2,
  io: 3,
  verify: 4,
  all: 7,
  "1": 7,
};

const EIO = 5, EINVAL = 22, ENOSPC = 28, EILSEQ = 84, EDQUOT = 122;
/** What a kind ignores when ignore_error gives it no list. */
const DEFAULT_IGNORED: readonly number[] = [EIO, EILSEQ];

/** The job's error rules as plain data (part of JobRunOptions). */
export interface ErrorPolicyOptions {
  /** Mask of kinds whose errors are counted and may be ignored. */
  readonly mask: number;
  /** Errnos ignored per kind (read, write, verify). */
  readonly ignored: readonly (readonly number[])[];
  /**
   * The error text the engine leaves for an I/O error it reports itself
   * (fio's td_verror in the sync engines), or "" for engines that do not.
   */
  readonly engineFunc: string;
  /** direct=1: a first I/O failing with EINVAL gets fio's O_DIRECT hint. */
  readonly direct: boolean;
  /** fill_device: ENOSPC on a write ends the job without an error. */
  readonly fillDevice: boolean;
}

/** Where fio's sync engines report a failed transfer. */
function engineFunc(ioengine: string): string {
  switch (ioengine) {
    case "sync":
    case "psync":
    case "pvsync":
    case "pvsync2":
      return "file:engines/sync.c:126, func=xfer";
    case "vsync":
      return "file:engines/sync.c:364, func=xfer vsync";
    default:
      return "";
  }
}

/** Reads continue_on_error and ignore_error from `spec` (order-aware, as fio). */
export function readErrorPolicy(spec: JobSpec): ErrorPolicyOptions {
  const raw = optionValue(spec, "ignore_error") as number[][] | undefined;
  const lists = [0, 1, 2].map((k) => (Array.isArray(raw) ? raw[k] ?? [] : []));
  let ignoreMask = 0;
  for (let k = 0; k < 3; k++) if (lists[k].length > 0) ignoreMask |= 1 << k;
  const coeSet = isSet(spec, "continue_on_error");
  const coe = COE_MASK[String(optionValue(spec, "continue_on_error") ?? "none")] ?? 0;
  let mask: number;
  if (!coeSet) mask = ignoreMask;
  else if (!isSet(spec, "ignore_error")) mask = coe;
  else mask = ignoreErrorLast(spec) ? coe | ignoreMask : coe;
  return {
    mask,
    ignored: lists.map((l) => (l.length > 0 ? l : DEFAULT_IGNORED)),
    engineFunc: engineFunc(spec.ioengine),
    direct: numberOption(spec, "direct") !== 0,
    fillDevice: numberOption(spec, "fill_device") !== 0,
  };
}

/**
 * Whether ignore_error was set after continue_on_error. Options of the
 * job's own section come after inherited ones; two inherited ones are taken
 * in fio's table order (continue_on_error first).
 */
function ignoreErrorLast(spec: JobSpec): boolean {
  let last = "";
  for (const o of spec.jobOptions) {
    if (o.name === "continue_on_error" || o.name === "ignore_error") last = o.name;
  }
  return last !== "continue_on_error";
}

/** The kind fio files an error under, from the I/O direction and errno. */
export function errorKind(ddir: number, err: number): number {
  if (err === EILSEQ) return ErrorKind.VERIFY;
  return ddir === 0 ? ErrorKind.READ : ErrorKind.WRITE;
}

/** What fio adds to a job's report under continue_on_error. */
export interface ErrorReport {
  readonly continueOnError: boolean;
  readonly totalErrors: number;
  readonly firstError: number;
}

/** One job's error counters and verdicts. */
export class ErrorPolicy {
  readonly opts: ErrorPolicyOptions;
  /** Errors counted (fio's total_err_count). */
  totalErrors = 0;
  /** The first counted errno (fio's first_error). */
  firstError = 0;
  /** The engine's text for the last ignored error ("" when none). */
  lastText = "";
  private hinted = false;

  constructor(opts: ErrorPolicyOptions) {
    this.opts = opts;
  }

  /**
   * Counts a failed I/O (direction `ddir`, errno `err`) per the mask and
   * returns whether the job carries on (the error is non-fatal).
   * `fromEngine`: the engine reported it (false for verify mismatches,
   * which leave the job's error text alone).
   */
  record(ddir: number, err: number, fromEngine = true): boolean {
    const kind = errorKind(ddir, err);
    if ((this.opts.mask & (1 << kind)) === 0) return false;
    if (this.totalErrors++ === 0) this.firstError = err;
    if (!this.opts.ignored[kind].includes(err)) return false;
    if (fromEngine && this.opts.engineFunc !== "") {
      this.lastText = `${this.opts.engineFunc}, error=${errnoMessage(err)}`;
    }
    return true;
  }

  /**
   * fill_device: whether this failure is the device filling up (ENOSPC or
   * EDQUOT on a write), which ends the job cleanly; fio still prints the io_u error
   * line and counts the I/O as issued.
   */
  deviceFull(ddir: number, err: number): boolean {
    return this.opts.fillDevice && (err === ENOSPC || err === EDQUOT) && ddir === 1;
  }

  /**
   * fio's hint after a failed first O_DIRECT I/O (printed once per job,
   * whether the error is ignored or not); null when it does not apply.
   * `bytesDone`: bytes the job completed so far.
   */
  directHint(err: number, bytesDone: number): string | null {
    if (this.hinted || !this.opts.direct || err !== EINVAL || bytesDone > 0) return null;
    this.hinted = true;
    return "fio: first direct IO errored. File system may not support direct IO, " +
      "or iomem_align= is bad, or invalid block size. Try setting direct=0.";
  }

  /** The report fields, or null when continue_on_error is off (fio prints none). */
  report(): ErrorReport | null {
    if (this.opts.mask === 0) return null;
    return {
      continueOnError: true,
      totalErrors: this.totalErrors,
      firstError: this.firstError,
    };
  }
}

/**
 * Adds continue_on_error's fields to a job's result; a job whose errors
 * were all ignored keeps error 0 but shows the engine's text for them.
 */
export function addErrorReport(result: JobResult, policy: ErrorPolicy): void {
  const r = policy.report();
  if (r === null) return;
  result.continueOnError = r.continueOnError;
  result.totalErrors = r.totalErrors;
  result.firstError = r.firstError;
  if (result.error === 0 && r.firstError !== 0) result.errorText = policy.lastText;
}

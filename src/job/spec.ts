/**
 * JobSpec: one job as the run core sees it. Plain data, posted to the job's
 * Worker as is.
 */
import type { ParsedValue } from "../options/types.ts";

/** An option as the user set it: canonical name and the text given. */
export interface SetOption {
  /** Canonical option name (aliases resolved). */
  readonly name: string;
  /** The value as written; undefined for a bare key. */
  readonly value?: string;
}

/** One job (numjobs clones are separate JobSpecs). */
export interface JobSpec {
  /** The section name (clones share it). */
  readonly name: string;
  /** 1-based creation order over the whole run, clones included. */
  readonly jobNumber: number;
  /**
   * fio's subjob number among the clones of one section (0-based; used in
   * file names). Clones are created as 0, n-1, ..., 1, as in fio.
   */
  readonly clone: number;
  /** Reporting group (fio's groupid). */
  readonly groupId: number;
  /** Waits for every earlier job to finish before starting. */
  readonly stonewall: boolean;
  /** Index of the job source (command line or job file) it came from. */
  readonly sourceIndex: number;
  /**
   * Every option set for this job (globals first, then the job's own
   * section), parsed, by canonical name. Unset options take their default
   * (see `optionValue`).
   */
  readonly options: Readonly<Record<string, ParsedValue>>;
  /** Options set in the job's own section, in order (JSON "job options"). */
  readonly jobOptions: readonly SetOption[];
  /** The ioengine name the job uses (default psync). */
  readonly ioengine: string;
  /**
   * The job's random seed (fio's randseed): the option when set, else the
   * fixed default 0x89 with randrepeat=1 (the default), else a seed drawn
   * once for this run. Every generator of the job derives from it.
   */
  readonly seed: bigint;
}

/** What the front end hands the run core. */
export interface JobPlan {
  /** Jobs in creation order. */
  readonly jobs: readonly JobSpec[];
  /** Options of the first `[global]` context (JSON "global options"). */
  readonly globalOptions: readonly SetOption[];
  /** Warnings printed while building (already printed to stderr). */
  readonly warnings: readonly string[];
}

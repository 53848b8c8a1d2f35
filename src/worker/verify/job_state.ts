/**
 * verify_state_save / verify_state_load for one job: what run_job.ts calls
 * at job start and end (the file format and rules are in state.ts).
 */

import { boolOption } from "../../job/options.ts";
import type { JobSpec } from "../../job/spec.ts";
import {
  loadVerifyState,
  saveVerifyState,
  stateFilePath,
  type StateLimit,
  WriteCompletions,
} from "./state.ts";
import type { Verifier } from "./verifier.ts";

/** A line sink for stderr. */
export type StateLog = (line: string) => void;

/**
 * verify_state_load: the saved limit, null when the option is off, or
 * false when the file cannot be used (fio's lines are logged; like fio,
 * the job then does no I/O and the run fails). fio loads the file even for
 * a job without verify, where it changes nothing.
 */
export function loadJobState(
  spec: JobSpec,
  dir: string | undefined,
  log: StateLog,
): StateLimit | null | false {
  if (!boolOption(spec, "verify_state_load")) return null;
  const r = loadVerifyState(stateFilePath(dir, spec.name, spec.jobNumber));
  if (!Array.isArray(r)) return r;
  for (const l of r) log(l);
  return false;
}

/**
 * Starts recording the job's completed writes when it will save a state
 * file: a writing job with verify on, verify_state_save on (the default),
 * and not a verify_only dry run.
 */
export function startStateSave(spec: JobSpec, v: Verifier, files: number, depth: number): void {
  if (!v.opts.writes || v.dryRun || !boolOption(spec, "verify_state_save", true)) return;
  v.completions = new WriteCompletions(files, depth);
}

/**
 * Writes the job's state file at its end (after a normal end, a signal or
 * an error alike, as fio does). fio 3.33 also saves after a verify_only
 * dry run, overwriting the interrupted run's state with one claiming every
 * block was written (so a second verify_state_load run checks too much);
 * dfio leaves the file alone then.
 */
export function finishStateSave(
  spec: JobSpec,
  v: Verifier,
  dir: string | undefined,
  log: StateLog,
): void {
  if (v.completions === null) return;
  const s = v.completions.snapshot(spec.name, spec.jobNumber, v.writesIssued);
  for (const l of saveVerifyState(stateFilePath(dir, spec.name, spec.jobNumber), s)) log(l);
}

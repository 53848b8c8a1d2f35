/**
 * Process control of a job, applied on the job's own Worker thread right
 * after its start release, as fio does in its job thread: group and user
 * ids, CPU affinity (`cpus_allowed`, `cpumask`, `cpus_allowed_policy`), I/O
 * priority (`prio`, `prioclass`), `nice`, and the `exec_prerun` /
 * `exec_postrun` commands.
 *
 * Linux keeps all of these per thread, so they are set with raw system
 * calls on the Worker's thread and touch neither the coordinator nor other
 * jobs. glibc's setuid()/setgid() would change every thread of the process
 * (its set*id broadcast); the raw syscalls do not, so a job switches to
 * `uid`/`gid` alone, as a forked fio job would. Commands run through
 * system(3) from the Worker thread, so they inherit the job's affinity,
 * niceness and I/O priority, and their output goes to
 * `<job>.<prerun|postrun>.txt` as in fio 3.33.
 */
import { isSet, numberOption, stringOption } from "../job/options.ts";
import type { JobSpec } from "../job/spec.ts";
import { errno, libc } from "../sys/libc.ts";
import { errnoMessage } from "../sys/errno.ts";

/** x86-64 syscall numbers used here. */
const NR = { setuid: 105n, setgid: 106n, getpriority: 140n, setpriority: 141n, ioprio_set: 251n };
/** ioprio_set: IOPRIO_WHO_PROCESS and the class shift. */
const IOPRIO_WHO_PROCESS = 1n;
const IOPRIO_CLASS_SHIFT = 13;
/** fio's default class when only `prio` is set: best effort. */
const IOPRIO_CLASS_BE = 2;

let sys: Deno.DynamicLibrary<{ system: { parameters: ["buffer"]; result: "i32" } }> | undefined;

/** How process setup failed: fio's error, or errno 0 for a job that just ends. */
export interface ProcessFailure {
  readonly errno: number;
  /** fio's error text (`file:..., func=..., error=...`); "" with errno 0. */
  readonly text: string;
}

/** Runs `cmd` with system(3) on the calling thread; its wait status. */
function system(cmd: string): number {
  sys ??= Deno.dlopen("libc.so.6", { system: { parameters: ["buffer"], result: "i32" } });
  const bytes = new TextEncoder().encode(cmd + "\0");
  return sys.symbols.system(bytes);
}

function raw(nr: bigint, a = 0n, b = 0n, c = 0n): number {
  return Number(libc().syscall(nr, a, b, c, 0n, 0n, 0n));
}

/**
 * fio's report of a failed call, with its source line in fio 3.33 (measured
 * for setgid, setuid, ioprio_set and nice; the affinity one is an estimate
 * because a valid CPU list cannot make the call fail).
 */
const FIO_LINE: Record<string, number> = {
  setgid: 1675,
  setuid: 1679,
  cpu_set_affinity: 1705,
  ioprio_set: 1788,
  nice: 1817,
};

function failure(func: string, err: number): ProcessFailure {
  return {
    errno: err,
    text: `file:backend.c:${FIO_LINE[func]}, func=${func}, error=${errnoMessage(err)}`,
  };
}

/** The CPUs a job may run on after cpus_allowed_policy (null: unrestricted). */
export function jobCpus(spec: JobSpec): number[] | null {
  const list =
    (isSet(spec, "cpus_allowed") ? spec.options["cpus_allowed"] : spec.options["cpumask"]) as
      | number[]
      | undefined;
  if (!Array.isArray(list) || list.length === 0) return null;
  if (stringOption(spec, "cpus_allowed_policy", "shared") !== "split") return list;
  // split: job n (from 1, over the whole run) gets the ((n - 1) mod count)-th CPU.
  return [list[(spec.jobNumber - 1) % list.length]];
}

/** Pins the calling thread to `cpus`; 0 or an errno. */
export function setAffinity(cpus: readonly number[]): number {
  const max = Math.max(...cpus);
  const mask = new Uint8Array(Math.max(128, Math.ceil((max + 1) / 64) * 8));
  for (const c of cpus) mask[c >> 3] |= 1 << (c & 7);
  const rc = libc().sched_setaffinity(0, BigInt(mask.length), mask);
  return rc < 0 ? errno() : 0;
}

/** Runs an exec_prerun/exec_postrun command as fio does; its wait status. */
export function execCommand(
  name: string,
  cmd: string,
  mode: "prerun" | "postrun",
  log: (stream: "stdout" | "stderr", text: string) => void,
): number {
  log("stdout", `${name} : Saving output of ${mode} in ${name}.${mode}.txt`);
  const full = `${cmd} > ${name}.${mode}.txt 2>&1`;
  const rc = system(full);
  if (rc === -1) log("stderr", `fio: exec of cmd <${full}> failed`);
  return rc;
}

/**
 * Applies the job's process settings on the calling (Worker) thread and
 * runs exec_prerun. Null when the job may start its I/O.
 */
export function startProcess(
  spec: JobSpec,
  log: (stream: "stdout" | "stderr", text: string) => void,
): ProcessFailure | null {
  // A new group needs privilege, so it goes before the user.
  if (isSet(spec, "gid") && raw(NR.setgid, BigInt(numberOption(spec, "gid"))) < 0) {
    return failure("setgid", errno());
  }
  if (isSet(spec, "uid") && raw(NR.setuid, BigInt(numberOption(spec, "uid"))) < 0) {
    return failure("setuid", errno());
  }
  const cpus = jobCpus(spec);
  if (cpus !== null) {
    const err = setAffinity(cpus);
    if (err !== 0) return failure("cpu_set_affinity", err);
  }
  if (isSet(spec, "prio") || isSet(spec, "prioclass")) {
    const cls = isSet(spec, "prioclass") ? numberOption(spec, "prioclass") : IOPRIO_CLASS_BE;
    const value = (cls << IOPRIO_CLASS_SHIFT) | numberOption(spec, "prio", 0);
    if (raw(NR.ioprio_set, IOPRIO_WHO_PROCESS, 0n, BigInt(value)) < 0) {
      return failure("ioprio_set", errno());
    }
  }
  const inc = numberOption(spec, "nice");
  if (inc !== 0) {
    // The raw getpriority returns 20 - nice; who 0 is the calling thread.
    const cur = 20 - raw(NR.getpriority, 0n, 0n);
    const next = Math.max(-20, Math.min(19, cur + inc));
    if (raw(NR.setpriority, 0n, 0n, BigInt(next)) < 0) return failure("nice", errno());
  }
  const pre = stringOption(spec, "exec_prerun");
  if (pre !== "" && execCommand(spec.name, pre, "prerun", log) !== 0) {
    // fio ends such a job before its I/O without an error of its own.
    return { errno: 0, text: "" };
  }
  return null;
}

/** Runs exec_postrun when set (after the job's I/O). */
export function endProcess(
  spec: JobSpec,
  log: (stream: "stdout" | "stderr", text: string) => void,
): void {
  const post = stringOption(spec, "exec_postrun");
  if (post !== "") execCommand(spec.name, post, "postrun", log);
}

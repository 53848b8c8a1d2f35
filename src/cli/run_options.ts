/**
 * fio 3.33's own command-line options (the ones that are not job options),
 * in the order fio registers them with getopt. That order matters: getopt
 * lists ambiguous matches in it and fio's "Did you mean" prefers the
 * earlier of two equally close names.
 */
import type { HasArg } from "./getopt.ts";

/** What dfio does with a run option. */
export type RunOptionStatus =
  /** Handled by the command-line parser. */
  | "supported"
  /** Recognised, fails with `fio: --NAME is not supported yet`. */
  | "later";

/** One run option. */
export interface RunOption {
  /** Long name (used as `--name`, `-name`, or any unique prefix). */
  readonly name: string;
  /** Value rule, as fio registers it. */
  readonly hasArg: HasArg;
  /** fio's one-letter form, if any. */
  readonly short?: string;
  /** Whether dfio implements it now. */
  readonly status: RunOptionStatus;
}

/** Every run option of fio 3.33, in fio's order. */
export const RUN_OPTIONS: readonly RunOption[] = [
  { name: "output", hasArg: "required", short: "o", status: "supported" },
  { name: "latency-log", hasArg: "required", short: "l", status: "supported" },
  { name: "bandwidth-log", hasArg: "none", short: "b", status: "supported" },
  { name: "minimal", hasArg: "none", short: "m", status: "supported" },
  { name: "output-format", hasArg: "required", short: "F", status: "supported" },
  { name: "append-terse", hasArg: "optional", short: "f", status: "supported" },
  { name: "version", hasArg: "none", short: "v", status: "supported" },
  { name: "help", hasArg: "none", short: "h", status: "supported" },
  { name: "cmdhelp", hasArg: "optional", short: "c", status: "supported" },
  { name: "enghelp", hasArg: "optional", short: "i", status: "supported" },
  { name: "showcmd", hasArg: "none", short: "s", status: "supported" },
  { name: "readonly", hasArg: "none", short: "r", status: "supported" },
  { name: "eta", hasArg: "required", short: "e", status: "supported" },
  { name: "eta-interval", hasArg: "required", short: "O", status: "supported" },
  { name: "eta-newline", hasArg: "required", short: "E", status: "supported" },
  { name: "debug", hasArg: "required", short: "d", status: "supported" },
  { name: "parse-only", hasArg: "none", short: "P", status: "supported" },
  { name: "section", hasArg: "required", short: "x", status: "supported" },
  { name: "inflate-log", hasArg: "required", short: "X", status: "later" },
  { name: "alloc-size", hasArg: "required", short: "a", status: "supported" },
  { name: "profile", hasArg: "required", short: "p", status: "later" },
  { name: "warnings-fatal", hasArg: "none", short: "w", status: "supported" },
  { name: "max-jobs", hasArg: "required", short: "j", status: "supported" },
  { name: "terse-version", hasArg: "required", short: "V", status: "supported" },
  { name: "server", hasArg: "optional", short: "S", status: "later" },
  { name: "daemonize", hasArg: "required", short: "D", status: "later" },
  { name: "client", hasArg: "required", short: "C", status: "later" },
  { name: "remote-config", hasArg: "required", short: "R", status: "later" },
  { name: "cpuclock-test", hasArg: "none", short: "T", status: "later" },
  { name: "crctest", hasArg: "optional", short: "G", status: "later" },
  { name: "memcpytest", hasArg: "optional", short: "M", status: "later" },
  { name: "idle-prof", hasArg: "required", short: "I", status: "later" },
  { name: "status-interval", hasArg: "required", short: "L", status: "supported" },
  { name: "trigger-file", hasArg: "required", short: "W", status: "later" },
  { name: "trigger-timeout", hasArg: "required", short: "B", status: "later" },
  { name: "trigger", hasArg: "required", short: "H", status: "later" },
  { name: "trigger-remote", hasArg: "required", short: "J", status: "later" },
  { name: "aux-path", hasArg: "required", short: "K", status: "supported" },
  { name: "merge-blktrace-only", hasArg: "none", short: "A", status: "later" },
];

/** fio's optstring as a map: letter -> value rule. */
export const SHORT_OPTIONS: ReadonlyMap<string, HasArg> = new Map(
  RUN_OPTIONS.filter((o) => o.short !== undefined).map((o) => [o.short!, o.hasArg]),
);

/** The run option a short letter stands for. */
export function runOptionByShort(letter: string): RunOption | undefined {
  return RUN_OPTIONS.find((o) => o.short === letter);
}

/** fio's debug categories, in its order (`--debug=help` lists them). */
export const DEBUG_CATEGORIES: readonly string[] = [
  "process",
  "file",
  "io",
  "mem",
  "blktrace",
  "verify",
  "random",
  "parse",
  "diskutil",
  "job",
  "mutex",
  "profile",
  "time",
  "net",
  "rate",
  "compress",
  "steadystate",
  "helperthread",
  "zbd",
];

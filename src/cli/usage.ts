/** The `--help` page (dfio's own words) and the version line. */
import { VERSION_STRING } from "../version.ts";
import { DEBUG_CATEGORIES } from "./run_options.ts";

const ROWS: readonly (readonly [string, string])[] = [
  ["--debug=LIST", "Turn on debug tracing for these areas (comma list, or all):"],
  ["", DEBUG_CATEGORIES.slice(0, 8).join(",") + ","],
  ["", DEBUG_CATEGORIES.slice(8).join(",")],
  ["--parse-only", "Check the job options, start no I/O"],
  ["--merge-blktrace-only", "Only merge the blktrace inputs, start no I/O (not supported yet)"],
  ["--output=FILE", "Write the report to FILE instead of stdout"],
  ["--bandwidth-log", "Also log the aggregate bandwidth of all jobs"],
  ["--minimal", "Short for --output-format=terse"],
  ["--output-format=LIST", "Report format(s): normal, terse, json, json+ (comma list)"],
  ["--terse-version=N", "Terse format version: 2, 3 (default), 4 or 5"],
  ["--version", "Show the version and exit"],
  ["--help", "Show this page and exit"],
  ["--cpuclock-test", "Check the CPU clock (not supported yet)"],
  ["--crctest[=TYPE]", "Time the checksum functions (not supported yet)"],
  ["--cmdhelp=OPTION", "Describe a job option; all lists every option"],
  ["--enghelp[=ENGINE]", "List the I/O engines, or one engine's options"],
  ["--enghelp=ENGINE,OPTION", "Describe one option of an I/O engine"],
  ["--showcmd", "Print each job file as the equivalent command line"],
  ["--eta=WHEN", "Progress line: always, never or auto"],
  ["--eta-newline=TIME", "Start a new progress line every TIME"],
  ["--eta-interval=TIME", "Refresh the progress line every TIME (250ms or more)"],
  ["--status-interval=TIME", "Print the full report every TIME while running"],
  ["--readonly", "Refuse any job that would write or trim"],
  ["--section=NAME", "Run only this job-file section (may be repeated)"],
  ["--alloc-size=KB", "Accepted for compatibility; has no effect in dfio"],
  ["--warnings-fatal", "Treat job parsing warnings as errors"],
  ["--max-jobs=N", "Most jobs (numjobs clones included) one run may hold"],
  ["--server=ARGS", "Run as a backend server (not supported yet)"],
  ["--daemonize=PIDFILE", "Detach the server, writing its pid (not supported yet)"],
  ["--client=HOST", "Drive the server on HOST (not supported yet)"],
  ["--remote-config=FILE", "Have the server read its own FILE (not supported yet)"],
  ["--idle-prof=MODE", "Measure CPU idleness: system, percpu, calibrate (not supported yet)"],
  ["--inflate-log=LOG", "Decompress a compressed log to stdout (not supported yet)"],
  ["--trigger-file=FILE", "Run the trigger once FILE appears (not supported yet)"],
  ["--trigger-timeout=TIME", "Run the trigger at TIME (not supported yet)"],
  ["--trigger=CMD", "Local trigger command (not supported yet)"],
  ["--trigger-remote=CMD", "Trigger command for the server (not supported yet)"],
  ["--aux-path=DIR", "Where fio keeps its state files"],
];

/** The `--help` text, newline-terminated. */
export function usageText(): string {
  const lines = [
    VERSION_STRING,
    "Usage: fio [run options] [job options] [job file ...]",
    "",
    "Job options (e.g. --name=job1 --rw=randread --bs=4k) describe jobs on the",
    "command line: those before the first --name apply to every job; each --name",
    "starts a new job. Job files are read in order, '-' being standard input.",
    "",
    "Run options:",
    ...ROWS.map(([opt, text]) => `  ${opt.padEnd(26)}${text}`),
    "",
    "TIME takes a unit: us, ms, s (default), m, h or d.",
  ];
  return lines.join("\n") + "\n";
}

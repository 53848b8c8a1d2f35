/**
 * fio's front end: parse argv, answer the help-style requests, read the
 * job sources (command-line jobs first, then job files in order), build the
 * plan, then --showcmd / --parse-only / run. Returns the exit status; bad
 * input throws FioError (main.ts prints it).
 */
import { VERSION_STRING } from "../version.ts";
import type { JobSource } from "../jobfile/types.ts";
import { type CliArgs, type CliSink, parseArgs } from "./args.ts";
import { cmdhelp, enghelp } from "./cmdhelp.ts";
import { DEBUG_CATEGORIES } from "./run_options.ts";
import { usageText } from "./usage.ts";
import { startCpuCalibration } from "../sys/clock.ts";

const encoder = new TextEncoder();

function writeAll(file: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(file.writeSync(bytes));
}

/** The process's stdout and stderr as a sink. */
export const processSink: CliSink = {
  out: (text) => writeAll(Deno.stdout, text),
  err: (text) => writeAll(Deno.stderr, text),
};

/** Reads the job files named on the command line, in order. */
async function readSources(args: CliArgs): Promise<JobSource[]> {
  const { readJobFile } = await import("../jobfile/read.ts");
  const sources: JobSource[] = [];
  if (args.cmdline.length > 0) sources.push({ kind: "cmdline", sections: args.cmdline });
  for (const path of args.jobFiles) {
    sources.push({ kind: "file", path, sections: readJobFile(path) });
  }
  return sources;
}

/** `--showcmd`: one command line per job file; command-line jobs are not shown. */
async function showcmd(args: CliArgs, sink: CliSink): Promise<number> {
  const { readJobFile } = await import("../jobfile/read.ts");
  const { showJobFile } = await import("./showcmd.ts");
  for (const path of args.jobFiles) {
    const rc = showJobFile(readJobFile(path), args.config.sections, sink);
    if (rc !== 0) return rc;
  }
  return 0;
}

/** fio's answer to a command line without any job. */
function noJobs(args: CliArgs, sink: CliSink): number {
  sink.out(usageText());
  const text = "No job(s) defined\n\n";
  // With --output fio writes this line to the report file, not stderr.
  if (args.config.output !== undefined) {
    Deno.writeTextFileSync(args.config.output, text, { append: true });
  } else {
    sink.err(text);
  }
  return 1;
}

/**
 * Runs fio's command line; resolves to the exit status. The Workers of the
 * run's jobs are left to the process exit (see `idle` in
 * src/run/job_worker.ts): the caller ends the process right after.
 */
export async function runCli(argv: string[], sink: CliSink = processSink): Promise<number> {
  const args = parseArgs(argv, sink);
  switch (args.action.kind) {
    case "help":
      sink.out(usageText());
      return 0;
    case "version":
      sink.out(`${VERSION_STRING}\n`);
      return 0;
    case "debughelp":
      sink.out(`fio: dumping debug options:${[...DEBUG_CATEGORIES, "all"].join(",")}\n`);
      return 0;
    case "cmdhelp":
      return cmdhelp(args.action.name, sink);
    case "enghelp":
      return enghelp(args.action.spec, sink);
  }
  if (args.showcmd) return await showcmd(args, sink);
  // The counter's rate is measured over the time job parsing and setup take anyway.
  if (!args.config.parseOnly) startCpuCalibration();

  const sources = await readSources(args);
  if (sources.length === 0) return args.config.parseOnly ? 0 : noJobs(args, sink);
  const { buildPlan } = await import("../job/build.ts");
  const plan = buildPlan(sources, args.config);
  if (plan.jobs.length === 0) return args.config.parseOnly ? 0 : noJobs(args, sink);
  if (args.config.parseOnly) return 0;

  const { runPlan } = await import("../run/run.ts");
  return await runPlan(plan, args.config, sink, { leaveIdleWorkers: true });
}

/**
 * dfio against real fio, workload by workload.
 *
 *   deno task bench [--size 1g] [--runtime 5] [--rounds 3] [--only NAME]...
 *                   [--dir DIR] [--fio PATH] [--dfio PATH] [--rss time|proc]
 *                   [--list] [--help]
 *
 * Each workload runs `--rounds` times on each tool, in pairs whose order
 * swaps each round (dfio, fio, fio, dfio, dfio, fio, ...), with one identical
 * command line (time based, JSON output).
 * dfio runs through its launcher (scripts/fio); fio is the binary on PATH and
 * its side is skipped when it is not installed. The data file is written
 * once in a fresh temporary directory (removed at the end) and synced; it is
 * read through before every cached workload (those pass `invalidate=0`), since
 * the direct ones keep fio's default `invalidate=1`, which drops its pages.
 *
 * Columns (stdout; progress goes to stderr):
 * - IOPS: median over the rounds. dfio/fio: median of the per-round ratios,
 *   round i of dfio against round i of fio.
 * - clat: median of each run's mean completion latency (`clat_ns.mean`,
 *   weighted by `N` over jobs and directions).
 * - CPU/M: CPU seconds per million I/Os from the JSON, `(usr_cpu + sys_cpu)
 *   / 100 * job_runtime`: the jobs' own CPU, without process start-up.
 * - RSS: largest peak RSS over the rounds, from GNU `/usr/bin/time -v`
 *   (the child's ru_maxrss; fio forks a process per job, so for numjobs > 1
 *   that is its largest process, while dfio's Workers share one process),
 *   or, without GNU time, VmHWM polled from /proc/PID/status every 20 ms.
 * - 1st I/O: spawn to first completed I/O, from a separate probe run of the
 *   same job cut to 16 I/Os with `write_lat_log` and `log_unix_epoch=1`:
 *   earliest log timestamp minus Date.now() at spawn (1 ms resolution).
 *   `<=` marks an upper bound (median wall time minus runtime of the
 *   measured rounds) used when the probe fails; the note says why.
 *
 * A side whose run fails shows `unsupported` (its output said "not supported
 * yet", dfio's marker) or `error`, and the note column carries that line.
 * Direct workloads are skipped, with a note, when the temporary directory's
 * filesystem refuses O_DIRECT.
 */

import { fileURLToPath } from "node:url";
import { type BenchArgs, parseBenchArgs, USAGE } from "./bench/args.ts";
import { createDataFile, probeDirect, warmCache } from "./bench/datafile.ts";
import { filesystemOf } from "./bench/procfs.ts";
import { interpretRun, type Outcome } from "./bench/outcome.ts";
import { probeFirstIo } from "./bench/probe.ts";
import {
  canRun,
  detectRssMethod,
  type RssMethod,
  type Spawned,
  spawnMeasured,
} from "./bench/spawn.ts";
import {
  pairedRatio,
  type Round,
  roundOrder,
  type SideSummary,
  summarizeRounds,
} from "./bench/summary.ts";
import { formatCount, formatTable, type Row } from "./bench/table.ts";
import {
  jobArgs,
  type JobParams,
  selectWorkloads,
  type Workload,
  WORKLOADS,
} from "./bench/workloads.ts";

interface Context {
  readonly args: BenchArgs;
  readonly params: JobParams;
  readonly scratch: string;
  readonly rss: RssMethod;
  readonly fioAvailable: boolean;
  readonly directProblem?: string;
}

interface Side {
  readonly label: "dfio" | "fio";
  readonly cmd: string;
  readonly rounds: Round[];
  failure?: Exclude<Outcome, { kind: "ok" }>;
  skipped?: string;
}

/** Generous limit for one run: the runtime plus two minutes of set-up and teardown. */
function deadlineMs(ctx: Context): number {
  return ctx.args.runtimeMs + 120_000;
}

function progress(text: string): void {
  console.error(text);
}

async function runWorkload(wl: Workload, ctx: Context): Promise<Row> {
  const notes: string[] = [];
  if (wl.direct && ctx.directProblem !== undefined) {
    const skipped: SideSummary = { status: "skipped", message: ctx.directProblem };
    return { name: wl.name, dfio: skipped, fio: skipped, notes: [ctx.directProblem] };
  }
  const dfio: Side = { label: "dfio", cmd: ctx.args.dfio, rounds: [] };
  const fio: Side = {
    label: "fio",
    cmd: ctx.args.fio,
    rounds: [],
    skipped: ctx.fioAvailable ? undefined : "fio not installed",
  };
  const argv = jobArgs(wl, ctx.params);
  if (wl.usesFile && !wl.direct) warmCache(ctx.params.filename);
  for (let i = 1; i <= ctx.args.rounds; i++) {
    for (const side of roundOrder(i, dfio, fio)) {
      if (side.failure || side.skipped) continue;
      let outcome: Outcome;
      let run: Spawned | undefined;
      try {
        run = await spawnMeasured(side.cmd, argv, ctx.rss, ctx.scratch, deadlineMs(ctx));
        outcome = interpretRun(run.code, run.stdout, run.stderr);
      } catch (e) {
        // A tool that cannot even be started is that side's error, not the bench's.
        outcome = { kind: "error", message: e instanceof Error ? e.message : String(e) };
      }
      if (outcome.kind === "ok") {
        side.rounds.push({
          figures: outcome.figures,
          peakRssKiB: run?.peakRssKiB,
          wallMs: run?.wallMs ?? NaN,
        });
        progress(
          `  ${wl.name} round ${i} ${side.label}: ${formatCount(outcome.figures.iops)} IOPS`,
        );
      } else {
        side.failure = outcome;
        progress(`  ${wl.name} round ${i} ${side.label}: ${outcome.kind}: ${outcome.message}`);
      }
    }
  }
  const summaries: SideSummary[] = [];
  for (const side of [dfio, fio]) {
    if (side.skipped) {
      summaries.push({ status: "skipped", message: side.skipped });
      continue;
    }
    if (side.failure) {
      const f = side.failure;
      summaries.push({ status: f.kind, message: f.message });
      notes.push(
        f.kind === "unsupported"
          ? `${side.label}: unsupported (${f.message})`
          : `${side.label}: ${f.message}`,
      );
      continue;
    }
    const probe = await probeFirstIo(
      side.cmd,
      wl,
      ctx.params,
      ctx.scratch,
      side.rounds,
      ctx.args.runtimeMs,
    ).catch((e) => ({
      firstIo: undefined,
      fallbackReason: e instanceof Error ? e.message : String(e),
    }));
    if (probe.fallbackReason !== undefined) {
      notes.push(`${side.label} 1st I/O probe: ${probe.fallbackReason}`);
    }
    summaries.push(summarizeRounds(side.rounds, probe.firstIo));
  }
  const ratio = dfio.rounds.length > 0 && fio.rounds.length > 0 && !dfio.failure && !fio.failure
    ? pairedRatio(dfio.rounds.map((r) => r.figures.iops), fio.rounds.map((r) => r.figures.iops))
    : undefined;
  return { name: wl.name, dfio: summaries[0], fio: summaries[1], ratio, notes };
}

async function versionOf(cmd: string): Promise<string> {
  try {
    const out = await new Deno.Command(cmd, {
      args: ["--version"],
      stdout: "piped",
      stderr: "piped",
    })
      .output();
    return new TextDecoder().decode(out.stdout).trim().split("\n")[0] || `exit ${out.code}`;
  } catch (e) {
    return e instanceof Deno.errors.NotFound ? "not installed" : String(e);
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parseBenchArgs(argv, fileURLToPath(new URL("./fio", import.meta.url)));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.list) {
    for (const wl of WORKLOADS) console.log(`${wl.name.padEnd(26)} ${wl.title}`);
    return 0;
  }
  const workloads = selectWorkloads(WORKLOADS, args.only);
  const fioAvailable = await canRun(args.fio);
  const rss = args.rss ?? await detectRssMethod();
  let scratch: string;
  try {
    scratch = await Deno.makeTempDir({ dir: args.dir, prefix: "dfio-bench-" });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`bench: cannot create a temporary directory: ${why}`);
  }
  const cleanup = () => {
    try {
      Deno.removeSync(scratch, { recursive: true });
    } catch {
      // Already gone.
    }
  };
  const onSignal = () => {
    cleanup();
    Deno.exit(130);
  };
  Deno.addSignalListener("SIGINT", onSignal);
  try {
    const filename = `${scratch}/data`;
    if (workloads.some((wl) => wl.usesFile)) {
      progress(`bench: writing ${args.sizeBytes} bytes to ${filename}`);
      createDataFile(filename, args.sizeBytes);
    }
    const directProblem = workloads.some((wl) => wl.direct) ? probeDirect(filename) : undefined;
    const fs = filesystemOf(scratch);
    const ctx: Context = {
      args,
      params: { filename, sizeBytes: args.sizeBytes, runtime: args.runtime },
      scratch,
      rss,
      fioAvailable,
      directProblem: directProblem && `${directProblem} (${fs})`,
    };
    const rows: Row[] = [];
    for (const wl of workloads) {
      progress(`bench: ${wl.name}`);
      rows.push(await runWorkload(wl, ctx));
    }
    console.log(`dfio: ${await versionOf(args.dfio)} (${args.dfio})`);
    console.log(`fio:  ${fioAvailable ? await versionOf(args.fio) : "not installed"}`);
    console.log(
      `file: ${args.sizeBytes} bytes on ${fs}, runtime ${args.runtime}, ${args.rounds} round(s) per tool, ` +
        `CPUs ${navigator.hardwareConcurrency}`,
    );
    console.log(
      `RSS: ${rss === "time" ? "GNU time -v (ru_maxrss)" : "VmHWM polled from /proc"}; ` +
        `CPU/M: JSON usr_cpu+sys_cpu over job_runtime, s per 1M I/Os`,
    );
    console.log("");
    console.log(formatTable(rows));
    return 0;
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
    cleanup();
  }
}

try {
  Deno.exitCode = await main(Deno.args);
} catch (e) {
  // Bad bench arguments are the user's; print the line, not a stack.
  if (e instanceof Error && e.message.startsWith("bench: ")) {
    console.error(e.message);
    Deno.exitCode = 1;
  } else {
    throw e;
  }
}

/**
 * Start-up time to the first I/O, measured from the outside with an option
 * both tools share, so no dfio-only hook is needed and fio gets the same
 * treatment.
 */

import { firstLogTimestamp } from "./fio_json.ts";
import { interpretRun } from "./outcome.ts";
import { type FirstIo, median, type Round } from "./summary.ts";
import { type JobParams, probeArgs, type Workload } from "./workloads.ts";
import { absoluteTool } from "./spawn.ts";

/** A probe's result: the time, and why the exact method was not used. */
export interface ProbeResult {
  /** Start-up time, or undefined when neither method gave one. */
  readonly firstIo?: FirstIo;
  /** Why the probe fell back to the bound (the probe's first error line). */
  readonly fallbackReason?: string;
}

const decoder = new TextDecoder();

/**
 * Runs the workload once more, cut to 16 I/Os, with `write_lat_log` and
 * `log_unix_epoch=1`: the earliest log timestamp is the wall-clock
 * millisecond of the first completed I/O, and Date.now() before the spawn is
 * the start. When the probe fails (say the tool lacks those options) the
 * result is an upper bound from the measured rounds: median wall time minus
 * the runtime, which also holds the teardown.
 */
export async function probeFirstIo(
  cmd: string,
  wl: Workload,
  params: JobParams,
  scratch: string,
  rounds: readonly Round[],
  runtimeMs: number,
): Promise<ProbeResult> {
  const dir = await Deno.makeTempDir({ dir: scratch, prefix: "probe-" });
  let reason: string;
  try {
    const start = Date.now();
    const out = await new Deno.Command(absoluteTool(cmd), {
      args: probeArgs(wl, params, `${dir}/p`),
      // Files the job leaves behind (verify state) stay in the probe's directory.
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
      // A hung probe is killed; the bound from the rounds stands in for it.
      signal: AbortSignal.timeout(120_000),
    }).output();
    const outcome = interpretRun(out.code, decoder.decode(out.stdout), decoder.decode(out.stderr));
    if (outcome.kind === "ok") {
      const texts: string[] = [];
      for (const e of Deno.readDirSync(dir)) {
        if (e.isFile && e.name.endsWith(".log")) {
          texts.push(Deno.readTextFileSync(`${dir}/${e.name}`));
        }
      }
      const first = firstLogTimestamp(texts);
      if (first !== undefined) return { firstIo: { ms: Math.max(0, first - start), kind: "log" } };
      reason = "probe wrote no latency log";
    } else {
      reason = outcome.message;
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  if (rounds.length === 0) return { fallbackReason: reason };
  const bound = median(rounds.map((r) => r.wallMs)) - runtimeMs;
  return { firstIo: { ms: Math.max(0, bound), kind: "bound" }, fallbackReason: reason };
}

/**
 * What fio prints before any job starts, in normal output mode: one line
 * per job section (`name: (g=0): rw=..., bs=..., ioengine=..., iodepth=...`,
 * then `...` for the first numjobs clone), the version line and
 * `Starting N processes`.
 */
import type { JobPlan, JobSpec } from "../job/spec.ts";
import { boolOption, numberOption, optionValue } from "../job/options.ts";
import { resolveEngine } from "../engines/catalog.ts";
import { N2S, num2str } from "../output/format.ts";
import type { ParsedValue } from "../options/types.ts";
import { VERSION_STRING } from "../version.ts";

/** Engines that do no I/O: fio prints no line for their jobs. */
const NO_IO_ENGINES = new Set(["cpuio"]);

/** The pattern name fio prints for an `rw=` value (its ddir string). */
export function rwName(spec: JobSpec): string {
  const v = optionValue(spec, "rw");
  const name = typeof v === "string"
    ? v
    : v !== null && typeof v === "object" && !Array.isArray(v) &&
        typeof (v as Record<string, ParsedValue>)["rw"] === "string"
    ? (v as Record<string, ParsedValue>)["rw"] as string
    : "read";
  return name === "readwrite" ? "rw" : name;
}

/** A job's smallest and largest block size per direction (read, write, trim). */
export function blockSizeRanges(spec: JobSpec): [number, number][] {
  const bs = optionValue(spec, "bs");
  const range = optionValue(spec, "bsrange");
  const split = optionValue(spec, "bssplit");
  const out: [number, number][] = [];
  for (let d = 0; d < 3; d++) {
    // bssplit wins over bsrange, which wins over bs (as fio's fixups apply them).
    const entries = Array.isArray(split) ? split[d] : undefined;
    if (Array.isArray(entries) && entries.length > 0) {
      const sizes = entries.map((e) => Number((e as Record<string, ParsedValue>)["bs"]));
      out.push([Math.min(...sizes), Math.max(...sizes)]);
      continue;
    }
    const r = Array.isArray(range) ? range[d] : range;
    if (r !== null && typeof r === "object" && !Array.isArray(r)) {
      const rr = r as Record<string, ParsedValue>;
      out.push([Number(rr["min"]), Number(rr["max"])]);
      continue;
    }
    const b = Array.isArray(bs) ? bs[d] : bs;
    const size = typeof b === "number" ? b : 4096;
    out.push([size, size]);
  }
  return out;
}

function kbBaseOf(spec: JobSpec): number {
  return Number(optionValue(spec, "kb_base") ?? 1024) === 1000 ? 1000 : 1024;
}

/** The engine name fio prints for a job (aliases resolved). */
export function engineName(spec: JobSpec): string {
  return resolveEngine(spec.ioengine)?.name ?? spec.ioengine;
}

/**
 * The preamble line of one job, `...` for its first clone, or undefined
 * when fio prints nothing for it (later clones, engines without I/O).
 */
export function jobLine(spec: JobSpec): string | undefined {
  if (spec.clone === 1) return "...";
  if (spec.clone > 1 || NO_IO_ENGINES.has(engineName(spec))) return undefined;
  const pow2 = kbBaseOf(spec) === 1024;
  const size = (n: number) => num2str(n, 4, 1, pow2, N2S.BYTE);
  const [r, w, t] = blockSizeRanges(spec).map(([lo, hi]) => `${size(lo)}-${size(hi)}`);
  // With bs_is_seq_rand the two sizes mean sequential and random, so no trim.
  const bs = boolOption(spec, "bs_is_seq_rand")
    ? `bs=(R) ${r}, (W) ${w}, bs_is_seq_rand`
    : `bs=(R) ${r}, (W) ${w}, (T) ${t}`;
  return `${spec.name}: (g=${spec.groupId}): rw=${rwName(spec)}, ${bs}, ` +
    `ioengine=${engineName(spec)}, iodepth=${numberOption(spec, "iodepth", 1)}`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** fio's `Starting ...` line: threads first, then processes. */
export function startingLine(jobs: readonly JobSpec[]): string {
  const threads = jobs.filter((j) => boolOption(j, "thread")).length;
  const procs = jobs.length - threads;
  const parts: string[] = [];
  if (threads) parts.push(count(threads, "thread", "threads"));
  if (procs) parts.push(count(procs, "process", "processes"));
  return `Starting ${parts.join(" and ")}`;
}

/** The whole preamble, newline-terminated lines. */
export function preamble(plan: JobPlan): string {
  const lines: string[] = [];
  for (const job of plan.jobs) {
    const line = jobLine(job);
    if (line !== undefined) lines.push(line);
  }
  lines.push(VERSION_STRING, startingLine(plan.jobs));
  return lines.map((l) => `${l}\n`).join("");
}

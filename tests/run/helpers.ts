/** Shared helpers for the coordinator tests (plans from fio-like arguments). */
import { buildPlan } from "../../src/job/build.ts";
import type { JobPlan } from "../../src/job/spec.ts";
import { defaultRunConfig, type RunConfig } from "../../src/cli/config.ts";
import type { Section, SectionEntry } from "../../src/jobfile/types.ts";
import { type ExecuteOptions, executePlan } from "../../src/run/coordinator.ts";

/** The stand-in Worker module. */
export const FAKE_WORKER = new URL("./fake_worker.ts", import.meta.url);

function entry(text: string): SectionEntry {
  const eq = text.indexOf("=");
  return eq < 0 ? { key: text } : { key: text.slice(0, eq), value: text.slice(eq + 1) };
}

/**
 * A plan from command-line style jobs: each inner list is a section name
 * then `key=value` entries (name "global" for global options).
 */
export function planOf(sections: string[][]): JobPlan {
  const secs: Section[] = sections.map(([name, ...kv]) => ({ name, entries: kv.map(entry) }));
  return buildPlan([{ kind: "cmdline", sections: secs }], defaultRunConfig(), () => {});
}

/** What a run printed, with the time (ms since the run began) of each stderr line. */
export interface Captured {
  code: number;
  out: string;
  err: string;
  errLines: { t: number; text: string }[];
}

/** Runs a plan on the fake Worker and captures its output. */
export async function runFake(
  plan: JobPlan,
  config: Partial<RunConfig> = {},
  opts: ExecuteOptions = {},
): Promise<Captured> {
  const cfg = { ...defaultRunConfig(), maxJobs: 8, ...config };
  const c: Captured = { code: -1, out: "", err: "", errLines: [] };
  const t0 = performance.now();
  c.code = await executePlan(plan, cfg, {
    out: (t) => (c.out += t),
    err: (t) => {
      c.err += t;
      c.errLines.push({ t: performance.now() - t0, text: t.trim() });
    },
  }, { workerUrl: FAKE_WORKER, signals: false, ...opts });
  return c;
}

/** Time (ms) of the stderr line `text`; fails the test when missing. */
export function at(c: Captured, text: string): number {
  const line = c.errLines.find((l) => l.text === text);
  if (!line) throw new Error(`no stderr line '${text}' in:\n${c.err}`);
  return line.t;
}

/**
 * Test helper: the fio 3.33 reference outputs in tests/fixtures/output
 * (see generate.sh there) and the RunResults rebuilt from them.
 */
import type { RunResult } from "../../src/stats/result.ts";
import { fromFioJson } from "./from_fio_json.ts";

const DIR = new URL("../fixtures/output/", import.meta.url);

/** Every fixture case (a .jsonplus and a .normal from one fio run). */
export const CASES = [...Deno.readDirSync(DIR)]
  .filter((e) => e.name.endsWith(".jsonplus"))
  .map((e) => e.name.slice(0, -".jsonplus".length))
  .sort();

/** Reads a fixture file. */
export function readFixture(name: string): string {
  return Deno.readTextFileSync(new URL(name, DIR));
}

/** Normal output with the parts JSON cannot carry (pid, print date) masked. */
export function maskNormal(text: string): string {
  return text.replace(/: pid=\d+: .*$/gm, ": pid=PID: DATE");
}

/** The RunResult of a fixture, with error texts taken from fio's normal output. */
export function fixtureRun(name: string): RunResult {
  const run = fromFioJson(JSON.parse(readFixture(`${name}.jsonplus`)));
  const texts = [...readFixture(`${name}.normal`).matchAll(/err=\s*\d+ \((.*)\): pid=/g)];
  let k = 0;
  for (const job of run.jobs) if (job.error && k < texts.length) job.errorText = texts[k++][1];
  return run;
}

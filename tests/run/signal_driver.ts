/**
 * Runs a two-group plan on the fake Worker with signal handling on, for
 * signal_test.ts to interrupt: `a` runs until stopped, `b` waits behind a
 * stonewall. Argument: the output format (json or normal).
 */
import { defaultRunConfig, type OutputFormat } from "../../src/cli/config.ts";
import { executePlan } from "../../src/run/coordinator.ts";
import { FAKE_WORKER, planOf } from "./helpers.ts";

const plan = planOf([
  ["a", "ioengine=null", "runtime=30s"],
  ["b", "ioengine=null", "size=64k", "stonewall"],
]);
const config = { ...defaultRunConfig(), outputFormats: [Deno.args[0] as OutputFormat] };
const enc = new TextEncoder();
const code = await executePlan(plan, config, {
  out: (t) => Deno.stdout.writeSync(enc.encode(t)),
  err: (t) => Deno.stderr.writeSync(enc.encode(t)),
}, { workerUrl: FAKE_WORKER });
Deno.exit(code);

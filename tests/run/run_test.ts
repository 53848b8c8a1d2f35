import assert from "node:assert/strict";
import { defaultRunConfig } from "../../src/cli/config.ts";
import { FioError } from "../../src/errors.ts";
import { runPlan } from "../../src/run/run.ts";
import { planOf } from "./helpers.ts";

const io = { out: () => {}, err: () => {} };

Deno.test("runPlan: terse output is refused before any job starts", async () => {
  const plan = planOf([["a", "ioengine=null", "size=4k"]]);
  const config = { ...defaultRunConfig(), outputFormats: ["terse" as const] };
  await assert.rejects(
    () => runPlan(plan, config, io),
    (e) => e instanceof FioError && e.message === "fio: terse output is not supported yet",
  );
});

Deno.test("runPlan: an engine dfio does not implement is refused with fio's style", async () => {
  const plan = planOf([["a", "ioengine=libaio", "size=4k"]]);
  await assert.rejects(
    () => runPlan(plan, defaultRunConfig(), io),
    (e) => e instanceof FioError && /^fio: .* is not supported yet$/.test(e.message),
  );
});

import assert from "node:assert/strict";
import { defaultRunConfig } from "../../src/cli/config.ts";
import { FioError } from "../../src/errors.ts";
import { runPlan } from "../../src/run/run.ts";
import { planOf } from "./helpers.ts";

const io = { out: () => {}, err: () => {} };

Deno.test("runPlan: an engine dfio does not implement is refused with fio's style", async () => {
  const plan = planOf([["a", "ioengine=splice", "size=4k"]]);
  await assert.rejects(
    () => runPlan(plan, defaultRunConfig(), io),
    (e) => e instanceof FioError && /^fio: .* is not supported yet$/.test(e.message),
  );
});

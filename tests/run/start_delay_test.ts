import assert from "node:assert/strict";
import { startDelayUs } from "../../src/run/start_delay.ts";
import { planOf } from "./helpers.ts";

Deno.test("startdelay: a single value is used as is (microseconds)", () => {
  const [a, b] = planOf([["a", "startdelay=2"], ["b", "startdelay=250ms"]]).jobs;
  assert.equal(startDelayUs(a), 2_000_000);
  assert.equal(startDelayUs(b), 250_000);
  assert.equal(startDelayUs(planOf([["c"]]).jobs[0]), 0);
});

Deno.test("startdelay: a range draws per job from its own seed, repeatably", () => {
  const plan = planOf([["a", "startdelay=1-3", "numjobs=8"]]);
  const first = plan.jobs.map(startDelayUs);
  assert.deepEqual(plan.jobs.map(startDelayUs), first, "same seed, same delays");
  for (const d of first) assert.ok(d >= 1_000_000 && d <= 3_000_000, String(d));
  assert.ok(new Set(first).size > 1, "clones draw different delays");
  const reseeded = planOf([["a", "startdelay=1-3", "numjobs=8", "randseed=1234"]]).jobs;
  assert.notDeepEqual(reseeded.map(startDelayUs), first);
});

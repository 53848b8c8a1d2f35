import assert from "node:assert/strict";
import { checkWorkloadShapes } from "../../src/run/plan_checks.ts";
import { planOf } from "./helpers.ts";

const jobs = (...kv: string[]) => planOf([["j", "ioengine=null", "size=1m", ...kv]]).jobs;

Deno.test("plan checks: fio's fixup errors come before any job runs", () => {
  const cases: [string[], RegExp][] = [
    [["zonesize=4k"], /^fio: --zonemode=none and --zonesize are not compatible\.$/],
    [["zonemode=strided"], /^fio: --zonesize must be specified when using --zonemode=strided\.$/],
    [
      [
        "rw=write",
        "dedupe_percentage=50",
        "dedupe_mode=working_set",
        "dedupe_working_set_percentage=60",
      ],
      /^fio: impossible to reach expected dedupe percentage 50 since 60 percentage/,
    ],
  ];
  for (const [kv, want] of cases) {
    assert.throws(() => checkWorkloadShapes(jobs(...kv)), (e: Error) => want.test(e.message));
  }
});

Deno.test("plan checks: valid shapes pass", () => {
  checkWorkloadShapes(jobs("zonemode=strided", "zonesize=64k", "zonerange=256k"));
  checkWorkloadShapes(jobs("rw=write", "dedupe_percentage=50", "dedupe_mode=working_set"));
  checkWorkloadShapes(jobs("rw=randread", "random_distribution=zipf:1.2"));
});

Deno.test("plan checks: replay options fio rejects while parsing", () => {
  assert.throws(
    () => checkWorkloadShapes(jobs("replay_align=3000")),
    (e: Error) => e.message.endsWith("fio: failed parsing replay_align=3000"),
  );
});

Deno.test("plan checks: a replay under --readonly is refused, never written", () => {
  const j = jobs("read_iolog=/tmp/none.log");
  checkWorkloadShapes(j);
  assert.throws(() => checkWorkloadShapes(j, true), /read_iolog under --readonly/);
});

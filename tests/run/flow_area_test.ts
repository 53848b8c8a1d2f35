import { strict as assert } from "node:assert";
import { FlowWord, planFlows } from "../../src/run/flow_area.ts";

Deno.test("planFlows: one block per flow_id, token mode from negative flow or watermark", () => {
  const spec = (
    name: string,
    opts: Record<string, unknown>,
    jobOptions: { name: string; value?: string }[] = [],
  ) => ({
    name,
    jobNumber: 1,
    clone: 0,
    groupId: 0,
    stonewall: false,
    sourceIndex: 0,
    options: opts as Record<string, never>,
    jobOptions,
    ioengine: "null",
    seed: 0x89n,
  });
  const plan = {
    jobs: [
      spec("a", { flow: 1, flow_id: 3 }),
      spec("b", { flow: 8, flow_id: 3, flow_sleep: 10 }),
      spec("c", {}),
      spec("d", { flow: 1, flow_id: 4, flow_watermark: null }, [{
        name: "flow_watermark",
        value: "100",
      }]),
    ],
    globalOptions: [],
    warnings: [],
  };
  const got = planFlows(plan)!;
  assert.equal(got.area.byteLength, 2 * FlowWord.SIZE * 4);
  const j = got.joins;
  assert.equal(j[2], null);
  assert.deepEqual([j[0]!.index, j[0]!.tokens, j[0]!.weight], [0, false, 1]);
  assert.deepEqual([j[1]!.index, j[1]!.sleepUs], [0, 10]);
  assert.deepEqual([j[3]!.index, j[3]!.tokens, j[3]!.watermark], [1, true, 100]);
  assert.equal(new Int32Array(got.area)[FlowWord.COUNT_LO], 1);
  assert.equal(planFlows({ jobs: [spec("x", {})], globalOptions: [], warnings: [] }), null);
});

import { strict as assert } from "node:assert";
import { type ThinkOptions, ThinkTime } from "../../src/worker/thinktime.ts";

const base: ThinkOptions = {
  thinkNs: 1e6,
  spinNs: 0,
  blocks: 1,
  blocksSet: false,
  countIssued: false,
  ioTimeNs: 0,
};

Deno.test("thinktime_blocks: a pause every N completed (or issued) blocks", () => {
  const t = new ThinkTime({ ...base, blocks: 4 });
  t.reset(0);
  assert.equal(t.due(10, 3, 0), false);
  assert.equal(t.due(10, 4, 0), true);
  t.thought(10, 4, 0);
  assert.equal(t.due(20, 7, 0), false);
  assert.equal(t.due(20, 8, 0), true);
  const i = new ThinkTime({ ...base, blocks: 4, countIssued: true });
  i.reset(0);
  assert.equal(i.due(4, 0, 0), true);
  assert.equal(i.due(3, 3, 0), false);
});

Deno.test("thinktime_iotime: a pause after that much I/O time; blocks only count when set", () => {
  const t = new ThinkTime({ ...base, ioTimeNs: 1e9 });
  t.reset(0);
  assert.equal(t.due(1000, 1000, 0.5e9), false);
  assert.equal(t.due(1000, 1000, 1.001e9), true);
  t.thought(1000, 1000, 1.001e9);
  assert.equal(t.due(2000, 2000, 1.5e9), false);
  const b = new ThinkTime({ ...base, ioTimeNs: 1e9, blocks: 100, blocksSet: true });
  b.reset(0);
  assert.equal(b.due(100, 100, 1e6), true);
});

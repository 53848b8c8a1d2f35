import { strict as assert } from "node:assert";
import { FlowMember } from "../../src/worker/flow.ts";
import { FlowWord } from "../../src/run/flow_area.ts";

function area(flows = 1): SharedArrayBuffer {
  const b = new SharedArrayBuffer(flows * FlowWord.SIZE * 4);
  for (let i = 0; i < flows; i++) new Int32Array(b)[i * FlowWord.SIZE + FlowWord.COUNT_LO] = 1;
  return b;
}
const join = (buffer: SharedArrayBuffer, weight: number, tokens = false, watermark = 1024) => ({
  buffer,
  index: 0,
  tokens,
  weight,
  watermark,
  sleepUs: 0,
});

/** Round-robin attempts, as if every job ran as fast as the others. */
function simulate(members: FlowMember[], attempts: number): number[] {
  const done = members.map(() => 0);
  for (let i = 0; i < attempts; i++) {
    members.forEach((m, k) => {
      if (m.tryIssue()) done[k]++;
    });
  }
  return done;
}

Deno.test("flow weights: I/O counts follow the weights (1:8, 1:5:10)", () => {
  const b = area();
  const ms = [1, 8].map((w) => new FlowMember(join(b, w)));
  ms.forEach((m) => m.join());
  const [x, y] = simulate(ms, 90000);
  assert.ok(Math.abs(y / x - 8) < 0.05 * 8, `ratio ${y / x}`);
  const b3 = area();
  const m3 = [1, 5, 10].map((w) => new FlowMember(join(b3, w)));
  m3.forEach((m) => m.join());
  const [p, q, r] = simulate(m3, 160000);
  assert.ok(Math.abs(q / p - 5) < 0.25, `5: ${q / p}`);
  assert.ok(Math.abs(r / p - 10) < 0.5, `10: ${r / p}`);
});

Deno.test("flow weights: a job leaving takes its weight and count out", () => {
  const b = area();
  const ms = [1, 1, 2].map((w) => new FlowMember(join(b, w)));
  ms.forEach((m) => m.join());
  simulate(ms, 1000);
  ms[2].leave();
  const words = new Int32Array(b);
  assert.equal(words[FlowWord.TOTAL_WEIGHT], 2);
  const [x, y] = simulate(ms.slice(0, 2), 10000);
  assert.ok(Math.abs(x - y) <= 2, `${x} vs ${y}`);
  ms[0].leave();
  ms[1].leave();
  assert.equal(words[FlowWord.TOTAL_WEIGHT], 0);
  assert.equal(words[FlowWord.COUNT_LO], 1);
});

Deno.test("flow weights: the 64-bit flow count carries into the high word", () => {
  const b = area();
  const w = new Uint32Array(b);
  w[FlowWord.COUNT_LO] = 0xffffffff;
  const m = new FlowMember(join(b, 1));
  m.join();
  assert.equal(m.tryIssue(), true);
  assert.equal(w[FlowWord.COUNT_LO], 0);
  assert.equal(w[FlowWord.COUNT_HI], 1);
  m.leave();
  assert.equal(w[FlowWord.COUNT_LO], 0xffffffff);
  assert.equal(w[FlowWord.COUNT_HI], 0);
});

Deno.test("flow tokens: flow=1 vs flow=-8 with watermark 100 gives 8:1", () => {
  const b = area();
  const a = new FlowMember(join(b, 1, true, 100));
  const c = new FlowMember(join(b, -8, true, 100));
  const [x, y] = simulate([a, c], 90000);
  assert.ok(Math.abs(x / y - 8) < 0.1, `ratio ${x / y}`);
  const tokens = new Int32Array(b)[FlowWord.TOKENS];
  assert.ok(tokens <= 101 && tokens >= -108, `counter ${tokens}`);
});

import { strict as assert } from "node:assert";
import { IoUnit } from "../../src/engines/types.ts";
import { Shaped, Shaper, type ShapingOptions } from "../../src/worker/shaping.ts";
import { nowNs } from "../../src/sys/clock.ts";
import { NO_RATE } from "./_rate_options.ts";

const none: ShapingOptions = {
  name: "j",
  jobNumber: 1,
  seed: 0x89n,
  rate: null,
  think: null,
  target: null,
  maxLatNs: null,
};
const rateOpts = { ...NO_RATE, iops: [10000, 0, 0] };
const BS = [4096, 4096, 4096];

function unit(ddir: 0 | 1 | 2, offset: number): IoUnit {
  const io = new IoUnit(0);
  io.ddir = ddir;
  io.offset = offset;
  io.buflen = 4096;
  io.file = { name: "f" } as IoUnit["file"];
  return io;
}

Deno.test("Shaper: rate_iops=10000 spaces 200 I/Os 100 us apart, quiescing before each wait", () => {
  let quiesced = 0;
  const sh = new Shaper(
    { ...none, rate: rateOpts },
    null,
    BS,
    false,
    nowNs,
    () => false,
    () => quiesced++,
  );
  const t0 = nowNs();
  sh.start(t0, Infinity, false);
  for (let i = 0; i < 200; i++) {
    assert.equal(sh.beforeIssue(0), 0);
    sh.issued(0, 4096);
  }
  const ms = (nowNs() - t0) / 1e6;
  // The 200th I/O is due at 19.9 ms.
  assert.ok(ms >= 19.9 && ms < 40, `took ${ms} ms`);
  assert.ok(quiesced >= 150, `quiesced ${quiesced}`);
});

Deno.test("Shaper: a wait past the runtime ends the job instead", () => {
  const sh = new Shaper(
    { ...none, rate: { ...rateOpts, iops: [10, 0, 0] } },
    null,
    BS,
    false,
    nowNs,
    () => false,
  );
  const t0 = nowNs();
  sh.start(t0, t0 + 20e6, false);
  assert.equal(sh.beforeIssue(0), 0);
  sh.issued(0, 4096); // next one due in 100 ms
  assert.equal(sh.beforeIssue(0), -1);
  const ms = (nowNs() - t0) / 1e6;
  assert.ok(ms >= 20 && ms < 60, `took ${ms} ms`);
});

Deno.test("Shaper: max_latency per direction fails with fio's line and ETIMEDOUT", () => {
  const sh = new Shaper({ ...none, maxLatNs: [0, 1000, 0] }, null, BS, false, nowNs, () => false);
  sh.start(nowNs(), Infinity, false);
  assert.equal(sh.completed(unit(0, 0), 4096, 5000), Shaped.OK);
  assert.equal(sh.completed(unit(1, 8192), 4096, 5000), Shaped.FAIL);
  assert.equal(sh.errno, 110);
  assert.equal(
    sh.line,
    "fio: latency of 5000 nsec exceeds specified max (1000 nsec): f write 8192 4096",
  );
  assert.equal(
    sh.errorText,
    "file:io_u.c:1432, func=max latency exceeded, error=Connection timed out",
  );
});

Deno.test("Shaper: latency_target asks for a stats reset, then ends the job", () => {
  let now = 0;
  const target = { targetNs: 1e6, windowNs: 1e6, percentile: 100, keepRunning: false, iodepth: 1 };
  const sh = new Shaper({ ...none, target }, null, BS, false, () => now, () => false);
  sh.start(0, Infinity, false);
  assert.equal(sh.depthLimit, 1);
  now = 0.5e6;
  assert.equal(sh.completed(unit(0, 0), 4096, 1000), Shaped.OK);
  now = 1e6;
  assert.equal(sh.completed(unit(0, 0), 4096, 1000), Shaped.RESET_STATS);
  now = 2e6;
  assert.equal(sh.completed(unit(0, 0), 4096, 1000), Shaped.DONE);
});

Deno.test("Shaper: thinktime pauses before the next I/O once the blocks are done", () => {
  let quiesced = 0;
  const think = {
    thinkNs: 2e6,
    spinNs: 0,
    blocks: 3,
    blocksSet: true,
    countIssued: false,
    ioTimeNs: 0,
  };
  const sh = new Shaper({ ...none, think }, null, BS, false, nowNs, () => false, () => quiesced++);
  sh.start(nowNs(), Infinity, false);
  const io = unit(0, 0);
  const gaps: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = nowNs();
    sh.beforeIssue(0);
    gaps.push(nowNs() - t);
    sh.issued(0, 4096);
    sh.completed(io, 4096, 100);
  }
  // Pauses before the 4th and the 7th I/O only.
  const paused = gaps.map((g) => g >= 2e6);
  assert.deepEqual(paused, [false, false, false, true, false, false, true]);
  assert.equal(quiesced, 2);
});

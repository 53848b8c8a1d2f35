import assert from "node:assert/strict";
import { EngineFile, IoUnit } from "../../src/engines/types.ts";
import { FULL_RESID_TEXT, resubmitShort } from "../../src/worker/short_io.ts";
import type { JobLoop } from "../../src/worker/loop.ts";

/** A loop stand-in whose engine moves `moves[k]` bytes on its k-th call. */
function fakeLoop(moves: number[], realSize = 1 << 20) {
  const file = new EngineFile("f");
  const calls: { offset: number; buflen: number; addr: bigint }[] = [];
  const failures: { errno: number; text?: string }[] = [];
  let clock = 1000;
  const engine = {
    queue(io: IoUnit) {
      calls.push({ offset: io.offset, buflen: io.buflen, addr: io.bufAddr });
      const m = moves[calls.length - 1];
      if (m < 0) {
        io.error = -m;
        io.resid = io.buflen;
      } else {
        const done = Math.min(m, io.buflen);
        io.error = 0;
        io.resid = io.buflen - done;
      }
      return 0;
    },
  };
  const collector = {
    short: new Float64Array(3),
    issued: new Float64Array(3),
    ioSubmit: new Float64Array(8),
    ioDepth: new Float64Array(8),
  };
  const loop = {
    env: { engine, files: [{ engineFile: file, realSize }], now: () => (clock += 10) },
    collector,
    fail: (errno: number, _line: string, text?: string) => failures.push({ errno, text }),
  } as unknown as JobLoop;
  const io = new IoUnit(0);
  io.file = file;
  io.ddir = 0;
  io.offset = 8192;
  io.buflen = 4096;
  io.bufAddr = 0x10000n;
  return { loop, io, calls, collector, failures };
}

Deno.test("resubmitShort: the rest is queued at the moved offset and buffer until done", () => {
  const { loop, io, calls, collector, failures } = fakeLoop([3096]);
  io.resid = 4096 - 1000; // the first transfer moved 1000 bytes
  const t1 = resubmitShort(loop, io, 500);
  assert.ok(t1 > 500);
  assert.deepEqual(calls, [{ offset: 9192, buflen: 3096, addr: 0x10000n + 1000n }]);
  // The unit is the whole block again, timed from the last submission.
  assert.equal(io.offset, 8192);
  assert.equal(io.buflen, 4096);
  assert.equal(io.resid, 0);
  assert.equal(io.bufAddr, 0x10000n);
  assert.equal(io.iov[0], 0x10000n);
  assert.equal(t1 - io.startNs, 10);
  assert.equal(collector.short[0], 1);
  assert.equal(collector.issued[0], 1);
  assert.deepEqual(failures, []);
});

Deno.test("resubmitShort: several partial transfers count one short each", () => {
  const { loop, io, calls, collector } = fakeLoop([1000, 1000, 1096]);
  io.resid = 3096;
  assert.ok(resubmitShort(loop, io, 0) > 0);
  assert.deepEqual(calls.map((c) => [c.offset, c.buflen]), [[9192, 3096], [10192, 2096], [
    11192,
    1096,
  ]]);
  assert.equal(collector.short[0], 3);
  assert.equal(collector.issued[0], 3);
});

Deno.test("resubmitShort: a rest that moves nothing fails the job with fio's full resid", () => {
  const { loop, io, failures, collector } = fakeLoop([0]);
  io.resid = 4096 - 1808;
  assert.equal(resubmitShort(loop, io, 0), -1);
  assert.deepEqual(failures, [{ errno: 5, text: FULL_RESID_TEXT }]);
  assert.equal(collector.short[0], 1);
  assert.equal(collector.issued[0], 1);
  assert.equal(io.offset, 8192);
  assert.equal(io.bufAddr, 0x10000n);
});

Deno.test("resubmitShort: a first transfer of 0 bytes is full resid, not short", () => {
  const { loop, io, failures, collector, calls } = fakeLoop([]);
  io.resid = 4096;
  assert.equal(resubmitShort(loop, io, 0), -1);
  assert.equal(calls.length, 0);
  assert.equal(failures[0].text, FULL_RESID_TEXT);
  assert.equal(collector.short[0], 0);
});

Deno.test("resubmitShort: stops at the end of the file and keeps the bytes done", () => {
  const { loop, io, calls } = fakeLoop([], 8192 + 1000);
  io.resid = 3096;
  assert.equal(resubmitShort(loop, io, 77), 77);
  assert.equal(calls.length, 0);
  assert.equal(io.buflen, 1000);
  assert.equal(io.resid, 0);
});

Deno.test("resubmitShort: an errno on the rest is left for the caller", () => {
  const { loop, io, failures } = fakeLoop([-28]);
  io.resid = 2000;
  assert.ok(resubmitShort(loop, io, 0) > 0);
  assert.equal(io.error, 28);
  assert.deepEqual(failures, []);
  assert.equal(io.buflen, 4096);
});

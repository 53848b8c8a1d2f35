import assert from "node:assert/strict";
import { LibaioEngine } from "../../src/engines/libaio.ts";
import { DDIR, type IoUnit, Q } from "../../src/engines/types.ts";
import { O, RWF } from "../../src/sys/libc.ts";
import { pattern, reapAll, withRig } from "./helpers.ts";

/** Queues every unit, commits once, and reaps them all (any order). */
function roundTrip(e: LibaioEngine, units: IoUnit[], min = units.length): IoUnit[] {
  for (const io of units) assert.equal(e.queue(io), Q.QUEUED);
  assert.equal(e.queued, units.length);
  assert.equal(e.commit(), 0);
  assert.equal(e.queued, 0);
  return reapAll(e, units.length, min);
}

Deno.test("libaio: reads land at their offsets, one io_submit for the batch", () => {
  const data = pattern(64 * 1024, 3);
  withRig(new LibaioEngine(), data, O.RDONLY, { depth: 4, bs: 4096 }, (r) => {
    const offs = [0, 12288, 40960, 61440];
    r.units.forEach((io, i) => {
      io.ddir = DDIR.READ;
      io.offset = offs[i];
      io.buflen = 4096;
    });
    const done = roundTrip(r.engine as LibaioEngine, r.units);
    assert.equal(done.length, 4);
    for (const io of done) {
      assert.deepEqual([io.result, io.resid, io.error], [4096, 0, 0]);
      assert.deepEqual(io.buf.subarray(0, 4096), data.subarray(io.offset, io.offset + 4096));
    }
  });
});

Deno.test("libaio: writes reach the file at their offsets; a short read reports resid", () => {
  const empty = new Uint8Array(32 * 1024);
  withRig(new LibaioEngine(), empty, O.RDWR, { depth: 3, bs: 4096 }, (r, path) => {
    const offs = [4096, 16384, 28672];
    r.units.forEach((io, i) => {
      io.ddir = DDIR.WRITE;
      io.offset = offs[i];
      io.buflen = 4096;
      io.buf.fill(0x41 + i, 0, 4096);
    });
    for (const io of roundTrip(r.engine as LibaioEngine, r.units)) assert.equal(io.result, 4096);
    const back = Deno.readFileSync(path);
    offs.forEach((o, i) => assert.ok(back.subarray(o, o + 4096).every((b) => b === 0x41 + i)));
    assert.equal(back[0], 0);
    assert.equal(back[8192], 0);
    // 1 KiB before the end of the file: 3 KiB come back short.
    const io = r.units[0];
    io.ddir = DDIR.READ;
    io.offset = 32 * 1024 - 1024;
    const [got] = roundTrip(r.engine as LibaioEngine, [io]);
    assert.deepEqual([got.result, got.resid, got.error], [1024, 3072, 0]);
  });
});

Deno.test("libaio: a misaligned O_DIRECT read completes with EINVAL", () => {
  const e = new LibaioEngine();
  withRig(e, pattern(64 * 1024), O.RDONLY | O.DIRECT, { depth: 2, bs: 4096 }, (r) => {
    const [a, b] = r.units;
    a.ddir = b.ddir = DDIR.READ;
    a.offset = 1000;
    a.buflen = 4096;
    b.offset = 8192;
    b.buflen = 4096;
    const done = roundTrip(e, [a, b]);
    const bad = done.find((io) => io.index === 0)!;
    const good = done.find((io) => io.index === 1)!;
    assert.deepEqual([bad.error, bad.result, bad.resid], [22, -22, 4096]);
    assert.deepEqual([good.error, good.result], [0, 4096]);
  });
});

Deno.test("libaio: fsync and trim run at once, but only with nothing waiting to submit", () => {
  withRig(new LibaioEngine(), pattern(32 * 1024), O.RDWR, { depth: 2, bs: 4096 }, (r, path) => {
    const e = r.engine as LibaioEngine;
    const [a, b] = r.units;
    a.ddir = DDIR.READ;
    a.offset = 0;
    a.buflen = 4096;
    assert.equal(e.queue(a), Q.QUEUED);
    b.ddir = DDIR.SYNC;
    b.buflen = 0;
    assert.equal(e.queue(b), Q.BUSY);
    e.commit();
    assert.equal(e.queue(b), Q.COMPLETED);
    assert.equal(b.error, 0);
    b.ddir = DDIR.TRIM;
    b.offset = 8192;
    b.buflen = 4096;
    assert.equal(e.queue(b), Q.COMPLETED);
    assert.equal(b.error, 0);
    assert.equal(e.getEvents(1, 2, -1), 1);
    assert.equal(e.event(0), a);
    assert.ok(Deno.readFileSync(path).subarray(8192, 12288).every((x) => x === 0));
  });
});

Deno.test("libaio: a full queue is BUSY; nowait sets RWF_NOWAIT on the iocb", () => {
  const opts = { depth: 1, options: { nowait: true } };
  withRig(new LibaioEngine(), pattern(16 * 1024), O.RDONLY, opts, (r) => {
    const e = r.engine as LibaioEngine;
    const io = r.units[0];
    io.ddir = DDIR.READ;
    io.offset = 0;
    io.buflen = 4096;
    assert.equal(e.queue(io), Q.QUEUED);
    assert.equal(io.rwFlags, RWF.NOWAIT);
    assert.equal(e.queue(io), Q.BUSY);
    e.commit();
    assert.equal(e.getEvents(1, 1, -1), 1);
    // A cached read does not block, so RWF_NOWAIT lets it through.
    assert.ok(io.error === 0 || io.error === 11, `error ${io.error}`);
  });
});

Deno.test("libaio: userspace_reap reads completions from the mapped AIO ring", () => {
  const data = pattern(64 * 1024, 9);
  withRig(new LibaioEngine(), data, O.RDONLY, {
    depth: 8,
    options: { userspace_reap: true, iodepth_batch_complete_min: 0 },
  }, (r) => {
    assert.equal((r.engine as LibaioEngine).reapsFromRing, true);
    r.units.forEach((io, i) => {
      io.ddir = DDIR.READ;
      io.offset = (7 - i) * 8192;
      io.buflen = 4096;
    });
    for (let round = 0; round < 3; round++) {
      const done = roundTrip(r.engine as LibaioEngine, r.units, 1);
      assert.equal(new Set(done.map((io) => io.index)).size, 8);
      for (const io of done) {
        assert.equal(io.result, 4096);
        assert.deepEqual(io.buf.subarray(0, 4096), data.subarray(io.offset, io.offset + 4096));
      }
    }
  });
});

Deno.test("libaio: an io_setup failure fails the job as fio reports it", () => {
  let max = 65536;
  try {
    max = Number(Deno.readTextFileSync("/proc/sys/fs/aio-max-nr").trim());
  } catch { /* keep the kernel default */ }
  const e = new LibaioEngine();
  assert.equal(e.init({ iodepth: max + 1, options: {} }), 0);
  assert.deepEqual(e.postInit(), {
    lines: [],
    errno: 11,
    text: "file:engines/libaio.c:485, func=io_queue_init, error=Resource temporarily unavailable",
  });
  e.cleanup();
});

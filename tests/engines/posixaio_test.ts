import assert from "node:assert/strict";
import { PosixaioEngine } from "../../src/engines/posixaio.ts";
import { DDIR, type IoUnit, Q } from "../../src/engines/types.ts";
import { O } from "../../src/sys/libc.ts";
import { pattern, reapAll, withRig } from "./helpers.ts";

/** Queues every unit and reaps until all are back (any order). */
function roundTrip(e: PosixaioEngine, units: IoUnit[]): IoUnit[] {
  for (const io of units) assert.equal(e.queue(io), Q.QUEUED);
  return reapAll(e, units.length);
}

Deno.test("posixaio: reads land at their offsets and come back in slot order", () => {
  const data = pattern(64 * 1024, 5);
  withRig(new PosixaioEngine(), data, O.RDONLY, { depth: 4 }, (r) => {
    r.units.forEach((io, i) => {
      io.ddir = DDIR.READ;
      io.offset = (3 - i) * 16384 + 512;
      io.buflen = 4096;
    });
    const done = roundTrip(r.engine as PosixaioEngine, r.units);
    assert.equal(new Set(done.map((io) => io.index)).size, 4);
    for (const io of done) {
      assert.deepEqual([io.result, io.resid, io.error], [4096, 0, 0]);
      assert.deepEqual(io.buf.subarray(0, 4096), data.subarray(io.offset, io.offset + 4096));
    }
  });
});

Deno.test("posixaio: writes and aio_fsync reach the file; short reads report resid", () => {
  withRig(new PosixaioEngine(), new Uint8Array(16 * 1024), O.RDWR, { depth: 2 }, (r, path) => {
    const e = r.engine as PosixaioEngine;
    const [a, b] = r.units;
    a.ddir = b.ddir = DDIR.WRITE;
    a.offset = 0;
    b.offset = 8192;
    a.buflen = b.buflen = 4096;
    a.buf.fill(7, 0, 4096);
    b.buf.fill(9, 0, 4096);
    for (const io of roundTrip(e, [a, b])) assert.equal(io.result, 4096);
    a.ddir = DDIR.SYNC;
    a.buflen = 0;
    const [s] = roundTrip(e, [a]);
    assert.equal(s.error, 0);
    const back = Deno.readFileSync(path);
    assert.ok(back.subarray(0, 4096).every((x) => x === 7));
    assert.ok(back.subarray(4096, 8192).every((x) => x === 0));
    assert.ok(back.subarray(8192, 12288).every((x) => x === 9));
    b.ddir = DDIR.READ;
    b.offset = 16 * 1024 - 100;
    b.buflen = 4096;
    const [got] = roundTrip(e, [b]);
    assert.deepEqual([got.result, got.resid, got.error], [100, 3996, 0]);
  });
});

Deno.test("posixaio: a failed request reaches the unit as its errno", () => {
  withRig(new PosixaioEngine(), pattern(64 * 1024), O.RDONLY | O.DIRECT, { depth: 1 }, (r) => {
    const io = r.units[0];
    io.ddir = DDIR.READ;
    io.offset = 1000;
    io.buflen = 4096;
    const [got] = roundTrip(r.engine as PosixaioEngine, [io]);
    assert.deepEqual([got.error, got.result, got.resid], [22, -22, 4096]);
    // A write on a read-only descriptor: EBADF.
    io.ddir = DDIR.WRITE;
    io.offset = 0;
    const [w] = roundTrip(r.engine as PosixaioEngine, [io]);
    assert.equal(w.error, 9);
  });
});

Deno.test("posixaio: trim waits for an empty queue, then runs at once", () => {
  withRig(new PosixaioEngine(), pattern(32 * 1024), O.RDWR, { depth: 2 }, (r, path) => {
    const e = r.engine as PosixaioEngine;
    const [a, b] = r.units;
    a.ddir = DDIR.READ;
    a.offset = 0;
    a.buflen = 4096;
    assert.equal(e.queue(a), Q.QUEUED);
    b.ddir = DDIR.TRIM;
    b.offset = 4096;
    b.buflen = 4096;
    assert.equal(e.queue(b), Q.BUSY);
    assert.equal(e.getEvents(1, 2, -1), 1);
    assert.equal(e.queue(b), Q.COMPLETED);
    assert.equal(b.error, 0);
    assert.ok(Deno.readFileSync(path).subarray(4096, 8192).every((x) => x === 0));
  });
});

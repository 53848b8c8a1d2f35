import assert from "node:assert/strict";
import { openFlags } from "../../src/engines/fileops.ts";
import { VsyncEngine } from "../../src/engines/vsync.ts";
import { DDIR, Q } from "../../src/engines/types.ts";
import { pattern, rig, tempFile } from "./helpers.ts";

Deno.test("vsync: contiguous units share one readv; a gap is BUSY", () => {
  const data = pattern(64 * 1024);
  const path = tempFile(data);
  const r = rig(new VsyncEngine(), path, openFlags({ read: true, write: false }), { depth: 4 });
  try {
    const [a, b, c, d] = r.units;
    for (const [i, io] of [a, b, c].entries()) {
      io.ddir = DDIR.READ;
      io.offset = 16384 + i * 4096;
      io.buflen = 4096;
      assert.equal(r.engine.queue(io), Q.QUEUED);
    }
    d.ddir = DDIR.READ;
    d.offset = 0;
    d.buflen = 4096;
    assert.equal(r.engine.queue(d), Q.BUSY);
    assert.equal(r.engine.commit(), 0);
    assert.equal(r.engine.getEvents(1, 4, -1), 3);
    for (let i = 0; i < 3; i++) {
      const io = r.engine.event(i);
      assert.equal(io, r.units[i]);
      assert.equal(io.result, 4096);
      assert.deepEqual(io.buf.subarray(0, 4096), data.subarray(io.offset, io.offset + 4096));
    }
    assert.equal(r.engine.queue(d), Q.QUEUED);
    r.engine.commit();
    assert.equal(r.engine.getEvents(1, 4, -1), 1);
    assert.deepEqual(d.buf.subarray(0, 4096), data.subarray(0, 4096));
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

Deno.test("vsync: a short vector transfer fills earlier units first", () => {
  const data = pattern(10000);
  const path = tempFile(data);
  const r = rig(new VsyncEngine(), path, openFlags({ read: true, write: false }), { depth: 3 });
  try {
    for (const [i, io] of r.units.entries()) {
      io.ddir = DDIR.READ;
      io.offset = 4096 * i;
      io.buflen = 4096;
      assert.equal(r.engine.queue(io), Q.QUEUED);
    }
    r.engine.commit();
    assert.equal(r.engine.getEvents(1, 3, -1), 3);
    assert.deepEqual(r.units.map((u) => [u.result, u.resid]), [[4096, 0], [4096, 0], [1808, 2288]]);
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

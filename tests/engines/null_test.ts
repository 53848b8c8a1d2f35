import assert from "node:assert/strict";
import { NullEngine } from "../../src/engines/null.ts";
import { createEngine, IMPLEMENTED_ENGINES } from "../../src/engines/registry.ts";
import { DDIR, EngineFile, IoUnit, Q } from "../../src/engines/types.ts";

Deno.test("null: iodepth=1 completes in queue with the full length", () => {
  const e = new NullEngine();
  e.init({ iodepth: 1, options: {} });
  assert.equal(e.flags.sync, true);
  assert.equal(e.flags.diskless, true);
  const f = new EngineFile("/nonexistent/file");
  assert.equal(e.openFile(f), 0);
  assert.equal(f.fd, -1);
  const io = new IoUnit(0);
  io.file = f;
  io.ddir = DDIR.WRITE;
  io.offset = 1 << 40;
  io.buflen = 131072;
  assert.equal(e.queue(io), Q.COMPLETED);
  assert.deepEqual([io.result, io.resid, io.error], [131072, 0, 0]);
});

Deno.test("null: deeper queues batch until commit, then reap all", () => {
  const e = new NullEngine();
  e.init({ iodepth: 3, options: {} });
  assert.equal(e.flags.sync, false);
  const units = [0, 1, 2, 3].map((i) => {
    const io = new IoUnit(i);
    io.buflen = 4096;
    return io;
  });
  assert.equal(e.queue(units[0]), Q.QUEUED);
  assert.equal(e.queue(units[1]), Q.QUEUED);
  assert.equal(e.queue(units[2]), Q.QUEUED);
  assert.equal(e.queue(units[3]), Q.BUSY);
  assert.equal(e.getEvents(0, 3, 0), 0);
  e.commit();
  assert.equal(e.getEvents(1, 3, -1), 3);
  assert.deepEqual([e.event(0), e.event(1), e.event(2)], units.slice(0, 3));
  assert.throws(() => e.event(3), RangeError);
});

Deno.test("registry: builds each implemented engine by its fio name", () => {
  for (
    const name of [
      "libaio",
      "mmap",
      "null",
      "posixaio",
      "psync",
      "pvsync",
      "pvsync2",
      "sync",
      "vsync",
    ]
  ) {
    assert.ok(IMPLEMENTED_ENGINES.includes(name), name);
  }
  for (const name of IMPLEMENTED_ENGINES) assert.equal(createEngine(name)?.name, name);
  assert.equal(createEngine("rdma"), undefined);
  assert.equal(createEngine("toString"), undefined);
});

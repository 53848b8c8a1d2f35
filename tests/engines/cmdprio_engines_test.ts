/**
 * cmdprio inside the engines: the io_uring SQE's ioprio field and the
 * libaio iocb's aio_reqprio + IOCB_FLAG_IOPRIO carry the chosen priority,
 * the kernel completes such I/O, and refused settings fail the engine's
 * setup as fio's init does. (That the kernel really applies the value is
 * shown end to end in tests/e2e/cmdprio_test.ts: RT class as a non-root
 * user fails with EPERM.)
 */
import assert from "node:assert/strict";
import { type CmdprioSetup, cmdprioSetup, ioprioValue } from "../../src/engines/cmdprio.ts";
import { IoUringEngine } from "../../src/engines/io_uring.ts";
import { LibaioEngine } from "../../src/engines/libaio.ts";
import { DDIR, type IoEngine, IoUnit, Q } from "../../src/engines/types.ts";
import { SQE, SQE_WORDS } from "../../src/sys/io_uring.ts";
import { O } from "../../src/sys/libc.ts";
import { specOf } from "../worker/files/helpers.ts";
import { pattern, reapAll, type Rig, rig, tempFile, uringAvailable } from "./helpers.ts";

const IDLE5 = ioprioValue(3, 5);
const BE2 = ioprioValue(2, 2);

const URING_OK = uringAvailable();

/** An engine with cmdprio set up, `depth` io units and `path` open read-only. */
function setup(engine: IoEngine, path: string, cmdprio: CmdprioSetup, depth = 8): Rig {
  return rig(engine, path, O.RDONLY, { depth, cmdprio });
}

const spec = (engine: string, more: string[]) => specOf([`ioengine=${engine}`, ...more]);

Deno.test({
  name: "io_uring + cmdprio: each SQE's ioprio is the unit's choice; the kernel completes them",
  ignore: !URING_OK,
  fn() {
    const data = pattern(64 * 1024, 7);
    const path = tempFile(data);
    const cp = cmdprioSetup(
      spec("io_uring", [
        "prioclass=2",
        "prio=2",
        "cmdprio_percentage=50",
        "cmdprio_class=3",
        "cmdprio=5",
      ]),
    );
    const s = setup(new IoUringEngine(), path, cp);
    try {
      // deno-lint-ignore no-explicit-any
      const sqes = (s.engine as any).sqes as Uint32Array;
      const seen = new Set<number>();
      for (let round = 0; round < 8; round++) {
        for (const io of s.units) {
          io.ddir = DDIR.READ;
          io.buflen = 4096;
          io.offset = (io.index * 4096) % data.length;
          assert.equal(s.engine.queue(io), Q.QUEUED);
          const word = sqes[io.index * SQE_WORDS + SQE.OP_FLAGS_PRIO];
          assert.equal(word >>> 16, io.ioprio);
          assert.equal(io.ioprio, io.prioIndex === 0 ? BE2 : IDLE5);
          seen.add(io.ioprio);
        }
        assert.equal(s.engine.commit(), 0);
        for (const io of reapAll(s.engine, s.units.length)) {
          assert.deepEqual([io.result, io.error], [4096, 0]);
          assert.deepEqual(io.buf.subarray(0, 4096), data.subarray(io.offset, io.offset + 4096));
        }
      }
      assert.deepEqual([...seen].sort(), [BE2, IDLE5]);
    } finally {
      s.close();
      Deno.removeSync(path);
    }
  },
});

Deno.test({
  name: "io_uring without cmdprio: every read/write SQE carries the job's prio/prioclass",
  ignore: !URING_OK,
  fn() {
    const path = tempFile(pattern(16 * 1024, 2));
    const s = setup(
      new IoUringEngine(),
      path,
      cmdprioSetup(spec("io_uring", ["prioclass=3", "prio=5"])),
      4,
    );
    try {
      // deno-lint-ignore no-explicit-any
      const sqes = (s.engine as any).sqes as Uint32Array;
      for (const io of s.units) {
        io.ddir = DDIR.READ;
        io.buflen = 4096;
        io.offset = io.index * 4096;
        assert.equal(s.engine.queue(io), Q.QUEUED);
        assert.equal(sqes[io.index * SQE_WORDS + SQE.OP_FLAGS_PRIO] >>> 16, IDLE5);
      }
      assert.equal(s.engine.commit(), 0);
      assert.equal(reapAll(s.engine, s.units.length).length, 4);
    } finally {
      s.close();
      Deno.removeSync(path);
    }
  },
});

Deno.test("libaio + cmdprio: prioritized iocbs carry aio_reqprio and IOCB_FLAG_IOPRIO", () => {
  const data = pattern(64 * 1024, 9);
  const path = tempFile(data);
  const cp = cmdprioSetup(
    spec("libaio", ["cmdprio_percentage=50", "cmdprio_class=3", "cmdprio=5"]),
  );
  const s = setup(new LibaioEngine(), path, cp);
  try {
    // deno-lint-ignore no-explicit-any
    const w = (s.engine as any).w32 as Uint32Array;
    let prioritized = 0;
    for (let round = 0; round < 8; round++) {
      for (const io of s.units) {
        io.ddir = DDIR.READ;
        io.buflen = 4096;
        io.offset = (io.index * 4096) % data.length;
        assert.equal(s.engine.queue(io), Q.QUEUED);
        const b = io.index * 16;
        if (io.prioIndex !== 0) {
          prioritized++;
          assert.equal(w[b + 4] >>> 16, IDLE5);
          assert.equal(w[b + 14], 2);
        } else {
          // Others keep the process's priority: no flag, reqprio 0.
          assert.equal(w[b + 4] >>> 16, 0);
          assert.equal(w[b + 14], 0);
        }
      }
      assert.equal(s.engine.commit(), 0);
      for (const io of reapAll(s.engine, s.units.length)) {
        assert.deepEqual([io.result, io.error], [4096, 0]);
      }
    }
    assert.ok(prioritized > 10 && prioritized < 54, `${prioritized}`);
  } finally {
    s.close();
    Deno.removeSync(path);
  }
});

Deno.test("engines: refused cmdprio settings fail postInit as fio's init", () => {
  const bad = cmdprioSetup(spec("libaio", ["cmdprio_bssplit=4k/60:4k/60"]));
  const e = new LibaioEngine();
  assert.equal(e.init({ iodepth: 1, options: {}, cmdprio: bad }), 0);
  const f = e.postInit();
  e.cleanup();
  assert.deepEqual(f, {
    lines: [
      "fio: cmdprio_bssplit total percentage for bs: 4096 exceeds 100",
      "fio: io engine libaio init failed.",
    ],
    errno: 22,
    text: "file:engines/libaio.c:510, func=fio_libaio_init, error=Invalid argument",
  });
  const u = new IoUringEngine();
  u.init({ iodepth: 1, options: {}, cmdprio: bad });
  const g = u.postInit([new IoUnit(0)], []);
  u.cleanup();
  assert.equal(
    g?.text,
    "file:engines/io_uring.c:1096, func=fio_ioring_init, error=Invalid argument",
  );
  assert.equal(g?.lines[1], "fio: io engine io_uring init failed.");
});

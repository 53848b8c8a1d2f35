import assert from "node:assert/strict";
import { errnoName } from "../../src/sys/errno.ts";
import { O } from "../../src/sys/libc.ts";
import { openFlags } from "../../src/engines/fileops.ts";
import { PsyncEngine } from "../../src/engines/psync.ts";
import { PvsyncEngine } from "../../src/engines/pvsync.ts";
import { Pvsync2Engine } from "../../src/engines/pvsync2.ts";
import { SyncEngine } from "../../src/engines/sync.ts";
import { VsyncEngine } from "../../src/engines/vsync.ts";
import { DDIR, type IoEngine, type IoUnit, Q } from "../../src/engines/types.ts";
import { pattern, rig, tempFile } from "./helpers.ts";

const ENGINES: Record<string, () => IoEngine> = {
  sync: () => new SyncEngine(),
  psync: () => new PsyncEngine(),
  vsync: () => new VsyncEngine(),
  pvsync: () => new PvsyncEngine(),
  pvsync2: () => new Pvsync2Engine(),
};

/** Runs one io unit to completion whatever kind of engine it is. */
function run(engine: IoEngine, io: IoUnit): void {
  const st = engine.queue(io);
  if (st === Q.COMPLETED) return;
  assert.equal(st, Q.QUEUED);
  assert.equal(engine.commit(), 0);
  assert.equal(engine.getEvents(1, 1, -1), 1);
  assert.equal(engine.event(0), io);
}

for (const [name, make] of Object.entries(ENGINES)) {
  Deno.test(`${name}: reads return the bytes at each offset`, () => {
    const data = pattern(64 * 1024);
    const path = tempFile(data);
    const r = rig(make(), path, openFlags({ read: true, write: false }));
    try {
      const io = r.units[0];
      // Out of order and unaligned offsets: the engine must honour each one.
      for (const off of [40960, 0, 12288, 4096, 4097, 60000 - 4096]) {
        io.ddir = DDIR.READ;
        io.offset = off;
        io.buflen = 4096;
        run(r.engine, io);
        assert.equal(io.result, 4096, `${name} @${off}`);
        assert.equal(io.resid, 0);
        assert.equal(io.error, 0);
        assert.deepEqual(io.buf.subarray(0, 4096), data.subarray(off, off + 4096), `@${off}`);
      }
    } finally {
      r.close();
      Deno.removeSync(path);
    }
  });

  Deno.test(`${name}: writes land at their offsets`, () => {
    const size = 32 * 1024;
    const path = tempFile(new Uint8Array(size));
    const r = rig(make(), path, openFlags({ read: true, write: true }));
    const expect = new Uint8Array(size);
    try {
      const io = r.units[0];
      for (const [off, seed] of [[8192, 3], [0, 4], [20480, 5]]) {
        const p = pattern(4096, seed);
        io.buf.set(p);
        io.ddir = DDIR.WRITE;
        io.offset = off;
        io.buflen = 4096;
        run(r.engine, io);
        assert.equal(io.result, 4096);
        expect.set(p, off);
      }
      io.ddir = DDIR.SYNC;
      io.buflen = 0;
      run(r.engine, io);
      assert.equal(io.error, 0);
      assert.deepEqual(Deno.readFileSync(path), expect);
    } finally {
      r.close();
      Deno.removeSync(path);
    }
  });

  Deno.test(`${name}: a read past EOF is short; resid holds the rest`, () => {
    const path = tempFile(pattern(10000));
    const r = rig(make(), path, openFlags({ read: true, write: false }));
    try {
      const io = r.units[0];
      io.ddir = DDIR.READ;
      io.offset = 9000;
      io.buflen = 4096;
      run(r.engine, io);
      assert.equal(io.result, 1000);
      assert.equal(io.resid, 3096);
      assert.equal(io.error, 0);
    } finally {
      r.close();
      Deno.removeSync(path);
    }
  });

  Deno.test(`${name}: a closed descriptor gives -EBADF`, () => {
    const path = tempFile(pattern(8192));
    const r = rig(make(), path, openFlags({ read: true, write: false }));
    try {
      const io = r.units[0];
      r.engine.closeFile(r.file);
      r.file.fd = 1 << 20; // far above any open descriptor
      io.ddir = DDIR.READ;
      io.offset = 0;
      io.buflen = 4096;
      run(r.engine, io);
      assert.equal(io.result, -9);
      assert.equal(io.error, 9);
      assert.equal(errnoName(io.result), "EBADF");
      assert.equal(io.resid, 4096);
    } finally {
      r.file.fd = -1;
      r.close();
      Deno.removeSync(path);
    }
  });

  Deno.test(`${name}: O_DIRECT with a misaligned offset gives -EINVAL`, () => {
    const path = tempFile(pattern(16384));
    let r;
    try {
      r = rig(make(), path, openFlags({ read: true, write: false, direct: true }));
    } catch {
      Deno.removeSync(path);
      console.log("O_DIRECT not supported on the temp dir; skipped");
      return;
    }
    try {
      const io = r.units[0];
      io.ddir = DDIR.READ;
      io.buflen = 4096;
      io.offset = 4096;
      run(r.engine, io);
      assert.equal(io.result, 4096);
      io.offset = 100;
      run(r.engine, io);
      assert.equal(io.result, -22);
      assert.equal(errnoName(io.error), "EINVAL");
    } finally {
      r.close();
      Deno.removeSync(path);
    }
  });
}

Deno.test("openFlags: fio's choices", () => {
  assert.equal(openFlags({ read: true, write: false }), O.RDONLY | O.CLOEXEC);
  assert.equal(openFlags({ read: false, write: true }), O.RDWR | O.CLOEXEC);
  assert.equal(openFlags({ read: false, write: false, trim: true }), O.RDWR | O.CLOEXEC);
  assert.equal(
    openFlags({ read: true, write: true, direct: true, sync: "dsync", create: true }),
    O.RDWR | O.DIRECT | O.DSYNC | O.CREAT | O.CLOEXEC,
  );
});

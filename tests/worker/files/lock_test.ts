import assert from "node:assert/strict";
import { EngineFile, type IoEngine, IoUnit } from "../../../src/engines/types.ts";
import { FileLocks, fileLocks, LOCK, readLockMode } from "../../../src/worker/files/lock.ts";
import { cPath, libc, O } from "../../../src/sys/libc.ts";
import { specOf } from "./helpers.ts";

const LOCK_NB = 4;

/** Two descriptors on one file: the job's and another job's. */
function twoFds(): { io: IoUnit; other: number; done: () => void } {
  const dir = Deno.makeTempDirSync({ prefix: "dfio_lock_" });
  const path = `${dir}/f`;
  Deno.writeFileSync(path, new Uint8Array(4096));
  const c = libc();
  const f = new EngineFile(path);
  f.fd = c.open(cPath(path), O.RDWR, 0);
  const other = c.open(cPath(path), O.RDWR, 0);
  const io = new IoUnit(0);
  io.file = f;
  return {
    io,
    other,
    done() {
      c.close(f.fd);
      c.close(other);
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

/** Whether another job could take the lock `op` now. */
function othersCan(fd: number, op: number): boolean {
  const c = libc();
  if (c.flock(fd, op | LOCK_NB) !== 0) return false;
  c.flock(fd, LOCK.UN);
  return true;
}

Deno.test("readLockMode: the option's value, none by default", () => {
  assert.equal(readLockMode(specOf(["rw=read"])), "none");
  assert.equal(readLockMode(specOf(["rw=read", "lockfile=exclusive"])), "exclusive");
  assert.equal(readLockMode(specOf(["rw=read", "lockfile=readwrite"])), "readwrite");
});

Deno.test("exclusive: one I/O at the file at a time, reads included", () => {
  const { io, other, done } = twoFds();
  try {
    const l = new FileLocks("exclusive");
    io.ddir = 0;
    l.lock(io);
    assert.equal(othersCan(other, LOCK.SH), false);
    l.unlock(io);
    assert.equal(othersCan(other, LOCK.EX), true);
  } finally {
    done();
  }
});

Deno.test("readwrite: reads share the file, a write has it alone", () => {
  const { io, other, done } = twoFds();
  try {
    const l = new FileLocks("readwrite");
    io.ddir = 0;
    l.lock(io);
    assert.equal(othersCan(other, LOCK.SH), true);
    assert.equal(othersCan(other, LOCK.EX), false);
    l.unlock(io);
    io.ddir = 1;
    l.lock(io);
    assert.equal(othersCan(other, LOCK.SH), false);
    l.unlock(io);
    assert.equal(othersCan(other, LOCK.EX), true);
  } finally {
    done();
  }
});

Deno.test("fileLocks: none gives null; queueing engines are refused", () => {
  const engine = (name: string, sync: boolean) =>
    ({ name, flags: { sync } }) as unknown as IoEngine;
  const psync = engine("psync", true);
  assert.equal(fileLocks("none", psync, 1), null);
  assert.ok(fileLocks("exclusive", psync, 1) instanceof FileLocks);
  const libaio = engine("libaio", false);
  assert.throws(() => fileLocks("readwrite", libaio, 4), {
    message: "fio: option 'lockfile' is not supported yet with ioengine=libaio",
  });
});

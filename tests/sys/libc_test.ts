import assert from "node:assert/strict";
import { errnoName } from "../../src/sys/errno.ts";
import {
  cPath,
  errno,
  gettid,
  libc,
  O,
  pageSize,
  SEEK_END,
  SEEK_SET,
  strerror,
} from "../../src/sys/libc.ts";

function tmpFile(): string {
  return Deno.makeTempFileSync({ prefix: "dfio-libc-" });
}

Deno.test("libc: pwrite then pread round-trips bytes at the given offset", () => {
  const c = libc();
  const path = tmpFile();
  try {
    const fd = c.open(cPath(path), O.RDWR, 0o644);
    assert.ok(fd >= 0);
    const out = new Uint8Array(4096).map((_, i) => (i * 7) & 0xff);
    const outAddr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(out)));
    assert.equal(c.pwrite(fd, outAddr, 4096n, 8192n), 4096);
    const back = new Uint8Array(4096);
    const backAddr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(back)));
    assert.equal(c.pread(fd, backAddr, 4096n, 8192n), 4096);
    assert.deepEqual(back, out);
    // The hole before the data reads as zeros.
    assert.equal(c.pread(fd, backAddr, 4096n, 0n), 4096);
    assert.ok(back.every((b) => b === 0));
    assert.equal(c.lseek64(fd, 0n, SEEK_END), 12288n);
    assert.equal(c.close(fd), 0);
    assert.deepEqual(Deno.readFileSync(path).subarray(8192), out);
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("libc: a bad descriptor sets errno EBADF with glibc's message", () => {
  const c = libc();
  const buf = new Uint8Array(16);
  const addr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buf)));
  assert.equal(c.pread(-1, addr, 16n, 0n), -1);
  assert.equal(errno(), 9);
  assert.equal(errnoName(errno()), "EBADF");
  assert.equal(strerror(9), "Bad file descriptor");
});

Deno.test("libc: 64-bit offsets survive lseek on a sparse file", () => {
  const c = libc();
  const path = tmpFile();
  try {
    const fd = c.open(cPath(path), O.RDWR, 0o644);
    for (const off of [0n, 0x7fffffffn, 0x100000000n, 0x12345679000n]) {
      assert.equal(c.lseek64(fd, off, SEEK_SET), off);
    }
    c.close(fd);
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("libc: page size, pid and tid", () => {
  assert.equal(pageSize(), 4096);
  const pid = libc().getpid();
  assert.equal(pid, Deno.pid);
  assert.ok(gettid() > 0);
});

Deno.test("libc: a Worker opens its own libc and has its own tid", async () => {
  const url = new URL("./fixtures/libc_worker.ts", import.meta.url);
  const w = new Worker(url, { type: "module" });
  try {
    const reply = await new Promise<{ tid: number; pid: number; read: number[] }>((res, rej) => {
      w.onmessage = (e) => res(e.data);
      w.onerror = (e) => rej(e);
    });
    assert.equal(reply.pid, Deno.pid);
    assert.notEqual(reply.tid, Deno.pid);
    assert.ok(reply.tid > 0);
    assert.deepEqual(reply.read, [1, 2, 3, 4]);
  } finally {
    w.terminate();
  }
});

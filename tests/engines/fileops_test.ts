import assert from "node:assert/strict";
import { cPath, libc, O, POSIX_FADV } from "../../src/sys/libc.ts";
import { fstatFd } from "../../src/sys/stat.ts";
import { openFlags } from "../../src/engines/fileops.ts";
import { PsyncEngine } from "../../src/engines/psync.ts";
import { DDIR, Q } from "../../src/engines/types.ts";
import { pattern, rig, tempFile } from "./helpers.ts";

function blocksOf(path: string): number {
  const c = libc();
  const fd = c.open(cPath(path), O.RDONLY, 0);
  const st = fstatFd(fd);
  c.close(fd);
  if (typeof st === "number") throw new Error(`fstat ${st}`);
  return st.blocks;
}

Deno.test("trim: punches a hole in a file (blocks drop, size stays, reads zero)", () => {
  const size = 1 << 20;
  const path = tempFile(pattern(size));
  const r = rig(new PsyncEngine(), path, openFlags({ read: true, write: false, trim: true }));
  try {
    const io = r.units[0];
    io.ddir = DDIR.DATASYNC;
    assert.equal(r.engine.queue(io), Q.COMPLETED);
    const before = blocksOf(path);
    io.ddir = DDIR.TRIM;
    io.offset = 256 * 1024;
    io.buflen = 512 * 1024;
    assert.equal(r.engine.queue(io), Q.COMPLETED);
    assert.equal(io.error, 0);
    assert.equal(io.result, 512 * 1024);
    assert.equal(io.resid, 0);
    const after = blocksOf(path);
    assert.equal(before - after, 1024, `blocks ${before} -> ${after}`); // 512 KiB in sectors
    const back = Deno.readFileSync(path);
    assert.equal(back.length, size);
    assert.ok(back.subarray(256 * 1024, 768 * 1024).every((b) => b === 0));
    assert.deepEqual(back.subarray(0, 256 * 1024), pattern(size).subarray(0, 256 * 1024));
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

Deno.test("sync ops: fsync, fdatasync and sync_file_range succeed on a file", () => {
  const path = tempFile(pattern(65536));
  const r = rig(new PsyncEngine(), path, openFlags({ read: true, write: true }));
  try {
    const io = r.units[0];
    io.offset = 0;
    io.buflen = 65536;
    for (const d of [DDIR.SYNC, DDIR.DATASYNC, DDIR.SYNC_FILE_RANGE]) {
      io.ddir = d;
      assert.equal(r.engine.queue(io), Q.COMPLETED);
      assert.equal(io.error, 0, `ddir ${d}`);
      assert.equal(io.result, 65536);
    }
    // fdatasync on a read-only pipe-like target fails; a closed fd reports EBADF.
    const fd = r.file.fd;
    r.file.fd = 1 << 20;
    io.ddir = DDIR.SYNC;
    r.engine.queue(io);
    assert.equal(io.result, -9);
    r.file.fd = fd;
    assert.equal(libc().posix_fadvise(fd, 0n, 0n, POSIX_FADV.DONTNEED), 0);
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

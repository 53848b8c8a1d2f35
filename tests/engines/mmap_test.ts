import assert from "node:assert/strict";
import { MmapEngine } from "../../src/engines/mmap.ts";
import { DDIR, Q } from "../../src/engines/types.ts";
import { O } from "../../src/sys/libc.ts";
import { pattern, rig, tempFile } from "./helpers.ts";

Deno.test("mmap: reads copy from the mapping at the unit's offset", () => {
  const data = pattern(256 * 1024, 4);
  const path = tempFile(data);
  const r = rig(new MmapEngine(), path, O.RDONLY, { bs: 8192 });
  try {
    const io = r.units[0];
    io.ddir = DDIR.READ;
    io.buflen = 8192;
    for (const off of [0, 200704, 4096, 253952 - 4096]) {
      io.offset = off;
      assert.equal(r.engine.queue(io), Q.COMPLETED);
      assert.deepEqual([io.result, io.resid, io.error], [8192, 0, 0]);
      assert.deepEqual(io.buf.subarray(0, 8192), data.subarray(off, off + 8192));
    }
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

Deno.test("mmap: writes reach the file, msync for sync, trim punches a hole", () => {
  const path = tempFile(pattern(64 * 1024, 2));
  const r = rig(new MmapEngine(), path, O.RDWR, { bs: 4096 });
  try {
    const io = r.units[0];
    io.ddir = DDIR.WRITE;
    io.offset = 12288;
    io.buflen = 4096;
    io.buf.fill(0x5a, 0, 4096);
    assert.equal(r.engine.queue(io), Q.COMPLETED);
    assert.equal(io.result, 4096);
    io.ddir = DDIR.SYNC;
    io.buflen = 0;
    assert.equal(r.engine.queue(io), Q.COMPLETED);
    assert.equal(io.error, 0);
    const back = Deno.readFileSync(path);
    assert.ok(back.subarray(12288, 16384).every((b) => b === 0x5a));
    assert.deepEqual(back.subarray(0, 12288), pattern(64 * 1024, 2).subarray(0, 12288));
    io.ddir = DDIR.TRIM;
    io.offset = 0;
    io.buflen = 4096;
    assert.equal(r.engine.queue(io), Q.COMPLETED);
    assert.equal(io.error, 0);
    assert.ok(Deno.readFileSync(path).subarray(0, 4096).every((b) => b === 0));
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

Deno.test("mmap: an I/O past the end of the file fails with EINVAL instead of faulting", () => {
  const path = tempFile(pattern(16 * 1024));
  const r = rig(new MmapEngine(), path, O.RDONLY, { bs: 4096 });
  try {
    const io = r.units[0];
    io.ddir = DDIR.READ;
    io.offset = 16 * 1024 - 2048;
    io.buflen = 4096;
    assert.equal(r.engine.queue(io), Q.COMPLETED);
    assert.deepEqual([io.error, io.result, io.resid], [22, -22, 4096]);
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

Deno.test("mmap: fio's page-size check for direct/fsync jobs is reported by postInit", () => {
  const e = new MmapEngine();
  e.init({ iodepth: 1, options: { direct: true }, rwMinBs: 1000 });
  assert.deepEqual(e.postInit(), {
    lines: [
      "fio: mmap options dictate a minimum block size of 4096 bytes",
      "fio: io engine mmap init failed.",
    ],
    errno: 1,
    text: "",
  });
  e.init({ iodepth: 4, options: { fsync: 2 }, rwMinBs: 2048 });
  assert.equal(
    e.postInit()?.lines[1],
    "fio: io engine mmap init failed. Perhaps try reducing io depth?",
  );
  e.init({ iodepth: 4, options: { fsync: 2 }, rwMinBs: 8192 });
  assert.equal(e.postInit(), null);
  e.init({ iodepth: 4, options: {}, rwMinBs: 512 });
  assert.equal(e.postInit(), null);
});

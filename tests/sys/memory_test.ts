import assert from "node:assert/strict";
import { errnoName } from "../../src/sys/errno.ts";
import { cPath, errno, libc, O } from "../../src/sys/libc.ts";
import { allocAligned, allocBuffer, allocMapped, pointerAt } from "../../src/sys/memory.ts";

Deno.test("memory: posix_memalign buffers are aligned and writable", () => {
  for (const align of [512, 4096, 65536]) {
    const b = allocAligned(8192, align);
    try {
      assert.equal(b.address % BigInt(align), 0n);
      assert.equal(b.bytes.length, 8192);
      assert.equal(b.buffer.byteLength, 8192);
      b.bytes.fill(0xab);
      assert.equal(new Uint8Array(b.buffer)[8191], 0xab);
      assert.equal(BigInt(Deno.UnsafePointer.value(b.pointer)), b.address);
    } finally {
      b.release();
      b.release(); // idempotent
    }
  }
  assert.throws(() => allocAligned(4096, 3), RangeError);
  assert.throws(() => allocAligned(0), RangeError);
});

Deno.test("memory: mmap buffers are page aligned and zero filled", () => {
  const b = allocMapped(1 << 20);
  try {
    assert.equal(b.address % 4096n, 0n);
    assert.equal(b.kind, "mmap");
    assert.ok(b.bytes.every((x) => x === 0));
    b.bytes[12345] = 7;
    const view = new Uint8Array(
      Deno.UnsafePointerView.getArrayBuffer(pointerAt(b.pointer, 12345), 1),
    );
    assert.equal(view[0], 7);
  } finally {
    b.release();
  }
  const shared = allocBuffer(4096, "mmapshared");
  assert.equal(shared.kind, "mmapshared");
  shared.release();
});

Deno.test("memory: O_DIRECT reads into an aligned buffer, EINVAL when misaligned", () => {
  const c = libc();
  const path = Deno.makeTempFileSync({ prefix: "dfio-direct-" });
  const data = new Uint8Array(8192).map((_, i) => i % 251);
  Deno.writeFileSync(path, data);
  const fd = c.open(cPath(path), O.RDONLY | O.DIRECT, 0);
  if (fd < 0) {
    Deno.removeSync(path);
    console.log(`O_DIRECT unsupported on the temp dir (${errnoName(errno())}); skipped`);
    return;
  }
  const b = allocAligned(8192, 4096);
  try {
    assert.equal(c.pread(fd, b.address, 4096n, 4096n), 4096);
    assert.deepEqual(b.bytes.subarray(0, 4096), data.subarray(4096));
    // One byte off the alignment: the kernel refuses the transfer.
    assert.equal(c.pread(fd, b.address + 1n, 4096n, 0n), -1);
    assert.equal(errnoName(errno()), "EINVAL");
  } finally {
    b.release();
    c.close(fd);
    Deno.removeSync(path);
  }
});

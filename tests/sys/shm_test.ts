import assert from "node:assert/strict";
import {
  allocShm,
  BufferAllocError,
  hugePagesAvailable,
  shmSegmentSize,
} from "../../src/sys/shm.ts";

Deno.test("shmSegmentSize: fio 3.33's segment sizes (ipcs -m)", () => {
  // libaio iodepth=3 bs=12k: 36864; direct bs=12k: 20478; iomem_align=256: 20734.
  assert.equal(shmSegmentSize(3 * 12288, false, 0), 36864);
  assert.equal(shmSegmentSize(12288, true, 0), 20478);
  assert.equal(shmSegmentSize(12288 + 256, true, 0), 20734);
  assert.equal(shmSegmentSize(2 * 4096, true, 0), 16382);
  assert.equal(shmSegmentSize(5120, false, 0), 5120);
  // shmhuge rounds up to the huge page size.
  assert.equal(shmSegmentSize(8192, true, 2 * 1024 * 1024), 2 * 1024 * 1024);
  assert.equal(shmSegmentSize(3 * 1024 * 1024, false, 2 * 1024 * 1024), 4 * 1024 * 1024);
});

Deno.test("allocShm: a usable private segment, released by detach", () => {
  const b = allocShm(8192, false);
  try {
    assert.equal(b.size, 8192);
    assert.equal(b.kind, "shm");
    assert.equal(b.address % 4096n, 0n);
    // A new segment is zero-filled and writable.
    assert.equal(b.bytes.reduce((a, x) => a + x, 0), 0);
    b.bytes[8191] = 0xa5;
    assert.equal(b.bytes[8191], 0xa5);
  } finally {
    b.release();
    b.release();
  }
});

Deno.test({
  name: "allocShm huge without huge pages: ENOMEM and fio's hint",
  ignore: hugePagesAvailable(),
  fn() {
    assert.throws(() => allocShm(2 * 1024 * 1024, true), (e: unknown) => {
      assert.ok(e instanceof BufferAllocError);
      assert.equal(e.errno, 12);
      assert.equal(e.text, "file:memory.c:78, func=shmget, error=Cannot allocate memory");
      assert.deepEqual(e.lines, [
        "fio: no huge pages available, do you need to allocate some? See HOWTO.",
      ]);
      return true;
    });
  },
});

import assert from "node:assert/strict";
import { IoUnit } from "../../src/engines/types.ts";
import {
  allocateBuffers,
  BufferContents,
  bufferContents,
  fillWriteBuffer,
} from "../../src/worker/buffers.ts";
import { inTempDir, specOf } from "./files/helpers.ts";

function units(n: number): IoUnit[] {
  return Array.from({ length: n }, (_, i) => new IoUnit(i));
}

function addr(u: IoUnit): number {
  return Number(u.bufAddr);
}

Deno.test("malloc buffers: iodepth slots of maxBs, page aligned + iomem_align", () => {
  const us = units(4);
  const free = allocateBuffers(specOf(["rw=read", "iomem_align=512"]), us, 8192, false);
  try {
    assert.equal(addr(us[0]) % 4096, 512);
    assert.deepEqual(us.map((u) => addr(u) - addr(us[0])), [0, 8192, 16384, 24576]);
    assert.ok(us.every((u) => u.buf.length === 8192));
    assert.equal(us[2].iov32[0] + us[2].iov32[1] * 2 ** 32, addr(us[2]));
  } finally {
    free();
  }
});

Deno.test("direct=1 buffers are page aligned; mmap and mmapshared work", () => {
  for (const mem of ["malloc", "mmap", "mmapshared"]) {
    const us = units(2);
    const free = allocateBuffers(specOf(["rw=read", `mem=${mem}`]), us, 4096, true);
    try {
      assert.ok(us.every((u) => addr(u) % 4096 === 0), mem);
      us[1].buf.fill(9);
      assert.equal(us[1].buf[4095], 9);
    } finally {
      free();
    }
  }
});

Deno.test("mem=mmap:/file maps a backing file and removes it afterwards", async () => {
  await inTempDir((dir) => {
    const us = units(2);
    const free = allocateBuffers(specOf(["rw=read", `mem=mmap:${dir}/m`]), us, 4096, false);
    assert.equal(Deno.statSync(`${dir}/m`).size, 8192);
    free();
    assert.throws(() => Deno.statSync(`${dir}/m`), Deno.errors.NotFound);
  });
});

Deno.test("mem=shm: SysV shared memory buffers with iomem_align applied", () => {
  const us = units(2);
  const free = allocateBuffers(specOf(["rw=read", "mem=shm", "iomem_align=512"]), us, 4096, true);
  try {
    assert.equal(addr(us[0]) % 4096, 512);
    assert.equal(addr(us[1]) - addr(us[0]), 4096);
    us[1].buf.fill(7);
    assert.equal(us[1].buf[4095], 7);
  } finally {
    free();
  }
});

Deno.test("write buffers start with fio's random bytes (job 1, randseed 0x89)", () => {
  const us = units(1);
  const free = allocateBuffers(specOf(["rw=write"]), us, 4096, false);
  try {
    // First bytes of fio 3.33's write buffer for this job (od of its file).
    assert.deepEqual(
      [...us[0].buf.subarray(0, 16)],
      [
        0x35,
        0xe0,
        0x28,
        0xcc,
        0x38,
        0xa0,
        0x99,
        0x16,
        0x6a,
        0xc0,
        0x51,
        0x98,
        0x71,
        0x40,
        0x33,
        0x2d,
      ],
    );
  } finally {
    free();
  }
});

Deno.test("zero_buffers, buffer_pattern and a tail shorter than a word", () => {
  const z = new BufferContents(specOf(["zero_buffers=1"]));
  const b = new Uint8Array(4096).fill(1);
  z.fill(b, 4096);
  assert.ok(b.every((v) => v === 0));
  assert.equal(z.scramble, false);
  const p = new BufferContents(specOf(["buffer_pattern=0xdeadbeef"]));
  p.fill(b, 10);
  assert.deepEqual([...b.subarray(0, 10)], [
    0xde,
    0xad,
    0xbe,
    0xef,
    0xde,
    0xad,
    0xbe,
    0xef,
    0xde,
    0xad,
  ]);
  assert.equal(p.scramble, false);
  const r = new BufferContents(specOf([]));
  const odd = new Uint8Array(13);
  r.fill(odd.subarray(1), 12);
  assert.ok(odd.subarray(1).some((v) => v !== 0));
});

Deno.test("scramble stamps offset and time per 512-byte sector; refill rewrites", () => {
  const spec = specOf(["rw=write", "bs=4k"]);
  const us = units(1);
  const free = allocateBuffers(spec, us, 4096, false);
  try {
    const io = us[0];
    const before = io.buf.slice();
    io.buflen = 4096;
    io.offset = 0x12345600;
    fillWriteBuffer(io, bufferContents(spec), 5_000_000_123);
    const w = new Uint32Array(io.buf.buffer, io.buf.byteOffset, 1024);
    for (let s = 0; s < 8; s++) {
      const words = [...w.subarray(s * 128, s * 128 + 128)];
      assert.ok(words.includes(0x12345600 + s * 512), `sector ${s} offset`);
      assert.deepEqual(words.slice(12, 16), [5, 0, 123, 0], `sector ${s} time`);
    }
    assert.notDeepEqual(io.buf, before);

    const rspec = specOf(["rw=write", "refill_buffers=1"]);
    const ru = units(1);
    const rfree = allocateBuffers(rspec, ru, 4096, false);
    const first = ru[0].buf.slice();
    ru[0].buflen = 4096;
    fillWriteBuffer(ru[0], bufferContents(rspec), 0);
    assert.notDeepEqual(ru[0].buf, first);
    assert.equal(bufferContents(rspec).refill, true);
    rfree();
  } finally {
    free();
  }
});

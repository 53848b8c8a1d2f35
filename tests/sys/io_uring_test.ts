/**
 * The raw io_uring interface: ring geometry from io_uring_setup, the
 * mapped views, a NOP round trip through SQE/CQE words, the probe, and the
 * test-only setup fault hook.
 */
import assert from "node:assert/strict";
import {
  CQE,
  IORING_ENTER,
  IORING_FEAT,
  IORING_OP,
  IORING_SETUP,
  Ring,
  SETUP_FAULT_ENV,
  SQE,
  SQE_WORDS,
  UringError,
} from "../../src/sys/io_uring.ts";

Deno.test("io_uring ring: geometry and a NOP round trip with a 64-bit user_data", () => {
  const ring = Ring.create({ entries: 8, flags: IORING_SETUP.CQSIZE, cqEntries: 8 });
  try {
    assert.equal(ring.sqEntries, 8);
    assert.equal(ring.cqEntries, 8);
    assert.equal(ring.sqMask, 7);
    assert.equal(ring.cqMask, 7);
    assert.notEqual(ring.features & IORING_FEAT.SINGLE_MMAP, 0);
    const tail = ring.sq[ring.sqTail];
    const w = ring.sqes;
    w.fill(0, 0, SQE_WORDS);
    w[SQE.OP_FLAGS_PRIO] = IORING_OP.NOP;
    w[SQE.USER_DATA_LO] = 0x89abcdef;
    w[SQE.USER_DATA_HI] = 0x01234567;
    ring.sq[ring.sqArray + (tail & ring.sqMask)] = 0;
    Atomics.store(ring.sq, ring.sqTail, tail + 1);
    assert.equal(ring.enter(1, 1, IORING_ENTER.GETEVENTS), 1);
    const head = ring.cq[ring.cqHead];
    assert.equal(Atomics.load(ring.cq, ring.cqTail), (head + 1) >>> 0);
    const e = ring.cqCqes + ((head & ring.cqMask) << 2);
    assert.equal(ring.cq[e + CQE.USER_DATA_LO], 0x89abcdef);
    assert.equal(ring.cq[e + CQE.USER_DATA_HI], 0x01234567);
    assert.equal(ring.cqI32[e + CQE.RES], 0);
    Atomics.store(ring.cq, ring.cqHead, head + 1);
  } finally {
    ring.close();
  }
});

Deno.test("io_uring ring: the probe knows READ/WRITE and not an unknown opcode", () => {
  const ring = Ring.create({ entries: 2, flags: 0 });
  try {
    assert.equal(ring.supports(IORING_OP.READ), true);
    assert.equal(ring.supports(IORING_OP.WRITE), true);
    assert.equal(ring.supports(250), false);
  } finally {
    ring.close();
  }
});

Deno.test("io_uring ring: unknown setup flags fail with EINVAL as a UringError", () => {
  assert.throws(
    () => Ring.create({ entries: 2, flags: 1 << 30 }),
    (e: unknown) => e instanceof UringError && e.call === "io_uring_setup" && e.errno === 22,
  );
});

Deno.test("io_uring ring: the fault hook fails setup with the given errno", () => {
  Deno.env.set(SETUP_FAULT_ENV, "1");
  try {
    assert.throws(
      () => Ring.create({ entries: 2, flags: 0 }),
      (e: unknown) => e instanceof UringError && e.errno === 1,
    );
  } finally {
    Deno.env.delete(SETUP_FAULT_ENV);
  }
  Ring.create({ entries: 2, flags: 0 }).close();
});

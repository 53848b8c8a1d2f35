/**
 * The raw io_uring interface: ring geometry from io_uring_setup, the
 * mapped views, a NOP round trip through SQE/CQE words, the probe, the
 * ring registered with its thread, and the test-only setup fault hook.
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
import { libc, O } from "../../src/sys/libc.ts";

/** Submits one NOP with `user_data` lo word `tag` and checks its completion. */
function nopRoundTrip(ring: Ring, tag: number): void {
  const tail = ring.sq[ring.sqTail];
  ring.sqes.fill(0, 0, SQE_WORDS);
  ring.sqes[SQE.OP_FLAGS_PRIO] = IORING_OP.NOP;
  ring.sqes[SQE.USER_DATA_LO] = tag;
  ring.sq[ring.sqArray + (tail & ring.sqMask)] = 0;
  Atomics.store(ring.sq, ring.sqTail, tail + 1);
  assert.equal(ring.enter(1, 1, IORING_ENTER.GETEVENTS), 1);
  const head = ring.cq[ring.cqHead];
  const e = ring.cqCqes + ((head & ring.cqMask) << 2);
  assert.equal(ring.cq[e + CQE.USER_DATA_LO], tag);
  Atomics.store(ring.cq, ring.cqHead, head + 1);
}

Deno.test("io_uring ring: a ring registered with its thread is entered by slot, not by fd", () => {
  const c = libc();
  const ring = Ring.create({ entries: 4, flags: 0 });
  let slot: number;
  try {
    assert.equal(ring.registeredSlot, -1);
    assert.equal(ring.registerWithThread(), true);
    slot = ring.registeredSlot;
    assert.ok(slot >= 0);
    // With /dev/null where the ring's fd was, only the registered slot
    // reaches the ring; the fd comes back afterwards for close().
    const dup = (fd: number) => Number(c.syscall(32n, BigInt(fd), 0n, 0n, 0n, 0n, 0n));
    const dup2 = (fd: number, to: number) =>
      Number(c.syscall(33n, BigInt(fd), BigInt(to), 0n, 0n, 0n, 0n));
    const saved = dup(ring.fd);
    const nul = c.open(new TextEncoder().encode("/dev/null\0"), O.RDONLY, 0);
    assert.ok(saved >= 0 && nul >= 0);
    assert.equal(dup2(nul, ring.fd), ring.fd);
    c.close(nul);
    try {
      nopRoundTrip(ring, 0x5a5a);
    } finally {
      assert.equal(dup2(saved, ring.fd), ring.fd);
      c.close(saved);
    }
  } finally {
    ring.close();
  }
  // close() unregistered it: a new ring gets the freed slot and works.
  const again = Ring.create({ entries: 4, flags: 0 });
  try {
    assert.equal(again.registerWithThread(), true);
    assert.equal(again.registeredSlot, slot);
    nopRoundTrip(again, 0x1234);
  } finally {
    again.close();
  }
});

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

/**
 * The io_uring engine driven in-process: data and offsets, each engine
 * option taking effect in the kernel (registered buffers and files, the
 * SQPOLL thread, opcodes), error completions, one enter per batch, and the
 * unavailable report. Runs of the whole tool beside fio are in
 * tests/e2e/io_uring_test.ts.
 */
import assert from "node:assert/strict";
import { IoUringEngine } from "../../src/engines/io_uring.ts";
import { unavailable } from "../../src/engines/io_uring_setup.ts";
import { openFlags } from "../../src/engines/fileops.ts";
import { DDIR, EngineFile, type IoEngine, IoUnit, Q } from "../../src/engines/types.ts";
import { IORING_ENTER, IORING_OP, IORING_SETUP, SQE, SQE_WORDS } from "../../src/sys/io_uring.ts";
import { libc } from "../../src/sys/libc.ts";
import { allocAligned, type NativeBuffer } from "../../src/sys/memory.ts";
import { pattern, reapAll, tempFile } from "./helpers.ts";

interface URig {
  engine: IoUringEngine;
  files: EngineFile[];
  units: IoUnit[];
  close(): void;
}

/** An io_uring engine past postInit on `paths`, with `depth` units of `bs`. */
function urig(
  paths: string[],
  opts: { depth?: number; bs?: number; write?: boolean; options?: Record<string, number> } = {},
): URig {
  const engine = new IoUringEngine();
  const depth = opts.depth ?? 4;
  const bs = opts.bs ?? 4096;
  assert.equal(engine.init({ iodepth: depth, options: opts.options ?? {} }), 0);
  const n = engine.unitCount(depth);
  const buffers: NativeBuffer[] = [];
  const units: IoUnit[] = [];
  const files = paths.map((p) =>
    new EngineFile(p, openFlags({ read: true, write: opts.write ?? false }))
  );
  for (let i = 0; i < n; i++) {
    const b = allocAligned(bs, 4096);
    const io = new IoUnit(i);
    io.setBuffer(b.bytes, b.pointer);
    io.file = files[0];
    buffers.push(b);
    units.push(io);
  }
  const failure = engine.postInit(units, files);
  assert.equal(failure, null, JSON.stringify(failure));
  for (const f of files) assert.equal(engine.openFile(f), 0);
  return {
    engine,
    files,
    units,
    close() {
      for (const f of files) engine.closeFile(f);
      engine.cleanup();
      for (const b of buffers) b.release();
    },
  };
}

/** Queues every unit as given, commits once, reaps all; returns the reaped units. */
function runBatch(e: IoEngine, units: IoUnit[]): IoUnit[] {
  for (const io of units) assert.equal(e.queue(io), Q.QUEUED);
  assert.equal(e.commit(), 0);
  return reapAll(e, units.length);
}

function readAt(r: URig, offsets: number[], len = 4096): IoUnit[] {
  const units = offsets.map((off, i) => {
    const io = r.units[i];
    io.ddir = DDIR.READ;
    io.offset = off;
    io.buflen = len;
    io.file = r.files[0];
    return io;
  });
  return runBatch(r.engine, units);
}

function sqeOpcode(r: URig, index: number): number {
  // deno-lint-ignore no-explicit-any
  const sqes: Uint32Array = (r.engine as any).sqes;
  return sqes[index * SQE_WORDS + SQE.OP_FLAGS_PRIO] & 0xff;
}

function sameBytes(io: IoUnit, data: Uint8Array, off: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (io.buf[i] !== data[off + i]) return false;
  return true;
}

Deno.test("io_uring: the ring depth is iodepth rounded up to a power of two", () => {
  const e = new IoUringEngine();
  e.init({ iodepth: 3, options: {} });
  assert.deepEqual([1, 2, 3, 5, 32, 33].map((d) => e.unitCount(d)), [1, 2, 4, 8, 32, 64]);
});

Deno.test("io_uring: reads return the file's bytes at their offsets, one enter per batch", () => {
  const data = pattern(1 << 20, 3);
  const path = tempFile(data);
  const r = urig([path], { depth: 8 });
  try {
    const offsets = [0, 4096, 65536, 1048576 - 4096, 12288, 500000, 8192, 777777];
    const before = r.engine.enterCalls;
    const got = readAt(r, offsets);
    assert.equal(got.length, 8);
    for (const io of got) {
      assert.equal(io.error, 0);
      assert.equal(io.result, 4096);
      assert.equal(io.resid, 0);
      assert.ok(sameBytes(io, data, io.offset, 4096), `bytes at ${io.offset}`);
    }
    // Cached reads complete during the submit: one enter, no wait.
    assert.ok(r.engine.enterCalls - before <= 2, `enters: ${r.engine.enterCalls - before}`);
    // Default nonvectored=-1 probes: this kernel has IORING_OP_READ.
    assert.equal(sqeOpcode(r, 0), IORING_OP.READ);
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

Deno.test("io_uring: a read past the end is short (resid), not an error", () => {
  const data = pattern(10000, 5);
  const path = tempFile(data);
  const r = urig([path], { depth: 1 });
  try {
    const [io] = readAt(r, [8192]);
    assert.equal(io.error, 0);
    assert.equal(io.result, 10000 - 8192);
    assert.equal(io.resid, 4096 - (10000 - 8192));
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

Deno.test("io_uring: writes land at their offsets; fsync and fdatasync complete", () => {
  const path = tempFile(new Uint8Array(65536));
  const r = urig([path], { depth: 4, write: true });
  try {
    const ws = [4096, 20480, 40960].map((off, i) => {
      const io = r.units[i];
      io.ddir = DDIR.WRITE;
      io.offset = off;
      io.buflen = 4096;
      io.file = r.files[0];
      io.buf.fill(0x41 + i, 0, 4096);
      return io;
    });
    for (const io of runBatch(r.engine, ws)) assert.equal(io.result, 4096);
    for (const d of [DDIR.SYNC, DDIR.DATASYNC]) {
      const io = r.units[3];
      io.ddir = d;
      io.offset = 0;
      io.buflen = 0;
      const [done] = runBatch(r.engine, [io]);
      assert.equal(done.error, 0);
      assert.equal(sqeOpcode(r, 3), IORING_OP.FSYNC);
    }
    const back = Deno.readFileSync(path);
    assert.equal(back.length, 65536);
    for (let i = 0; i < 65536; i++) {
      const k = i >= 4096 && i < 8192 ? 0x41 : i >= 20480 && i < 24576 ? 0x42 : 0;
      const want = i >= 40960 && i < 45056 ? 0x43 : k;
      if (back[i] !== want) assert.fail(`byte ${i}: ${back[i]} != ${want}`);
    }
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

Deno.test("io_uring: an error completion carries the kernel's errno", () => {
  // A write on a descriptor opened read-only fails in the kernel with EBADF.
  const path = tempFile(new Uint8Array(8192));
  const r = urig([path], { depth: 1 });
  try {
    const io = r.units[0];
    io.ddir = DDIR.WRITE;
    io.offset = 0;
    io.buflen = 4096;
    const [done] = runBatch(r.engine, [io]);
    assert.equal(done.error, 9);
    assert.equal(done.result, -9);
    assert.equal(done.resid, 4096);
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

Deno.test("io_uring: nonvectored=0 uses READV and still reads the right bytes", () => {
  const data = pattern(65536, 7);
  const path = tempFile(data);
  const r = urig([path], { depth: 2, options: { nonvectored: 0 } });
  try {
    const got = readAt(r, [8192, 0]);
    for (const io of got) assert.ok(sameBytes(io, data, io.offset, 4096));
    assert.equal(sqeOpcode(r, 0), IORING_OP.READV);
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

Deno.test("io_uring: fixedbufs registers the buffers (READ_FIXED succeeds)", () => {
  const data = pattern(65536, 9);
  const path = tempFile(data);
  const r = urig([path], { depth: 4, options: { fixedbufs: 1 } });
  try {
    const got = readAt(r, [0, 4096, 16384, 32768]);
    for (const io of got) {
      assert.equal(io.error, 0, `READ_FIXED failed: ${io.error}`);
      assert.ok(sameBytes(io, data, io.offset, 4096));
    }
    assert.equal(sqeOpcode(r, 0), IORING_OP.READ_FIXED);
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

Deno.test("io_uring: registerfiles reads through the registered slot, not the fd", () => {
  const a = pattern(16384, 11), b = pattern(16384, 12);
  const pa = tempFile(a), pb = tempFile(b);
  const r = urig([pa, pb], { depth: 2, options: { registerfiles: 1 } });
  try {
    const fdB = r.files[1].fd;
    // The SQE names file 1 by its slot; dup2 another file over the raw fd
    // number and the read must still see file B's bytes.
    const other = libc().open(new TextEncoder().encode(pa + "\0"), 0, 0);
    assert.ok(other >= 0);
    libc().syscall(33n, BigInt(other), BigInt(fdB), 0n, 0n, 0n, 0n); // dup2
    libc().close(other);
    const io = r.units[0];
    io.ddir = DDIR.READ;
    io.offset = 4096;
    io.buflen = 4096;
    io.file = r.files[1];
    const [done] = runBatch(r.engine, [io]);
    assert.equal(done.error, 0);
    assert.ok(sameBytes(done, b, 4096, 4096), "read went through the fd, not the slot");
    // deno-lint-ignore no-explicit-any
    const sqes: Uint32Array = (r.engine as any).sqes;
    assert.equal(sqes[SQE.FD], 1);
    assert.equal((sqes[SQE.OP_FLAGS_PRIO] >> 8) & 0xff, 1); // IOSQE_FIXED_FILE
  } finally {
    r.close();
    Deno.removeSync(pa);
    Deno.removeSync(pb);
  }
});

const WAIT = new Int32Array(new SharedArrayBuffer(4));

function sqpollThreads(): number {
  let n = 0;
  for (const t of Deno.readDirSync("/proc/self/task")) {
    const comm = Deno.readTextFileSync(`/proc/self/task/${t.name}/comm`).trim();
    if (comm.startsWith("iou-sqp")) n++;
  }
  return n;
}

Deno.test("io_uring: sqthread_poll starts the kernel thread and submits without entering", () => {
  const data = pattern(65536, 13);
  const path = tempFile(data);
  const threads = sqpollThreads();
  const r = urig([path], { depth: 4, options: { sqthread_poll: 1 } });
  try {
    // The kernel thread names itself once it runs: allow it a moment.
    const until = Date.now() + 2000;
    while (sqpollThreads() <= threads && Date.now() < until) Atomics.wait(WAIT, 0, 0, 5);
    assert.equal(sqpollThreads(), threads + 1, "no iou-sqp thread");
    assert.equal(r.engine.flags.noSlat, true);
    // Warm the thread up, then a batch must go through with no commit enter.
    readAt(r, [0]);
    const batch = [4096, 8192, 12288, 16384].map((off, i) => {
      const io = r.units[i];
      io.ddir = DDIR.READ;
      io.offset = off;
      io.buflen = 4096;
      io.file = r.files[0];
      assert.equal(r.engine.queue(io), Q.QUEUED);
      return io;
    });
    const before = r.engine.enterCalls;
    assert.equal(r.engine.commit(), 0);
    assert.equal(r.engine.enterCalls, before, "commit entered the kernel under SQPOLL");
    let reaped = 0;
    while (reaped < batch.length) reaped += r.engine.getEvents(1, 4 - reaped, -1);
    for (const io of batch) assert.ok(sameBytes(io, data, io.offset, 4096));
    // deno-lint-ignore no-explicit-any
    const sqes: Uint32Array = (r.engine as any).sqes;
    assert.equal((sqes[SQE.OP_FLAGS_PRIO] >> 8) & 1, 1, "SQPOLL implies registered files");
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

Deno.test("io_uring: force_async marks every Nth SQE IOSQE_ASYNC", () => {
  const data = pattern(65536, 15);
  const path = tempFile(data);
  const r = urig([path], { depth: 4, options: { force_async: 2 } });
  try {
    // deno-lint-ignore no-explicit-any
    const sqes: Uint32Array = (r.engine as any).sqes;
    const got = readAt(r, [0, 4096, 8192, 12288]);
    for (const io of got) assert.ok(sameBytes(io, data, io.offset, 4096));
    const flags = [0, 1, 2, 3].map((i) => (sqes[i * SQE_WORDS] >> 8) & 0xff);
    assert.deepEqual(flags, [0, 16, 0, 16]);
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

/** Records the flags of every io_uring_enter the engine's ring makes. */
function spyEnters(r: URig): Array<{ submit: number; min: number; flags: number }> {
  const calls: Array<{ submit: number; min: number; flags: number }> = [];
  // deno-lint-ignore no-explicit-any
  const ring = (r.engine as any).ring;
  const enter = ring.enter.bind(ring);
  ring.enter = (submit: number, min: number, flags: number) => {
    calls.push({ submit, min, flags });
    return enter(submit, min, flags);
  };
  return calls;
}

/** Whether this kernel is at least `major.minor` (Deno.osRelease, e.g. "6.18.44-fc"). */
function kernelAtLeast(major: number, minor: number): boolean {
  const [a, b] = Deno.osRelease().split(".").map((x) => parseInt(x, 10));
  return a > major || (a === major && b >= minor);
}

Deno.test("io_uring: a submit asks for events only when the kernel flags completion work", () => {
  const data = pattern(65536, 16);
  const path = tempFile(data);
  try {
    const r = urig([path], { depth: 4 });
    try {
      // deno-lint-ignore no-explicit-any
      assert.notEqual((r.engine as any).ring.flags & IORING_SETUP.TASKRUN_FLAG, 0);
      const calls = spyEnters(r);
      const got = readAt(r, [0, 4096, 8192, 12288]);
      for (const io of got) assert.ok(sameBytes(io, data, io.offset, 4096));
      // Nothing was pending: the submit does not ask for events. (Cached
      // reads then complete inside it, so there is usually no second enter;
      // where a file system punts them to io-wq, the reap enters once.)
      assert.deepEqual(calls[0], { submit: 4, min: 0, flags: 0 });
      assert.ok(calls.length <= 2, JSON.stringify(calls));
    } finally {
      r.close();
    }
    // A punted read completes as deferred task work, which the kernel flags
    // (Linux 6.3 and later; before, io-wq posts the CQE itself): a reap that
    // may return nothing (min 0) must still enter to run it.
    const a = urig([path], { depth: 1, options: { force_async: 1 } });
    try {
      const calls = spyEnters(a);
      const io = a.units[0];
      io.ddir = DDIR.READ;
      io.offset = 8192;
      io.buflen = 4096;
      io.file = a.files[0];
      assert.equal(a.engine.queue(io), Q.QUEUED);
      assert.equal(a.engine.commit(), 0);
      const until = Date.now() + 5000;
      let n = 0;
      while (n === 0 && Date.now() < until) n = a.engine.getEvents(0, 1, 0);
      assert.equal(n, 1, "the punted read's completion was never reaped");
      assert.equal(a.engine.event(0).result, 4096);
      assert.ok(sameBytes(a.engine.event(0), data, 8192, 4096));
      if (kernelAtLeast(6, 3)) {
        const waited = calls.some((c) =>
          c.submit === 0 && c.min === 0 && (c.flags & IORING_ENTER.GETEVENTS) !== 0
        );
        assert.ok(waited, JSON.stringify(calls));
      }
    } finally {
      a.close();
    }
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("io_uring: nowait and uncached set RWF flags; the kernel answers per I/O", () => {
  const data = pattern(65536, 17);
  const path = tempFile(data);
  const r = urig([path], { depth: 1, options: { nowait: 1, uncached: 1 } });
  try {
    const [io] = readAt(r, [0]);
    // deno-lint-ignore no-explicit-any
    const sqes: Uint32Array = (r.engine as any).sqes;
    assert.equal(sqes[SQE.RW_FLAGS], 0x40 | 8);
    // fio's RWF_UNCACHED (0x40) is not a Linux flag under that name: either
    // refused (EOPNOTSUPP/EINVAL) or, with nowait, EAGAIN; never silent.
    assert.ok(io.error === 95 || io.error === 22 || io.error === 11 || io.error === 0);
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

Deno.test("io_uring: trim runs at once (BUSY while SQEs are pending)", () => {
  const path = tempFile(new Uint8Array(65536).fill(7));
  const r = urig([path], { depth: 2, write: true });
  try {
    const w = r.units[0];
    w.ddir = DDIR.READ;
    w.offset = 0;
    w.buflen = 4096;
    assert.equal(r.engine.queue(w), Q.QUEUED);
    const t = r.units[1];
    t.ddir = DDIR.TRIM;
    t.offset = 8192;
    t.buflen = 4096;
    assert.equal(r.engine.queue(t), Q.BUSY);
    assert.equal(r.engine.commit(), 0);
    assert.equal(r.engine.getEvents(1, 1, -1), 1);
    assert.equal(r.engine.queue(t), Q.COMPLETED);
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

Deno.test("io_uring: registerfiles needs openfiles = nrfiles (fio's message)", () => {
  const path = tempFile(new Uint8Array(4096));
  const e = new IoUringEngine();
  e.init({ iodepth: 1, options: { registerfiles: 1, openfiles: 1 } });
  const f = [new EngineFile(path, 0), new EngineFile(path, 0)];
  const failure = e.postInit([new IoUnit(0)], f);
  e.cleanup();
  Deno.removeSync(path);
  assert.deepEqual(failure, {
    lines: [
      "fio: io_uring registered files require nr_files to be identical to open_files",
      "fio: io engine io_uring init failed.",
    ],
    errno: 1,
    text: "",
  });
});

Deno.test("io_uring: the unavailable report names the errno and working engines", () => {
  const eperm = unavailable(1);
  assert.equal(eperm.errno, 1);
  assert.equal(
    eperm.text,
    "file:engines/io_uring.c:998, func=io_queue_init, error=Operation not permitted",
  );
  assert.equal(eperm.lines.length, 1);
  assert.match(eperm.lines[0], /^fio: io_uring is unavailable here: .*Operation not permitted/);
  assert.match(eperm.lines[0], /use ioengine=psync/);
  const enosys = unavailable(38);
  assert.equal(enosys.lines[0], "fio: your kernel doesn't support io_uring");
  assert.match(enosys.lines[1], /Function not implemented \(errno 38\)/);
  // Other errnos (e.g. ENOMEM) are fio's plain report.
  assert.deepEqual(unavailable(12).lines, []);
});

Deno.test("io_uring: cleanup waits out I/O still in flight before the ring goes", () => {
  const data = pattern(65536, 19);
  const path = tempFile(data);
  const r = urig([path], { depth: 4 });
  try {
    for (const [i, off] of [0, 4096, 8192, 12288].entries()) {
      const io = r.units[i];
      io.ddir = DDIR.READ;
      io.offset = off;
      io.buflen = 4096;
      assert.equal(r.engine.queue(io), Q.QUEUED);
    }
    r.engine.commit();
    // deno-lint-ignore no-explicit-any
    const st: Uint32Array = (r.engine as any).st;
    assert.equal(st[4], 4);
    r.engine.cleanup();
    assert.equal(st[4], 0);
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

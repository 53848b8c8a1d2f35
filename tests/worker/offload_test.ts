import assert from "node:assert/strict";
import { PsyncEngine } from "../../src/engines/psync.ts";
import { DDIR, EngineFile, IoUnit } from "../../src/engines/types.ts";
import { O } from "../../src/sys/libc.ts";
import { allocAligned, type NativeBuffer } from "../../src/sys/memory.ts";
import { FioError } from "../../src/errors.ts";
import type { JobSpec } from "../../src/job/spec.ts";
import { asOffload, checkOffload, OffloadEngine } from "../../src/worker/offload.ts";
import { allocShared, C, W, workerBase } from "../../src/worker/offload_ring.ts";
import { blockFile as blockFileIn } from "./_block_file.ts";

const tmp = Deno.makeTempDirSync({ prefix: "dfio_offload_" });
globalThis.addEventListener("unload", () => Deno.removeSync(tmp, { recursive: true }));

/** A file whose 4 KiB blocks carry their number (tests/worker/_block_file.ts). */
const blockFile = (name: string, blocks: number) => blockFileIn(tmp, name, blocks);

/** `n` units with native buffers of `size` bytes; returns them and a release function. */
function unitsWithBuffers(n: number, size: number): { units: IoUnit[]; bufs: NativeBuffer[] } {
  const units: IoUnit[] = [], bufs: NativeBuffer[] = [];
  for (let i = 0; i < n; i++) {
    const b = allocAligned(size);
    const u = new IoUnit(i);
    u.setBuffer(b.bytes, b.pointer);
    units.push(u);
    bufs.push(b);
  }
  return { units, bufs };
}

function offload(units: IoUnit[]): OffloadEngine {
  const inner = new PsyncEngine();
  inner.init({ iodepth: units.length, options: {} });
  const e = new OffloadEngine(inner, units, {
    engine: "psync",
    init: { iodepth: units.length, options: {} },
    ioprio: 0,
    cmdprio: false,
    privateFiles: false,
  });
  e.active = true;
  return e;
}

function spec(ioengine: string, mode: string, more: Record<string, number> = {}): JobSpec {
  return {
    name: "j",
    jobNumber: 1,
    clone: 0,
    groupId: 0,
    stonewall: false,
    sourceIndex: 0,
    options: { io_submit_mode: mode, ...more },
    jobOptions: [],
    ioengine,
  } as unknown as JobSpec;
}

Deno.test("offload: posixaio and the other engines not done are refused as fio-style errors", () => {
  for (const e of ["psync", "pvsync", "pvsync2", "sync", "vsync", "mmap", "null", "libaio"]) {
    assert.doesNotThrow(() => checkOffload(spec(e, "offload")), e);
  }
  assert.doesNotThrow(() => checkOffload(spec("posixaio", "inline")));
  assert.throws(
    () => checkOffload(spec("posixaio", "offload")),
    (e: unknown) =>
      e instanceof FioError &&
      e.message.startsWith(
        "fio: option 'io_submit_mode=offload' is not supported yet with ioengine=posixaio",
      ),
  );
  // io_uring is let through to fail as fio's does (offload_refusal.ts).
  assert.doesNotThrow(() => checkOffload(spec("io_uring", "offload")));
  assert.throws(() => checkOffload(spec("net", "offload")), FioError);
  // Each submit Worker's private mapping would keep its writes to itself.
  const thp = spec("mmap", "offload", { thp: 1 });
  assert.throws(
    () => checkOffload(thp),
    (e: unknown) =>
      e instanceof FioError &&
      e.message ===
        "fio: option 'thp' with ioengine=mmap and io_submit_mode=offload is not supported yet",
  );
});

Deno.test("offload: the shared layout gives each worker its own block after the completion ring", () => {
  const s = allocShared(5, 5);
  assert.equal(s.cap, 8);
  assert.equal(workerBase(s, 0), C.HEADER + 8);
  assert.equal(workerBase(s, 1) - workerBase(s, 0), W.HEADER + 8);
  assert.equal(s.ctl.byteLength, (C.HEADER + 8 + 5 * (W.HEADER + 8)) * 4);
});

Deno.test("offload: reads come back with the right bytes, offsets and times", () => {
  const path = blockFile("r", 64);
  const { units, bufs } = unitsWithBuffers(4, 4096);
  const e = offload(units);
  try {
    assert.equal(asOffload(e), e);
    assert.equal(e.flags.sync, false);
    assert.equal(e.flags.noSlat, true);
    const f = new EngineFile(path, O.RDONLY);
    assert.equal(e.openFile(f), 0);
    const seen = new Map<number, number>();
    let next = 0, done = 0;
    const free = [...units];
    while (done < 64) {
      while (free.length > 0 && next < 64) {
        const u = free.pop()!;
        u.ddir = DDIR.READ;
        u.file = f;
        u.buflen = 4096;
        u.offset = next++ * 4096;
        u.buf.fill(0xee);
        e.queue(u);
      }
      assert.equal(e.inflight, 4 - free.length);
      const n = e.getEvents(1, 4, -1);
      assert.ok(n >= 1 && n <= 4);
      for (let i = 0; i < n; i++) {
        const u = e.event(i);
        assert.equal(u.error, 0);
        assert.equal(u.result, 4096);
        assert.equal(u.resid, 0);
        const block = u.offset / 4096;
        assert.equal(u.buf[0], block & 0xff);
        assert.equal(u.buf[4095], block & 0xff);
        assert.ok(e.doneNs(u) >= e.issueNs(u));
        assert.ok(e.issueNs(u) > 0);
        seen.set(block, (seen.get(block) ?? 0) + 1);
        free.push(u);
        done++;
      }
    }
    assert.equal(seen.size, 64);
    assert.ok([...seen.values()].every((c) => c === 1));
    assert.equal(e.inflight, 0);
    assert.equal(e.closeFile(f), 0);
  } finally {
    e.cleanup();
    for (const b of bufs) b.release();
  }
});

Deno.test("offload: writes land at their offsets and errors come back as errno", () => {
  const path = `${tmp}/w`;
  Deno.writeFileSync(path, new Uint8Array(8 * 4096));
  const { units, bufs } = unitsWithBuffers(2, 4096);
  const e = offload(units);
  try {
    const f = new EngineFile(path, O.RDWR);
    assert.equal(e.openFile(f), 0);
    for (const [i, blk] of [[0, 5], [1, 2]]) {
      const u = units[i];
      u.ddir = DDIR.WRITE;
      u.file = f;
      u.buflen = 4096;
      u.offset = blk * 4096;
      u.buf.fill(0x40 + blk);
      e.queue(u);
    }
    let got = 0;
    while (got < 2) got += e.getEvents(1, 2, -1);
    // A read-only descriptor: the write fails with EBADF on the submit thread.
    const ro = new EngineFile(path, O.RDONLY);
    assert.equal(e.openFile(ro), 0);
    const u = units[0];
    u.file = ro;
    u.offset = 0;
    e.queue(u);
    assert.equal(e.getEvents(1, 1, -1), 1);
    assert.equal(e.event(0), u);
    assert.equal(u.error, 9);
    assert.equal(u.result, -9);
    assert.equal(u.resid, 4096);
    e.closeFile(ro);
    e.closeFile(f);
    const data = Deno.readFileSync(path);
    assert.equal(data[5 * 4096], 0x45);
    assert.equal(data[2 * 4096 + 4095], 0x42);
    assert.equal(data[0], 0);
  } finally {
    e.cleanup();
    for (const b of bufs) b.release();
  }
});

Deno.test("offload: a timed wait with nothing in flight returns no events", () => {
  const { units, bufs } = unitsWithBuffers(1, 4096);
  const e = offload(units);
  try {
    const t0 = performance.now();
    assert.equal(e.getEvents(1, 1, 20e6), 0);
    assert.ok(performance.now() - t0 >= 15);
  } finally {
    e.cleanup();
    for (const b of bufs) b.release();
  }
});

Deno.test("offload: outside a pass I/O runs inline on the job's engine", () => {
  const path = blockFile("inline", 2);
  const { units, bufs } = unitsWithBuffers(1, 4096);
  const e = offload(units);
  try {
    e.active = false;
    const f = new EngineFile(path, O.RDONLY);
    e.openFile(f);
    const u = units[0];
    u.ddir = DDIR.READ;
    u.file = f;
    u.buflen = 4096;
    u.offset = 4096;
    assert.equal(e.queue(u), 0); // Q.COMPLETED
    assert.equal(u.result, 4096);
    assert.equal(u.buf[0], 1);
    assert.equal(e.inflight, 0);
    e.closeFile(f);
  } finally {
    e.cleanup();
    for (const b of bufs) b.release();
  }
});

/** Most calls whose [issue, done] intervals contain one instant. */
function maxOverlap(spans: [number, number][]): number {
  let best = 0;
  for (const [s] of spans) {
    let k = 0;
    for (const [a, b] of spans) if (a <= s && s < b) k++;
    if (k > best) best = k;
  }
  return best;
}

Deno.test("offload: the submit workers' calls really run at the same time", () => {
  // O_DIRECT reads sleep on the device, so on different threads their spans
  // overlap even on one busy CPU; on one thread they never can. (Buffered
  // reads are memory copies: on a loaded machine they may well run in turn.)
  const path = `${tmp}/big`;
  Deno.writeFileSync(path, new Uint8Array(16 << 20).fill(7));
  // Thread ids, not a count: threads of earlier tests' Workers may still be
  // exiting while this one starts its own.
  const tasks = () => Deno.readDirSync("/proc/self/task").toArray().map((t) => t.name);
  const before = new Set(tasks());
  const newThreads = () => tasks().filter((t) => !before.has(t)).length;
  const bs = 64 << 10;
  const { units, bufs } = unitsWithBuffers(4, bs);
  const e = offload(units);
  try {
    let f = new EngineFile(path, O.RDONLY | O.DIRECT);
    // A file system without O_DIRECT (tmpfs): buffered reads, a weaker proof.
    if (e.openFile(f) < 0) {
      f = new EngineFile(path, O.RDONLY);
      assert.equal(e.openFile(f), 0);
    }
    const spans: [number, number][] = [];
    const threads: number[] = [];
    for (let round = 0; round < 64 && maxOverlap(spans) < 3; round++) {
      for (const u of units) {
        u.ddir = DDIR.READ;
        u.file = f;
        u.buflen = bs;
        u.offset = (u.index + 4 * round) * bs;
        e.queue(u);
      }
      let got = 0;
      while (got < 4) {
        const n = e.getEvents(1, 4, -1);
        for (let i = 0; i < n; i++) {
          const u = e.event(i);
          assert.equal(u.result, bs);
          assert.equal(u.buf[bs - 1], 7);
          spans.push([e.issueNs(u), e.doneNs(u)]);
        }
        got += n;
      }
      threads.push(newThreads());
    }
    assert.ok(maxOverlap(spans) >= 3, `calls barely overlap: ${JSON.stringify(spans)}`);
    // The four submit workers are four more threads of this process.
    assert.ok(Math.max(...threads) >= 4, `new threads: ${threads}`);
    e.closeFile(f);
  } finally {
    e.cleanup();
    for (const b of bufs) b.release();
  }
});

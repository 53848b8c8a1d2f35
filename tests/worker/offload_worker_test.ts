/**
 * The engines a submit Worker runs (offload_worker.ts), driven through the
 * job side's OffloadEngine as a pass drives it: bytes, offsets, the file
 * position engines' private positions, mmap, null, the job's ioprio on
 * every submit thread, and cmdprio's choice reaching the kernel.
 */
import assert from "node:assert/strict";
import { Cmdprio, type CmdprioSetup } from "../../src/engines/cmdprio.ts";
import { LibaioEngine } from "../../src/engines/libaio.ts";
import { MmapEngine } from "../../src/engines/mmap.ts";
import { NullEngine } from "../../src/engines/null.ts";
import { SyncEngine } from "../../src/engines/sync.ts";
import { VsyncEngine } from "../../src/engines/vsync.ts";
import { DDIR, EngineFile, type IoEngine, IoUnit } from "../../src/engines/types.ts";
import type { JobSpec } from "../../src/job/spec.ts";
import { libc, O } from "../../src/sys/libc.ts";
import { allocAligned, type NativeBuffer } from "../../src/sys/memory.ts";
import { asOffload, type OffloadEngine, offloadEngine } from "../../src/worker/offload.ts";
import { blockFile as blockFileIn } from "./_block_file.ts";

const tmp = Deno.makeTempDirSync({ prefix: "dfio_offload_worker_" });
globalThis.addEventListener("unload", () => Deno.removeSync(tmp, { recursive: true }));

/** A file whose 4 KiB blocks carry their number (tests/worker/_block_file.ts). */
const blockFile = (name: string, blocks: number) => blockFileIn(tmp, name, blocks);

function spec(ioengine: string): JobSpec {
  return {
    name: "j",
    jobNumber: 1,
    options: { io_submit_mode: "offload" },
    ioengine,
  } as unknown as JobSpec;
}

/** An offloaded `inner` over `n` units of 4 KiB; `free` releases everything. */
function start(
  name: string,
  inner: IoEngine,
  n: number,
  cmdprio?: CmdprioSetup,
): { e: OffloadEngine; units: IoUnit[]; free: () => void } {
  const units: IoUnit[] = [], bufs: NativeBuffer[] = [];
  for (let i = 0; i < n; i++) {
    const b = allocAligned(4096);
    const u = new IoUnit(i);
    u.setBuffer(b.bytes, b.pointer);
    units.push(u);
    bufs.push(b);
  }
  const init = { iodepth: n, options: {}, cmdprio };
  assert.equal(inner.init(init), 0);
  const e = asOffload(offloadEngine(spec(name), inner, units, init))!;
  assert.ok(e !== null);
  e.active = true;
  return {
    e,
    units,
    free: () => {
      e.cleanup();
      for (const b of bufs) b.release();
    },
  };
}

/**
 * Runs `blocks` I/Os of direction `ddir` over `f` in a shuffled order, all
 * units in flight; `check` sees each completion.
 */
function run(
  e: OffloadEngine,
  units: IoUnit[],
  f: EngineFile,
  ddir: 0 | 1,
  order: number[],
  check: (u: IoUnit) => void,
): void {
  const free = [...units];
  let next = 0, done = 0;
  while (done < order.length) {
    while (free.length > 0 && next < order.length) {
      const u = free.pop()!;
      u.ddir = ddir;
      u.file = f;
      u.buflen = 4096;
      u.offset = order[next++] * 4096;
      if (ddir === DDIR.WRITE) u.buf.fill(0x80 | (order[next - 1] & 0x7f));
      else u.buf.fill(0xee);
      e.queue(u);
    }
    const n = e.getEvents(1, units.length, -1);
    for (let i = 0; i < n; i++) {
      const u = e.event(i);
      check(u);
      free.push(u);
      done++;
    }
  }
}

/** How many descriptors of this process are open on `path`. */
function openCount(path: string): number {
  let k = 0;
  for (const d of Deno.readDirSync("/proc/self/fd")) {
    try {
      if (Deno.readLinkSync(`/proc/self/fd/${d.name}`) === path) k++;
    } catch {
      // Closed meanwhile (the directory's own descriptor).
    }
  }
  return k;
}

/** 0..n-1 in a fixed scrambled order (neighbours land on different workers). */
function scrambled(n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i * 37) % n);
}

for (
  const [name, make] of [
    ["sync", () => new SyncEngine()],
    ["vsync", () => new VsyncEngine()],
    ["mmap", () => new MmapEngine()],
  ] as const
) {
  Deno.test(`offload ${name}: concurrent submit workers read and write at the units' offsets`, () => {
    const path = blockFile(`rw_${name}`, 64);
    const { e, units, free } = start(name, make(), 4);
    try {
      const f = new EngineFile(path, O.RDWR);
      assert.equal(e.openFile(f), 0);
      // Sequential offsets too: a worker's own position must follow its own I/O.
      for (const order of [scrambled(64), [...Array(64).keys()]]) {
        run(e, units, f, DDIR.READ, order, (u) => {
          assert.equal(u.error, 0);
          assert.equal(u.result, 4096);
          const block = u.offset / 4096;
          assert.equal(u.buf[0], block, `block ${block} read ${u.buf[0]}`);
          assert.equal(u.buf[4095], block);
        });
      }
      run(e, units, f, DDIR.WRITE, scrambled(64), (u) => assert.equal(u.result, 4096));
      // Each of the 4 workers took I/O (idle ones are picked first) on a
      // descriptor of its own: a file position (or mapping) of its own.
      assert.equal(openCount(path), 1 + 4);
      e.closeFile(f);
      const data = Deno.readFileSync(path);
      for (let b = 0; b < 64; b++) {
        assert.equal(data[b * 4096], 0x80 | b, `block ${b}`);
        assert.equal(data[b * 4096 + 4095], 0x80 | b);
      }
    } finally {
      free();
    }
  });
}

Deno.test("offload sync: a descriptor number reused for another file reads the new file", () => {
  const a = blockFile("ra", 4);
  const b = `${tmp}/rb`;
  Deno.writeFileSync(b, new Uint8Array(4 * 4096).fill(0x55));
  const { e, units, free } = start("sync", new SyncEngine(), 2);
  try {
    const fa = new EngineFile(a, O.RDONLY);
    assert.equal(e.openFile(fa), 0);
    const num = fa.fd;
    run(e, units, fa, DDIR.READ, [0, 1, 2, 3], (u) => assert.equal(u.buf[0], u.offset / 4096));
    assert.equal(e.closeFile(fa), 0);
    const fb = new EngineFile(b, O.RDONLY);
    assert.equal(e.openFile(fb), 0);
    assert.equal(fb.fd, num);
    run(e, units, fb, DDIR.READ, [0, 1, 2, 3], (u) => assert.equal(u.buf[0], 0x55));
    e.closeFile(fb);
  } finally {
    free();
  }
});

Deno.test("offload null: every I/O succeeds in full, with no file and no submission latency", () => {
  const { e, units, free } = start("null", new NullEngine(), 4);
  try {
    // The job's null engine at depth 4 queues; the offloaded one has no slat nor submit counts.
    assert.equal(e.flags.noSlat, true);
    assert.equal(e.marks, false);
    const f = new EngineFile("null");
    assert.equal(e.openFile(f), 0);
    let n = 0;
    run(e, units, f, DDIR.READ, scrambled(32), (u) => {
      assert.equal(u.result, 4096);
      assert.equal(u.error, 0);
      assert.ok(e.doneNs(u) >= e.issueNs(u));
      n++;
    });
    assert.equal(n, 32);
  } finally {
    free();
  }
});

/** ioprio_get(IOPRIO_WHO_PROCESS, tid) of each thread of this process. */
function threadPrios(): number[] {
  const out: number[] = [];
  for (const t of Deno.readDirSync("/proc/self/task")) {
    const r = Number(libc().syscall(252n, 1n, BigInt(t.name), 0n, 0n, 0n, 0n));
    if (r >= 0) out.push(r);
  }
  return out;
}

Deno.test("offload: each submit worker's thread runs at the job's prio/prioclass", () => {
  const ioprio = (2 << 13) | 6; // best effort, level 6
  const before = threadPrios().filter((p) => p === ioprio).length;
  const { free } = start("sync", new SyncEngine(), 3, { ioprio, prio: null, errorLines: null });
  try {
    assert.equal(threadPrios().filter((p) => p === ioprio).length, before + 3);
  } finally {
    free();
  }
});

Deno.test("offload libaio: the priority cmdprio chose on the job side reaches the kernel", () => {
  const path = blockFile("prio", 16);
  // Class 7 does not exist: an iocb carrying it fails with EINVAL, proof
  // that the submit worker's iocb has the job's choice.
  const bad = 7 << 13;
  for (const perc of [100, 0]) {
    const prio = new Cmdprio(
      { percentage: [perc, perc], ioprio: [bad, bad], bssplit: null },
      0,
      1,
    );
    const { e, units, free } = start("libaio", new LibaioEngine(), 2, {
      ioprio: 0,
      prio,
      errorLines: null,
    });
    try {
      const f = new EngineFile(path, O.RDONLY);
      assert.equal(e.openFile(f), 0);
      run(e, units, f, DDIR.READ, [0, 1, 2, 3], (u) => {
        assert.equal(u.prioIndex, perc === 100 ? 1 : 0);
        assert.equal(u.error, perc === 100 ? 22 : 0);
        if (perc === 0) assert.equal(u.buf[0], u.offset / 4096);
      });
      e.closeFile(f);
    } finally {
      free();
    }
  }
});

import assert from "node:assert/strict";
import { DDIR, type IoEngine, IoUnit, Q, type QueueStatus } from "../../src/engines/types.ts";
import { Collector } from "../../src/worker/collect.ts";
import type { LoopEnv } from "../../src/worker/loop_env.ts";
import { depthSettings, type PassHost, QueuedPass } from "../../src/worker/queued_pass.ts";
import { HAVE_FIO, reportJobs, runDfio, runFio } from "../helpers/run.ts";

Deno.test("depth settings follow fio's fixups", () => {
  const base = {
    iodepthBatch: 1,
    iodepthBatchCompleteMin: 1,
    iodepthBatchCompleteMax: 0,
    iodepthLow: 0,
  };
  assert.deepEqual(depthSettings(32, base), {
    depth: 32,
    batchSubmit: 1,
    completeMin: 1,
    completeMax: 1,
    low: 32,
    serializeOverlap: false,
    polling: false,
  });
  const s = depthSettings(16, {
    iodepthBatch: 0,
    iodepthBatchCompleteMin: 4,
    iodepthBatchCompleteMax: 2,
    iodepthLow: 40,
    serializeOverlap: true,
  });
  assert.deepEqual([s.batchSubmit, s.completeMin, s.completeMax, s.low], [16, 4, 4, 16]);
  assert.equal(s.serializeOverlap, true);
  const p = depthSettings(8, { ...base, iodepthBatchCompleteMin: 0, iodepthLow: 3 });
  assert.deepEqual([p.polling, p.completeMax, p.low], [true, 0, 3]);
});

/** An async engine whose I/Os finish at commit and come back in FIFO order. */
class FifoEngine implements IoEngine {
  readonly name = "fifo";
  readonly flags = {
    sync: false,
    diskless: true,
    noFile: true,
    pipe: false,
    raw: false,
    fake: true,
  };
  private readonly ring: IoUnit[] = [];
  private done = 0;
  private reaped: IoUnit[] = [];
  /** Most I/Os in flight at once. */
  peak = 0;
  init(): number {
    return 0;
  }
  openFile(): number {
    return 0;
  }
  closeFile(): number {
    return 0;
  }
  queue(io: IoUnit): QueueStatus {
    io.result = io.buflen;
    this.ring.push(io);
    this.peak = Math.max(this.peak, this.ring.length);
    return Q.QUEUED;
  }
  commit(): number {
    this.done = this.ring.length;
    return 0;
  }
  getEvents(min: number, max: number): number {
    const n = Math.min(max, this.done);
    assert.ok(n >= min);
    this.reaped = this.ring.splice(0, n);
    this.done -= n;
    return n;
  }
  event(i: number): IoUnit {
    return this.reaped[i];
  }
  cleanup(): void {}
}

/** Runs a QueuedPass of `ios` I/Os at `depth` on a FifoEngine; returns its peak and depth map. */
function fakePass(depth: number, ios: number, depthLimit: number, untimed = false) {
  const engine = new FifoEngine();
  const units = Array.from({ length: depth }, (_, i) => new IoUnit(i));
  let clock = 0, left = ios, done = 0, reads = 0;
  const collector = new Collector({
    slat: true,
    clat: true,
    lat: true,
    clatHist: false,
    latHist: false,
    slatHist: false,
    latIsClat: false,
    rates: false,
    bwAvgMs: 500,
    iopsAvgMs: 500,
  });
  const host: PassHost = {
    env: { engine, units, now: () => (reads++, clock += 10), contents: null } as unknown as LoopEnv,
    untimed,
    collector,
    error: 0,
    terminated: false,
    nextEventNs: Infinity,
    depthLimit,
    prepare(io) {
      if (left === 0) return false;
      left--;
      io.ddir = DDIR.READ;
      io.buflen = 4096;
      return true;
    },
    issued() {},
    complete() {
      done++;
      return true;
    },
    fail() {},
    canIssue: () => left > 0,
    stopped: () => false,
    events: () => true,
  };
  const pass = new QueuedPass(
    host,
    depthSettings(depth, {
      iodepthBatch: 1,
      iodepthBatchCompleteMin: 1,
      iodepthBatchCompleteMax: 0,
      iodepthLow: 0,
    }),
  );
  assert.equal(pass.run(), true);
  assert.equal(done, ios);
  return { peak: engine.peak, level: Array.from(collector.ioDepth), reads };
}

Deno.test("an untimed pass (gtod_reduce) reads the clock once per 64 of its uses", () => {
  const timed = fakePass(8, 6400, Infinity);
  const untimed = fakePass(8, 6400, Infinity, true);
  // Timed: a read before each queue, after each commit and per reap.
  assert.ok(timed.reads >= 2 * 6400, `${timed.reads}`);
  assert.ok(untimed.reads <= timed.reads / 64 + 2, `${untimed.reads}`);
  assert.ok(untimed.reads >= 1);
});

Deno.test("latency_target's depth limit caps the queue (fio's queue_full)", () => {
  const free = fakePass(16, 200, Infinity);
  assert.equal(free.peak, 16);
  assert.ok(free.level[4] > 150);
  const capped = fakePass(16, 200, 4);
  assert.equal(capped.peak, 4);
  assert.deepEqual(capped.level.slice(3), [0, 0, 0, 0]);
  assert.equal(capped.level[0] + capped.level[1] + capped.level[2], 200);
});

const dir = Deno.makeTempDirSync({ prefix: "dfio-qpass-" });
const file = `${dir}/data`;
Deno.writeFileSync(file, crypto.getRandomValues(new Uint8Array(65536)).map((_, i) => i & 0xff));
// 16 MiB of file for the read jobs.
{
  const f = Deno.openSync(file, { write: true });
  f.truncateSync(16 << 20);
  f.close();
}

interface Shape {
  error: number;
  bytes: number[];
  ios: number[];
  level: Record<string, number>;
  submit: Record<string, number>;
  complete: Record<string, number>;
  /** lat mean - (slat mean + clat mean) per direction, ns. */
  gap: number[];
}

/** What shapeOf reads of one direction of a JSON job. */
interface DirJson {
  io_bytes: number;
  total_ios: number;
  slat_ns: { mean: number };
  clat_ns: { mean: number };
  lat_ns: { mean: number };
}

/** What shapeOf reads of a JSON job. */
interface JobJson {
  error: number;
  read: DirJson;
  write: DirJson;
  iodepth_level: Record<string, number>;
  iodepth_submit: Record<string, number>;
  iodepth_complete: Record<string, number>;
}

function shapeOf(stdout: string): Shape {
  const j = reportJobs<JobJson>(stdout)[0];
  const dirs = [j.read, j.write];
  return {
    error: j.error,
    bytes: dirs.map((d) => d.io_bytes),
    ios: dirs.map((d) => d.total_ios),
    level: j.iodepth_level,
    submit: j.iodepth_submit,
    complete: j.iodepth_complete,
    gap: dirs.map((d) => d.lat_ns.mean - (d.slat_ns.mean + d.clat_ns.mean)),
  };
}

async function both(args: string[]): Promise<{ dfio: Shape; fio: Shape | null; stderr: string[] }> {
  const full = [...args, "--output-format=json"];
  const d = await runDfio(full, { cwd: dir });
  assert.ok(d.stdout.includes("{"), d.stderr);
  if (!HAVE_FIO) return { dfio: shapeOf(d.stdout), fio: null, stderr: [d.stderr, ""] };
  const f = await runFio(full, { cwd: dir });
  return { dfio: shapeOf(d.stdout), fio: shapeOf(f.stdout), stderr: [d.stderr, f.stderr] };
}

const JOB = [
  "--name=q",
  `--filename=${file}`,
  "--rw=randread",
  "--bs=4k",
  "--size=8m",
  "--invalidate=0",
];

// Buffered libaio completes each read inside io_submit, so the depth,
// submit and complete distributions are deterministic and must equal fio's.
const DEPTH_CASES: string[][] = [
  [],
  ["--iodepth_batch_complete_max=32"],
  ["--iodepth_low=8"],
  ["--iodepth_batch_submit=8"],
  ["--iodepth_batch_complete_min=4"],
  [
    "--iodepth_batch_submit=4",
    "--iodepth_batch_complete_min=3",
    "--iodepth_batch_complete_max=7",
    "--iodepth_low=5",
  ],
  ["--iodepth_batch_complete_min=0", "--userspace_reap=1"],
  ["--iodepth_batch_complete_min=0", "--iodepth_batch_complete_max=8"],
];

for (const extra of DEPTH_CASES) {
  Deno.test({
    name: `libaio qd32 ${extra.join(" ") || "(defaults)"}: depth/submit/complete as fio`,
    ignore: !HAVE_FIO,
    async fn() {
      const { dfio, fio } = await both([...JOB, "--ioengine=libaio", "--iodepth=32", ...extra]);
      assert.deepEqual(dfio, { ...fio!, gap: dfio.gap });
      for (const g of dfio.gap) assert.ok(Math.abs(g) <= 1, `lat - (slat + clat) = ${g}`);
    },
  });
}

Deno.test({
  name: "serialize_overlap: fio's depth distribution on an overlapping random write",
  ignore: !HAVE_FIO,
  async fn() {
    for (const so of ["0", "1"]) {
      const { dfio, fio } = await both([
        "--name=w",
        `--filename=${dir}/w-${so}`,
        "--ioengine=libaio",
        "--rw=randwrite",
        "--bs=4k",
        "--iodepth=8",
        "--size=64k",
        "--io_size=4m",
        "--norandommap",
        "--randrepeat=0",
        "--randseed=11",
        "--iodepth_batch_complete_max=8",
        `--serialize_overlap=${so}`,
      ]);
      assert.deepEqual(dfio, { ...fio!, gap: dfio.gap });
    }
  },
});

Deno.test({
  name: "a batch left uncommitted at the end of a loop counts in the next one, as in fio",
  ignore: !HAVE_FIO,
  async fn() {
    const { dfio, fio } = await both([
      ...JOB,
      "--ioengine=libaio",
      "--rw=read",
      "--bs=64k",
      "--size=1m",
      "--loops=3",
      "--iodepth=8",
      "--iodepth_batch_submit=3",
    ]);
    assert.deepEqual(dfio, { ...fio!, gap: dfio.gap });
    assert.equal(dfio.level["1"], 6.25);
  },
});

Deno.test({
  name: "serialize_overlap compares offsets only, across files, as fio does",
  ignore: !HAVE_FIO,
  async fn() {
    for (const so of ["0", "1"]) {
      const { dfio, fio } = await both([
        "--name=x",
        `--filename_format=${dir}/ms-${so}.$filenum`,
        "--nrfiles=2",
        "--ioengine=libaio",
        "--rw=write",
        "--bs=4k",
        "--iodepth=4",
        "--size=256k",
        "--file_service_type=roundrobin",
        `--serialize_overlap=${so}`,
      ]);
      assert.deepEqual(dfio, { ...fio!, gap: dfio.gap });
      // Off: 4 in flight; on: file 2's block waits for file 1's at the same offset.
      assert.equal(dfio.level[so === "0" ? "4" : "2"] > 40, true);
    }
  },
});

Deno.test({
  name: "posixaio and null with iodepth > 1: deterministic distributions as fio",
  ignore: !HAVE_FIO,
  async fn() {
    const cases = [
      [...JOB, "--ioengine=posixaio", "--iodepth=8", "--iodepth_batch_complete_min=8"],
      ["--name=n", "--ioengine=null", "--rw=randread", "--size=4m", "--iodepth=8"],
      ["--name=n", "--ioengine=null", "--size=4m", "--iodepth=8", "--iodepth_batch_submit=4"],
    ];
    for (const c of cases) {
      const { dfio, fio } = await both(c);
      assert.deepEqual(dfio, { ...fio!, gap: dfio.gap });
    }
  },
});

Deno.test("mean(slat) + mean(clat) = mean(lat) within 1 ns: libaio, posixaio, null", async () => {
  for (
    const c of [
      [...JOB, "--ioengine=libaio", "--iodepth=16", "--iodepth_batch_submit=4"],
      [...JOB, "--ioengine=posixaio", "--iodepth=4", "--rw=randrw"],
      ["--name=n", "--ioengine=null", "--size=64m", "--iodepth=16", "--rw=randrw"],
    ]
  ) {
    const d = await runDfio([...c, "--output-format=json"], { cwd: dir });
    const s = shapeOf(d.stdout);
    assert.equal(s.error, 0);
    for (const g of s.gap) assert.ok(Math.abs(g) <= 1, `${c.join(" ")}: gap ${g}`);
    assert.ok(s.bytes[0] > 0);
  }
});

Deno.test({
  name: "libaio direct=1 misaligned: every failed I/O is reported as fio reports it",
  ignore: !HAVE_FIO,
  async fn() {
    // A file on disk (synced): a direct read of it fails alignment checks
    // in io_submit itself, so which I/Os fail is deterministic.
    const synced = `${dir}/synced`;
    const f = Deno.openSync(synced, { write: true, create: true });
    f.writeSync(new Uint8Array(1 << 20).fill(1));
    f.syncSync();
    f.close();
    const args = [
      "--name=e",
      `--filename=${synced}`,
      "--ioengine=libaio",
      "--rw=randread",
      "--bs=1000",
      "--iodepth=4",
      "--size=1m",
      "--direct=1",
      "--randrepeat=0",
      "--randseed=7",
    ];
    const { dfio, fio, stderr } = await both(args);
    assert.deepEqual(dfio, { ...fio!, gap: dfio.gap });
    assert.equal(dfio.error, 22);
    const lines = (t: string) =>
      t.split("\n").filter((l) => l.startsWith("fio: io_u error")).map((l) => l.replace(dir, ""));
    assert.equal(lines(stderr[0]).length, 4);
    assert.deepEqual(lines(stderr[0]), lines(stderr[1]));
  },
});

Deno.test({
  name: "mmap: counts, syncs and data placement as fio",
  ignore: !HAVE_FIO,
  async fn() {
    const sums: string[] = [];
    for (const run of [runDfio, runFio]) {
      const p = `${dir}/m-${sums.length}`;
      Deno.writeFileSync(p, new Uint8Array(1 << 20));
      const r = await run([
        "--name=m",
        `--filename=${p}`,
        "--ioengine=mmap",
        "--rw=randwrite",
        "--bs=4k",
        "--size=512k",
        "--buffer_pattern=0xab",
        "--randrepeat=0",
        "--randseed=3",
        "--number_ios=50",
        "--fsync=7",
        "--output-format=json",
      ], { cwd: dir });
      const j = JSON.parse(r.stdout).jobs[0];
      sums.push(`${j.write.io_bytes} ${j.sync.total_ios} ${JSON.stringify(j.iodepth_level)}`);
      const data = Deno.readFileSync(p);
      sums.push(String(data.reduce((a, b, i) => (a + b * (i + 1)) % 1000000007, 0)));
    }
    assert.deepEqual(sums.slice(0, 2), sums.slice(2));
  },
});

Deno.test("io_submit_mode=offload is refused where not done yet; inline runs", async () => {
  const args = ["--name=o", "--ioengine=null", "--size=1m", "--iodepth=4"];
  // posixaio offload is not done yet (null offloads: tests/e2e/offload_test.ts).
  const off = await runDfio([...args, "--io_submit_mode=offload", "--ioengine=posixaio"], {
    cwd: dir,
  });
  assert.notEqual(off.code, 0);
  assert.match(off.stderr, /fio: option 'io_submit_mode=offload' is not supported yet/);
  const inline = await runDfio([...args, "--io_submit_mode=inline", "--output-format=json"], {
    cwd: dir,
  });
  assert.equal(inline.code, 0, inline.stderr);
  assert.equal(shapeOf(inline.stdout).bytes[0], 1 << 20);
});

Deno.test("a blocking engine given iodepth > 1 prints fio's note (stdout; stderr with JSON)", async () => {
  const note =
    "note: both iodepth >= 1 and synchronous I/O engine are selected, queue depth will be capped at 1";
  const args = ["--name=s", `--filename=${file}`, "--ioengine=psync", "--size=64k", "--iodepth=4"];
  const normal = await runDfio(args, { cwd: dir });
  assert.equal(normal.stdout.split("\n").filter((l) => l === note).length, 1);
  const json = await runDfio([...args, "--output-format=json"], { cwd: dir });
  assert.ok(json.stderr.includes(note));
  assert.equal(JSON.parse(json.stdout).jobs.length, 1);
  const deep = await runDfio(["--name=n", "--ioengine=null", "--size=64k", "--iodepth=4"], {
    cwd: dir,
  });
  assert.ok(!deep.stdout.includes("note:"));
});

globalThis.addEventListener("unload", () => {
  try {
    Deno.removeSync(dir, { recursive: true });
  } catch { /* already gone */ }
});

import assert from "node:assert/strict";
import { specOf } from "./_files_standin.ts";
import { recordJob } from "./_recording.ts";
import { Collector } from "../../src/worker/collect.ts";

interface FioCase {
  size: number;
  options: string;
  fio: string[];
}

const CASES: FioCase[] = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/worker/iogen_fio333.json", import.meta.url)),
);

function optsOf(text: string): Record<string, string> {
  return Object.fromEntries(text.split(" ").map((kv) => kv.split("=") as [string, string]));
}

// Each fixture is fio 3.33's write_iolog for the job (randrepeat=0, the
// given randseed): direction, offset and length of every I/O, and syncs.
for (const c of CASES) {
  Deno.test(`loop issues fio's exact I/O sequence: ${c.options}`, () => {
    const { log } = recordJob(specOf(optsOf(c.options)), c.size);
    assert.deepEqual(log, c.fio);
  });
}

Deno.test("loop counts bytes and I/Os of a size-bound job exactly", () => {
  const { log, loop } = recordJob(
    specOf({ rw: "randrw", bsrange: "4k-16k", randseed: "5" }),
    1 << 20,
  );
  const c = loop.collector;
  assert.equal(c.bytes[0] + c.bytes[1], 1 << 20);
  assert.equal(c.ios[0] + c.ios[1], log.length);
  assert.equal(c.clat[0].n, c.ios[0]);
  assert.equal(c.clatHist[0].total, c.ios[0]);
});

Deno.test("loops=2 with a random map makes two passes over the file", () => {
  const { loop } = recordJob(specOf({ rw: "randread", bs: "4k", loops: "2" }), 64 * 4096);
  assert.equal(loop.collector.ios[0], 128);
  assert.equal(loop.collector.bytes[0], 2 * 64 * 4096);
});

Deno.test("io_size beyond size wraps around (fio: 3500k of a 1m file at 8k)", () => {
  const { loop } = recordJob(specOf({ rw: "read", bs: "8k", io_size: "3500k" }), 1 << 20);
  assert.equal(loop.collector.bytes[0], 3588096);
  assert.equal(loop.collector.ios[0], 438);
});

Deno.test("number_ios stops the job after that many I/Os", () => {
  const { log } = recordJob(specOf({ rw: "randwrite", bs: "4k", number_ios: "37" }), 1 << 20);
  assert.equal(log.length, 37);
});

Deno.test("fsync=N: syncs are counted apart from the data directions", () => {
  const { log, loop } = recordJob(
    specOf({ rw: "rw", bs: "4k", fsync: "5", randseed: "3" }),
    1 << 20,
  );
  const syncs = log.filter((l) => l === "sync").length;
  assert.equal(loop.collector.syncIos, syncs);
  // fio 3.33 on the same job: 123 reads, 133 writes, 44 syncs.
  assert.deepEqual([loop.collector.ios[0], loop.collector.ios[1], syncs], [123, 133, 44]);
});

Deno.test("sequential read with a :8k hole skips 8k after each block", () => {
  const { log } = recordJob(specOf({ rw: "read:8k", bs: "4k" }), 64 * 1024);
  assert.deepEqual(log.slice(0, 3), ["r 0 4096", "r 12288 4096", "r 24576 4096"]);
});

Deno.test("trimwrite trims each block, then writes it", () => {
  const { log } = recordJob(specOf({ rw: "trimwrite", bs: "4k" }), 4 * 4096);
  assert.deepEqual(log, [
    "t 0 4096",
    "w 0 4096",
    "t 4096 4096",
    "w 4096 4096",
    "t 8192 4096",
    "w 8192 4096",
    "t 12288 4096",
    "w 12288 4096",
  ]);
});

Deno.test("the stop flag ends a time_based job at once", () => {
  const spec = specOf({ rw: "randread", bs: "4k", time_based: "1", runtime: "30" });
  const t0 = Date.now();
  const { log } = recordJob(spec, 1 << 20, { stopped: true });
  assert.ok(Date.now() - t0 < 5000);
  assert.equal(log.length, 0);
});

Deno.test("runtime ends a time_based job and publishes progress in the slot", () => {
  const spec = specOf({ rw: "randread", bs: "4k", time_based: "1", runtime: "1" });
  const { loop } = recordJob(spec, 1 << 20);
  assert.ok(loop.terminated);
  const ms = (loop.endNs - loop.startNs) / 1e6;
  assert.ok(ms >= 999 && ms < 3000, `ran ${ms} ms`);
  assert.ok(loop.collector.ios[0] > 1000);
});

Deno.test("a time_based job reports each wrap around its file, where fio drops the cache again", () => {
  for (const rw of ["read", "randread"]) {
    const spec = specOf({ rw, bs: "4k", time_based: "1", runtime: "1", number_ios: "40" });
    const { log } = recordJob(spec, 16 * 4096);
    // 40 I/Os over 16 blocks: wraps before the 17th and the 33rd.
    assert.deepEqual(
      log.flatMap((l, i) => l.startsWith("wrap") ? [`${i} ${l}`] : []),
      ["16 wrap 0", "33 wrap 0"],
      rw,
    );
  }
});

Deno.test("untimed (gtod_reduce): the sync pass reads the clock once per 64 I/Os", () => {
  const ios = 64 * 64;
  const counted = (collector?: Collector) => {
    let calls = 0;
    const now = () => (calls++, 8e9 + calls * 1000);
    const { log, loop } = recordJob(specOf({ rw: "randread", bs: "4k" }), ios * 4096, {
      collector,
      now,
    });
    assert.equal(log.length, ios);
    return { calls, untimed: loop.untimed };
  };
  const untimed = counted(
    new Collector({
      slat: false,
      clat: false,
      lat: false,
      latIsClat: false,
      clatHist: false,
      latHist: false,
      slatHist: false,
      rates: false,
      bwAvgMs: 500,
      iopsAvgMs: 500,
    }),
  );
  assert.equal(untimed.untimed, true);
  // One read per 64 I/Os, plus a handful around the pass (start, end, setup).
  assert.ok(untimed.calls >= ios / 64 && untimed.calls < ios / 64 + 16, `${untimed.calls}`);
  // With clat measured: one read on each side of every I/O.
  const timed = counted();
  assert.equal(timed.untimed, false);
  assert.ok(timed.calls >= 2 * ios, `${timed.calls}`);
});

/**
 * Live check against fio 3.33 json+: feed fio's reported bins into
 * LatencyHistogram and require fio's exact "percentile" values; every bin
 * key must be a bucket value (bucketValue(bucketIndex(key)) === key).
 */
import assert from "node:assert/strict";
import { bucketIndex, bucketValue, LatencyHistogram } from "../../src/stats/histogram.ts";
import { HAVE_FIO } from "../helpers/run.ts";

const SKIP = !HAVE_FIO;
if (SKIP) console.log("histogram_fio_test: skipped, fio is not on PATH");

interface FioLat {
  N: number;
  percentile?: Record<string, number>;
  bins?: Record<string, number>;
}

function runJsonPlus(args: string[]): FioLat[] {
  const res = new Deno.Command("fio", {
    args: ["--output-format=json+", ...args],
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  assert.ok(res.success, new TextDecoder().decode(res.stderr));
  const doc = JSON.parse(new TextDecoder().decode(res.stdout));
  const out: FioLat[] = [];
  for (const job of doc.jobs) {
    for (const dir of ["read", "write", "trim"]) {
      for (const kind of ["clat_ns", "lat_ns", "slat_ns"]) {
        const s = job[dir]?.[kind];
        if (s?.bins && s.N > 0) out.push(s);
      }
    }
    if (job.sync?.lat_ns?.bins) out.push(job.sync.lat_ns);
  }
  return out;
}

function check(stats: FioLat[]): number {
  let checked = 0;
  for (const s of stats) {
    const h = new LatencyHistogram();
    for (const [key, count] of Object.entries(s.bins!)) {
      const v = Number(key);
      const idx = bucketIndex(v);
      assert.equal(bucketValue(idx), v, `bin key ${key} is not a bucket value`);
      h.addToBucket(idx, count);
    }
    assert.equal(h.total, s.N);
    const list = Object.keys(s.percentile!).map(Number);
    const mine = Object.fromEntries(
      h.percentiles(list, s.N).map(({ p, value }) => [p.toFixed(6), value]),
    );
    assert.deepEqual(mine, s.percentile);
    checked++;
  }
  return checked;
}

Deno.test({
  name: "histogram percentiles equal fio json+ (psync + fsync on a temp file)",
  ignore: SKIP,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "dfio_hist_" });
    try {
      const stats = runJsonPlus([
        "--name=h",
        `--directory=${dir}`,
        "--ioengine=psync",
        "--rw=randrw",
        "--bs=4k",
        "--size=8m",
        "--number_ios=3000",
        "--fsync=4",
        "--lat_percentiles=1",
        "--percentile_list=1:25:50:75:90:99:99.5:99.9:99.99:100",
      ]);
      assert.ok(check(stats) >= 4);
      const defaults = runJsonPlus([
        "--name=h",
        `--directory=${dir}`,
        "--ioengine=psync",
        "--rw=randwrite",
        "--bs=4k",
        "--size=8m",
        "--number_ios=2000",
        "--fsync=2",
      ]);
      assert.ok(check(defaults) >= 2);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "histogram percentiles equal fio json+ at long double boundaries (N=25, 50, 2000)",
  ignore: SKIP,
  fn() {
    let checked = 0;
    for (const n of [25, 50, 2000, 25, 50, 45, 85, 25]) {
      checked += check(runJsonPlus([
        "--name=b",
        "--ioengine=null",
        "--rw=randread",
        "--bs=4k",
        "--size=64m",
        `--number_ios=${n}`,
      ]));
    }
    assert.equal(checked, 8);
  },
});

import assert from "node:assert/strict";
import { displayLat, showPercentiles } from "../../src/output/normal_dir.ts";
import { showDisk } from "../../src/output/normal.ts";
import { buildJson } from "../../src/output/json.ts";
import { printJson } from "../../src/output/json_text.ts";
import { PLAT_NR } from "../../src/stats/histogram.ts";
import type { DiskUtil } from "../../src/stats/result.ts";

Deno.test("latency lines switch to usec/msec only past fio's thresholds", () => {
  const out: string[] = [];
  const s = (min: number, max: number, mean: number, sd: number) => ({
    n: 3,
    min,
    max,
    mean,
    m2: sd * sd * 2,
  });
  displayLat("clat", s(1983, 136314, 2507.25, 4364.02), out);
  displayLat(" lat", s(2194, 136314, 2530, 4370), out);
  displayLat("clat", s(2000001, 100000000, 5e6, 2e6), out);
  assert.deepEqual(out, [
    "    clat (nsec): min=1983, max=136314, avg=2507.25, stdev=4364.02\n",
    "     lat (usec): min=2, max=136, avg= 2.53, stdev= 4.37\n",
    "    clat (msec): min=2, max=100, avg= 5.00, stdev= 2.00\n",
  ]);
});

Deno.test("percentile rows scale to msec and round values up", () => {
  const hist = new Array(PLAT_NR).fill(0);
  hist[1400] = 10; // about 67 ms
  hist[1700] = 1; // about 2.1 s
  const out: string[] = [];
  showPercentiles(hist, 11, [50, 99], 2, "clat", out);
  assert.equal(out[0], "    clat percentiles (msec):\n");
  assert.match(
    out.join(""),
    /^ {4}clat percentiles \(msec\):\n {5}\| 50\.00th=\[ +\d+\], 99\.00th=\[ +\d+\]\n$/,
  );
});

Deno.test("disks with slaves print fio's aggr fields (normal and JSON)", () => {
  const d: DiskUtil = {
    name: "dm-0",
    readIos: 1,
    writeIos: 2,
    readMerges: 0,
    writeMerges: 0,
    readTicks: 3,
    writeTicks: 4,
    inQueue: 7,
    util: 1.5,
    aggr: {
      readIos: 1,
      writeIos: 2,
      readMerges: 0,
      writeMerges: 1,
      readTicks: 3,
      writeTicks: 4,
      inQueue: 7,
      util: 2.25,
    },
  };
  assert.equal(
    showDisk(d),
    "    dm-0: ios=1/2, merge=0/0, ticks=3/4, in_queue=7, util=1.50%, aggrios=1/2, " +
      "aggrmerge=0/1, aggrticks=3/4, aggrin_queue=7, aggrutil=2.25%\n",
  );
  const text = printJson(
    buildJson({
      startTimeMs: 0,
      reportTimeMs: 0,
      jobs: [],
      groups: [],
      disks: [d],
      globalOptions: [],
    }, {
      plus: false,
    }),
  );
  assert.match(text, /"aggr_write_merge" : 1,\n\s+"aggr_read_ticks"/);
  assert.match(text, /"aggr_util" : 2\.250000\n/);
});

import assert from "node:assert/strict";
import { logFileName, readLogOptions, sampleAvgMs } from "../../../src/worker/logs/options.ts";
import { specOf, specsOf } from "../files/helpers.ts";

Deno.test("logFileName: fio's per-job and shared names", () => {
  assert.equal(logFileName("x", "bw", 3, true), "x_bw.3.log");
  assert.equal(logFileName("x", "clat_hist", 1, true), "x_clat_hist.1.log");
  assert.equal(logFileName("dir/x", "slat", 2, false), "dir/x_slat.log");
});

Deno.test("readLogOptions: null without any write_*_log", () => {
  assert.equal(readLogOptions(specOf(["size=1m", "log_avg_msec=100"])), null);
});

Deno.test("readLogOptions: bare keys take the job name, values the prefix", () => {
  const o = readLogOptions(specOf(["write_bw_log", "write_lat_log=lat"], "myjob"))!;
  assert.equal(o.bw, "myjob");
  assert.equal(o.lat, "lat");
  assert.equal(o.iops, null);
  assert.equal(o.hist, null);
  assert.equal(o.perJob, true);
  assert.equal(o.avgMs, 0);
  assert.equal(o.epoch, "job");
  assert.equal(o.ioprio, 0);
  assert.equal(o.jobNumber, 1);
});

Deno.test("readLogOptions: the log_* switches", () => {
  const o = readLogOptions(specOf([
    "write_hist_log=h",
    "log_hist_msec=250",
    "log_hist_coarseness=3",
    "log_avg_msec=100",
    "log_max_value=1",
    "log_offset=1",
    "log_prio=1",
    "per_job_logs=0",
    "log_unix_epoch=1",
    "log_alternate_epoch_clock_id=1",
    "prioclass=2",
    "prio=3",
  ]))!;
  assert.deepEqual(
    [o.histMs, o.histCoarseness, o.avgMs, o.maxValue, o.offset, o.prio, o.perJob],
    [250, 3, 100, true, true, true, false],
  );
  assert.equal(o.epoch, "clock");
  assert.equal(o.clockId, 1);
  // fio's raw ioprio: class 2 (best effort) << 13 | level 3.
  assert.equal(o.ioprio, 0x4003);
  assert.equal(readLogOptions(specOf(["write_bw_log=x", "prio=5"]))!.ioprio, 0x4005);
});

Deno.test("readLogOptions: numjobs clones keep their own job numbers", () => {
  const specs = specsOf(["write_iops_log=a", "numjobs=3"]);
  assert.deepEqual(specs.map((s) => readLogOptions(s)!.jobNumber), [1, 2, 3]);
});

Deno.test("sampleAvgMs: log_avg_msec replaces an unset bwavgtime of a logged measure", () => {
  assert.equal(sampleAvgMs(specOf([]), "bw"), 500);
  assert.equal(sampleAvgMs(specOf(["log_avg_msec=1000"]), "bw"), 500);
  assert.equal(sampleAvgMs(specOf(["write_bw_log=x", "log_avg_msec=1000"]), "bw"), 1000);
  assert.equal(sampleAvgMs(specOf(["write_bw_log=x", "log_avg_msec=200"]), "bw"), 200);
  assert.equal(sampleAvgMs(specOf(["write_bw_log=x", "log_avg_msec=200"]), "iops"), 500);
  assert.equal(
    sampleAvgMs(specOf(["write_bw_log=x", "log_avg_msec=1000", "bwavgtime=300"]), "bw"),
    300,
  );
  assert.equal(sampleAvgMs(specOf(["write_iops_log=x", "log_avg_msec=700"]), "iops"), 700);
});

/**
 * Live check: per-I/O completion latencies from fio's lat log, fed into
 * RunningStat one by one and merged per job as a group, must give fio's
 * JSON clat min/max/mean/stddev to the printed 6 decimals.
 */
import assert from "node:assert/strict";
import { emptyStat, mergeStat, RunningStat, statStddev } from "../../src/stats/running.ts";
import { HAVE_FIO } from "../helpers/run.ts";

const SKIP = !HAVE_FIO;
if (SKIP) console.log("running_fio_test: skipped, fio is not on PATH");

Deno.test({
  name: "clat stats equal fio JSON (single jobs and a group_reporting pair)",
  ignore: SKIP,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "dfio_running_" });
    try {
      for (const group of [false, true]) {
        const res = new Deno.Command("fio", {
          args: [
            "--name=r",
            `--directory=${dir}`,
            "--ioengine=psync",
            "--rw=randrw",
            "--bs=4k",
            "--size=8m",
            "--number_ios=1500",
            "--fsync=4",
            "--numjobs=2",
            ...(group ? ["--group_reporting"] : []),
            `--write_lat_log=${dir}/lat${group ? "g" : "s"}`,
            "--output-format=json",
          ],
          stdout: "piped",
          stderr: "piped",
        }).outputSync();
        assert.ok(res.success, new TextDecoder().decode(res.stderr));
        const doc = JSON.parse(new TextDecoder().decode(res.stdout));
        const perJob = [1, 2].map((j) => {
          const text = Deno.readTextFileSync(`${dir}/lat${group ? "g" : "s"}_clat.${j}.log`);
          const byDir = [new RunningStat(), new RunningStat()];
          for (const line of text.trim().split("\n")) {
            const f = line.split(",").map((x) => Number(x.trim()));
            if (f[2] <= 1) byDir[f[2]].add(f[1]);
          }
          return byDir;
        });
        ["read", "write"].forEach((name, d) => {
          const stats = group
            ? [perJob.reduce((acc, j) => (mergeStat(acc, j[d]), acc), emptyStat())]
            : perJob.map((j) => j[d]);
          stats.forEach((s, i) => {
            const fio = doc.jobs[i][name].clat_ns;
            assert.equal(s.n, fio.N);
            assert.equal(s.min, fio.min);
            assert.equal(s.max, fio.max);
            assert.equal(s.mean.toFixed(6), fio.mean.toFixed(6));
            assert.equal(statStddev(s).toFixed(6), fio.stddev.toFixed(6));
          });
        });
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

/**
 * The pure parts of scripts/bench.ts: JSON reading (on fio 3.33 output
 * captured in tests/scripts/fixtures/bench; the `.fio-json` extension keeps
 * deno fmt from rewriting fio's bytes), run interpretation, medians,
 * formatting and the script's own arguments.
 */

import assert from "node:assert/strict";
import { parseBenchArgs, parseRuntimeMs, parseSize } from "../../scripts/bench/args.ts";
import { extractJson, figuresFromJson, firstLogTimestamp } from "../../scripts/bench/fio_json.ts";
import { interpretRun } from "../../scripts/bench/outcome.ts";
import { parseGnuTimeRss, parseVmHwm } from "../../scripts/bench/spawn.ts";
import {
  cpuPerMillion,
  median,
  pairedRatio,
  roundOrder,
  summarizeRounds,
} from "../../scripts/bench/summary.ts";
import {
  formatCount,
  formatKiB,
  formatNs,
  formatTable,
  type Row,
  sig3,
} from "../../scripts/bench/table.ts";
import { jobArgs, selectWorkloads, WORKLOADS } from "../../scripts/bench/workloads.ts";

const FIXTURES = new URL("./fixtures/bench/", import.meta.url);
const fixture = (name: string) => Deno.readTextFileSync(new URL(name, FIXTURES));

function close(actual: number, expected: number, eps = 1e-9): void {
  assert.ok(
    Math.abs(actual - expected) <= eps * Math.max(1, Math.abs(expected)),
    `${actual} != ${expected}`,
  );
}

Deno.test("median: odd, even, unsorted input, empty", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
  assert.throws(() => median([]));
});

Deno.test("pairedRatio: median of round-by-round ratios", () => {
  // Ratios 2, 0.5, 1 -> median 1, while median(dfio)/median(fio) = 2/2 too.
  assert.equal(pairedRatio([2, 1, 3], [1, 2, 3]), 1);
  assert.equal(pairedRatio([10, 10, 30], [5, 10, 10]), 2);
  assert.equal(pairedRatio([1, 2], [0, 0]), undefined);
  assert.equal(pairedRatio([], [1]), undefined);
});

Deno.test("figuresFromJson: two jobs without group_reporting are summed", () => {
  const f = figuresFromJson(extractJson(fixture("fio333_null_2jobs.fio-json")));
  assert.equal(f.jobs, 2);
  assert.equal(f.error, 0);
  close(f.iops, 2875960.119641 + 2786308.76494);
  assert.equal(f.ios, 2884588 + 2797454);
  close(f.clatMeanNs, (16.991897 * 2884588 + 22.231449 * 2797454) / (2884588 + 2797454));
  close(f.cpuSeconds, (32.834331 + 0.199601) / 100 * 1.002 + 31.704885 / 100 * 1.003);
});

Deno.test("figuresFromJson: group_reporting's single entry is read as is", () => {
  const f = figuresFromJson(extractJson(fixture("fio333_null_16jobs_group.fio-json")));
  assert.equal(f.jobs, 1);
  close(f.iops, 13298622.95082);
  assert.equal(f.ios, 13790672);
  close(f.clatMeanNs, 115.819661);
  // job_runtime is the group's sum (16159 ms for 16 jobs of ~1 s).
  close(f.cpuSeconds, (9.536481 + 0.080451) / 100 * 16.159);
  close(cpuPerMillion(f), f.cpuSeconds / 13.790672);
});

Deno.test("figuresFromJson: read and write are added, clat weighted by N", () => {
  const f = figuresFromJson(extractJson(fixture("fio333_psync_randrw.fio-json")));
  close(f.iops, 19840 + 21120);
  assert.equal(f.ios, 1024);
  close(f.clatMeanNs, (45666.514113 * 496 + 3183 * 528) / 1024);
  close(f.cpuSeconds, 0.5 * 0.024);
});

Deno.test("extractJson skips a notice printed before the document", () => {
  const text = "note: something fio says\n" + fixture("fio333_psync_randrw.fio-json");
  const doc = extractJson(text) as { "fio version": string };
  assert.equal(doc["fio version"], "fio-3.33");
  assert.throws(() => extractJson("fio: no jobs\n"), /no JSON/);
});

Deno.test("figuresFromJson rejects documents without jobs or numbers", () => {
  assert.throws(() => figuresFromJson({ jobs: [] }), /no jobs/);
  assert.throws(() => figuresFromJson({ jobs: [{ error: 0, read: {} }] }), /read.iops/);
});

Deno.test("interpretRun: ok, unsupported, error first line, job error", () => {
  const json = fixture("fio333_psync_randrw.fio-json");
  const ok = interpretRun(0, json, "");
  assert.equal(ok.kind, "ok");
  assert.deepEqual(interpretRun(1, "", "fio: ioengine 'io_uring' is not supported yet\n"), {
    kind: "unsupported",
    message: "fio: ioengine 'io_uring' is not supported yet",
  });
  assert.deepEqual(interpretRun(1, "", "\n  fio: file: No such file or directory\nmore\n"), {
    kind: "error",
    message: "fio: file: No such file or directory",
  });
  assert.deepEqual(interpretRun(137, "", ""), { kind: "error", message: "exit status 137" });
  assert.deepEqual(interpretRun(0, "garbage", ""), {
    kind: "error",
    message: "unreadable JSON: no JSON document in the output",
  });
  const failed = json.replace(/"error" : 0/, '"error" : 5');
  assert.deepEqual(interpretRun(0, failed, "fio: io_u error\n"), {
    kind: "error",
    message: "fio: io_u error",
  });
});

Deno.test("firstLogTimestamp: earliest first column over all logs", () => {
  const a = "1795682410542, 27111, 0, 4096, 0\n1795682410543, 1672, 0, 4096, 0\n";
  const b = "1795682410540, 9, 0, 4096, 0\n";
  assert.equal(firstLogTimestamp([a, b]), 1795682410540);
  assert.equal(firstLogTimestamp(["", "\n"]), undefined);
});

Deno.test("GNU time and /proc status parsing", () => {
  const report = '\tCommand being timed: "fio"\n\tMaximum resident set size (kbytes): 29476\n';
  assert.equal(parseGnuTimeRss(report), 29476);
  assert.equal(parseGnuTimeRss("nothing"), undefined);
  assert.equal(parseVmHwm("Name:\tdeno\nVmPeak:\t  900 kB\nVmHWM:\t   31032 kB\n"), 31032);
});

Deno.test("number formatting", () => {
  assert.equal(formatCount(5040000), "5.04M");
  assert.equal(formatCount(187000), "187k");
  assert.equal(formatCount(16700), "16.7k");
  assert.equal(formatCount(999), "999");
  assert.equal(formatNs(15), "15.0ns");
  assert.equal(formatNs(811), "811ns");
  assert.equal(formatNs(5200), "5.20us");
  assert.equal(formatNs(357000), "357us");
  assert.equal(formatNs(3_200_000), "3.20ms");
  assert.equal(formatKiB(29476), "28.8MiB");
  assert.equal(sig3(0.1234), "0.123");
  assert.equal(sig3(0.0123), "0.0123");
  assert.equal(sig3(20.94), "20.9");
});

Deno.test("formatTable: aligned columns, status cells, notes last", () => {
  const rounds = [1, 2, 3].map((i) => ({
    figures: {
      iops: 1e6 * i,
      ios: 5e6 * i,
      clatMeanNs: 800 + i,
      cpuSeconds: 4.5 * i,
      jobs: 1,
      error: 0,
    },
    peakRssKiB: 29000 + i,
    wallMs: 5300,
  }));
  const rows: Row[] = [
    {
      name: "null",
      dfio: { status: "unsupported", message: "x" },
      fio: summarizeRounds(rounds, { ms: 256.4, kind: "log" }),
      notes: ["dfio: unsupported (fio: running jobs is not supported yet)"],
    },
    {
      name: "psync-rand4k",
      dfio: summarizeRounds(rounds, { ms: 300, kind: "bound" }),
      fio: summarizeRounds(rounds),
      ratio: 1.004,
      notes: [],
    },
  ];
  assert.equal(
    formatTable(rows),
    [
      "workload        dfio IOPS  fio IOPS  dfio/fio  dfio clat  fio clat  dfio CPU/M  fio CPU/M" +
      "  dfio RSS  fio RSS  dfio 1st I/O  fio 1st I/O  note",
      "------------  -----------  --------  --------  ---------  --------  ----------  ---------" +
      "  --------  -------  ------------  -----------  ----",
      "null          unsupported     2.00M         -          -     802ns           -      0.900" +
      "         -  28.3MiB             -        256ms  dfio: unsupported (fio: running jobs is not supported yet)",
      "psync-rand4k        2.00M     2.00M      1.00      802ns     802ns       0.900      0.900" +
      "   28.3MiB  28.3MiB       <=300ms            -",
    ].join("\n"),
  );
});

Deno.test("parseSize and parseRuntimeMs", () => {
  assert.equal(parseSize("64m"), 64 * 2 ** 20);
  assert.equal(parseSize("1g"), 2 ** 30);
  assert.equal(parseSize("512KiB"), 512 * 1024);
  assert.equal(parseSize("8192"), 8192);
  assert.throws(() => parseSize("1000"), /multiple of 4k/);
  assert.throws(() => parseSize("lots"), /bad size/);
  assert.equal(parseRuntimeMs("5"), 5000);
  assert.equal(parseRuntimeMs("500ms"), 500);
  assert.equal(parseRuntimeMs("2s"), 2000);
  assert.equal(parseRuntimeMs("1m"), 60000);
  assert.throws(() => parseRuntimeMs("0"), /positive/);
});

Deno.test("parseBenchArgs: defaults, repeats, bad values", () => {
  const d = parseBenchArgs([], "/x/fio");
  assert.equal(d.sizeBytes, 2 ** 30);
  assert.equal(d.runtime, "5");
  assert.equal(d.rounds, 3);
  assert.deepEqual(d.only, []);
  assert.equal(d.dfio, "/x/fio");
  const a = parseBenchArgs(
    ["--size", "64m", "--runtime=1", "--rounds", "1", "--only", "null", "--only=uring"],
    "/x/fio",
  );
  assert.deepEqual([a.sizeBytes, a.runtimeMs, a.rounds, a.only], [64 * 2 ** 20, 1000, 1, [
    "null",
    "uring",
  ]]);
  assert.throws(() => parseBenchArgs(["--rounds", "0"], ""), /positive integer/);
  assert.throws(() => parseBenchArgs(["--bogus"], ""), /^Error: bench: /);
  assert.throws(() => parseBenchArgs(["--rss", "ps"], ""), /'time' or 'proc'/);
});

Deno.test("selectWorkloads: exact name, family prefix, comma list, unknown", () => {
  const names = (p: string[]) => selectWorkloads(WORKLOADS, p).map((w) => w.name);
  assert.deepEqual(names(["null"]), ["null"]);
  assert.deepEqual(names(["uring"]), ["uring-rand4k-qd32", "uring-rand4k-qd32-direct"]);
  assert.deepEqual(names(["null-16jobs,psync-rand4k"]), ["psync-rand4k", "null-16jobs"]);
  assert.equal(names([]).length, WORKLOADS.length);
  assert.ok(WORKLOADS.length >= 10);
  assert.throws(() => names(["nope"]), /no workload matches 'nope'/);
});

Deno.test("jobArgs: identical fio command line, file only when used", () => {
  const p = { filename: "/t/data", sizeBytes: 1048576, runtime: "5" };
  const byName = (n: string) => WORKLOADS.find((w) => w.name === n)!;
  assert.deepEqual(jobArgs(byName("psync-rand4k"), p), [
    "--name=psync-rand4k",
    "--filename=/t/data",
    "--size=1048576",
    "--ioengine=psync",
    "--rw=randread",
    "--bs=4k",
    "--invalidate=0",
    "--runtime=5",
    "--time_based",
    "--output-format=json",
  ]);
  const nul = jobArgs(byName("null-16jobs"), p);
  assert.ok(!nul.some((a) => a.startsWith("--filename")));
  assert.ok(nul.includes("--numjobs=16") && nul.includes("--group_reporting"));
});

Deno.test("roundOrder: the tools swap places every round", () => {
  const order = [1, 2, 3, 4].map((i) => roundOrder(i, "dfio", "fio").join(","));
  assert.deepEqual(order, ["dfio,fio", "fio,dfio", "dfio,fio", "fio,dfio"]);
});

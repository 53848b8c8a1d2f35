import assert from "node:assert/strict";
import { jobLine, preamble, startingLine } from "../../src/run/preamble.ts";
import { VERSION_STRING } from "../../src/version.ts";
import { HAVE_FIO, runFio } from "../helpers/run.ts";
import { planOf } from "./helpers.ts";

/** Block-size and pattern variants with the line fio 3.33 prints for them. */
const CASES: [string[], string][] = [
  [[], "rw=read, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, ioengine=null, iodepth=1"],
  [
    ["bs=1m"],
    "rw=read, bs=(R) 1024KiB-1024KiB, (W) 1024KiB-1024KiB, (T) 1024KiB-1024KiB, ioengine=null, iodepth=1",
  ],
  [
    ["bs=12k"],
    "rw=read, bs=(R) 12.0KiB-12.0KiB, (W) 12.0KiB-12.0KiB, (T) 12.0KiB-12.0KiB, ioengine=null, iodepth=1",
  ],
  [
    ["bs=1536"],
    "rw=read, bs=(R) 1536B-1536B, (W) 1536B-1536B, (T) 1536B-1536B, ioengine=null, iodepth=1",
  ],
  [
    ["bs=64000", "kb_base=1000"],
    "rw=read, bs=(R) 64.0kB-64.0kB, (W) 64.0kB-64.0kB, (T) 64.0kB-64.0kB, ioengine=null, iodepth=1",
  ],
  [
    ["bs=4k,8k,16k"],
    "rw=read, bs=(R) 4096B-4096B, (W) 8192B-8192B, (T) 16.0KiB-16.0KiB, ioengine=null, iodepth=1",
  ],
  [
    ["bs=4k,8k"],
    "rw=read, bs=(R) 4096B-4096B, (W) 8192B-8192B, (T) 8192B-8192B, ioengine=null, iodepth=1",
  ],
  [
    ["bsrange=1k-64k", "rw=randrw:4", "iodepth=4"],
    "rw=randrw, bs=(R) 1024B-64.0KiB, (W) 1024B-64.0KiB, (T) 1024B-64.0KiB, ioengine=null, iodepth=4",
  ],
  [
    ["bs=8k", "bsrange=1k-2k"],
    "rw=read, bs=(R) 1024B-2048B, (W) 1024B-2048B, (T) 1024B-2048B, ioengine=null, iodepth=1",
  ],
  [
    ["bssplit=4k/50:64k/50", "bs=8k"],
    "rw=read, bs=(R) 4096B-64.0KiB, (W) 4096B-64.0KiB, (T) 4096B-64.0KiB, ioengine=null, iodepth=1",
  ],
  [
    ["bssplit=,8k/50:16k/50"],
    "rw=read, bs=(R) 4096B-4096B, (W) 8192B-16.0KiB, (T) 8192B-16.0KiB, ioengine=null, iodepth=1",
  ],
  [
    ["bs_is_seq_rand=1", "bs=3k,5k", "rw=rw"],
    "rw=rw, bs=(R) 3072B-3072B, (W) 5120B-5120B, bs_is_seq_rand, ioengine=null, iodepth=1",
  ],
  [
    ["rw=readwrite"],
    "rw=rw, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, ioengine=null, iodepth=1",
  ],
  [
    ["rw=write:4"],
    "rw=write, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, ioengine=null, iodepth=1",
  ],
  [
    ["rw=randtrimwrite"],
    "rw=randtrimwrite, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, ioengine=null, iodepth=1",
  ],
];

Deno.test("preamble: job lines match fio 3.33 for block size and pattern variants", () => {
  for (const [opts, want] of CASES) {
    const plan = planOf([["x", "ioengine=null", "size=1m", ...opts]]);
    assert.equal(jobLine(plan.jobs[0]), `x: (g=0): ${want}`, opts.join(" "));
  }
});

Deno.test("preamble: the first clone prints '...', later clones nothing", () => {
  const plan = planOf([["a", "ioengine=null", "numjobs=3"], ["b", "ioengine=null", "stonewall"]]);
  const text = preamble(plan);
  assert.equal(
    text,
    "a: (g=0): rw=read, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, ioengine=null, iodepth=1\n" +
      "...\n" +
      "b: (g=1): rw=read, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, ioengine=null, iodepth=1\n" +
      `${VERSION_STRING}\nStarting 4 processes\n`,
  );
});

Deno.test("preamble: Starting line names threads first, then processes", () => {
  const one = planOf([["a", "ioengine=null"]]);
  assert.equal(startingLine(one.jobs), "Starting 1 process");
  const mixed = planOf([["a", "ioengine=null"], ["b", "ioengine=null", "thread", "numjobs=2"]]);
  assert.equal(startingLine(mixed.jobs), "Starting 2 threads and 1 process");
  const threads = planOf([["global", "thread"], ["a", "ioengine=null", "numjobs=3"]]);
  assert.equal(startingLine(threads.jobs), "Starting 3 threads");
  const mix2 = planOf([["a", "ioengine=null", "thread"], ["b", "ioengine=null", "numjobs=4"]]);
  assert.equal(startingLine(mix2.jobs), "Starting 1 thread and 4 processes");
});

Deno.test({
  name: "preamble: equals fio 3.33's lines live (skipped without fio)",
  ignore: !HAVE_FIO,
  async fn() {
    for (const [opts] of CASES) {
      const args = ["--name=x", "--ioengine=null", "--size=1m", ...opts.map((o) => `--${o}`)];
      const r = await runFio([...args, "--numjobs=2", "--thread"]);
      const fioLines = r.stdout.split("\n").slice(0, 4);
      const plan = planOf([["x", "ioengine=null", "size=1m", ...opts, "numjobs=2", "thread"]]);
      const ours = preamble(plan).split("\n").slice(0, 4);
      ours[2] = ours[2].replace(VERSION_STRING, "fio-3.33");
      assert.deepEqual(ours, fioLines, opts.join(" "));
    }
  },
});

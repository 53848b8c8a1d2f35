import assert from "node:assert/strict";
import { buildPlan } from "../../src/job/build.ts";
import { defaultRunConfig, type RunConfig } from "../../src/cli/config.ts";
import { parseJobText } from "../../src/jobfile/read.ts";
import type { JobSource } from "../../src/jobfile/types.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { FioError } from "../../src/errors.ts";

const silent = { out: () => {}, err: () => {} };

function file(text: string, name = "job.fio"): JobSource {
  return { kind: "file", path: name, sections: parseJobText(text, name, { env: new Map() }) };
}

function cmdline(argv: string[]): JobSource {
  return { kind: "cmdline", sections: parseArgs(argv, silent).cmdline };
}

function plan(sources: JobSource[], config: Partial<RunConfig> = {}) {
  return buildPlan(sources, { ...defaultRunConfig(), ...config }, () => {});
}

function failure(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof FioError, `expected FioError, got ${e}`);
    return [e.message, ...e.extra];
  }
  assert.fail("expected an error");
}

Deno.test("globals apply to the jobs after them, later [global] only to later jobs", () => {
  const p = plan([file("[global]\nbs=8k\n[a]\n[global]\nbs=16k\n[b]\n")]);
  assert.deepEqual(p.jobs.map((j) => [j.name, j.options["bs"]]), [
    ["a", [8192, 8192, 8192]],
    ["b", [16384, 16384, 16384]],
  ]);
  assert.deepEqual(p.globalOptions, [{ name: "bs", value: "8k" }]);
});

Deno.test("a job's own options override globals and are its job options", () => {
  const p = plan([file("[global]\nsize=1m\n[a]\nsize=2m\nblocksize=4k\n")]);
  assert.equal(p.jobs[0].options["size"], 2 * 1024 * 1024);
  // In the order written, under canonical names (as fio's JSON "job options").
  assert.deepEqual(p.jobs[0].jobOptions, [
    { name: "size", value: "2m" },
    { name: "bs", value: "4k" },
  ]);
});

Deno.test("numjobs clones get their own job numbers and share the group", () => {
  const p = plan([file("[a]\nnumjobs=3\n[b]\n")]);
  // fio's creation order: subjob 0, then n-1 down to 1.
  assert.deepEqual(p.jobs.map((j) => [j.name, j.jobNumber, j.clone, j.groupId]), [
    ["a", 1, 0, 0],
    ["a", 2, 2, 0],
    ["a", 3, 1, 0],
    ["b", 4, 0, 0],
  ]);
});

Deno.test("stonewall and new_group start groups; the first job never does", () => {
  const p = plan([file("[a]\nstonewall\n[b]\n[c]\nstonewall\n[d]\nnew_group\n[e]\n")]);
  assert.deepEqual(p.jobs.map((j) => [j.name, j.groupId, j.stonewall]), [
    ["a", 0, true],
    ["b", 0, false],
    ["c", 1, true],
    ["d", 2, false],
    ["e", 2, false],
  ]);
});

Deno.test("every job file after the first starts with an implicit stonewall", () => {
  const p = plan([file("[a]\n[b]\n", "one.fio"), file("[c]\n[d]\n", "two.fio")]);
  assert.deepEqual(p.jobs.map((j) => [j.name, j.groupId, j.stonewall, j.sourceIndex]), [
    ["a", 0, false, 0],
    ["b", 0, false, 0],
    ["c", 1, true, 1],
    ["d", 1, false, 1],
  ]);
});

Deno.test("command-line globals reach the first job file only (as in fio)", () => {
  const p = plan([
    cmdline(["--bs=16k"]),
    file("[a]\n", "one.fio"),
    file("[b]\n", "two.fio"),
  ]);
  assert.deepEqual(p.jobs.map((j) => [j.name, j.options["bs"]]), [
    ["a", [16384, 16384, 16384]],
    ["b", undefined],
  ]);
});

Deno.test("command-line jobs come first and take options in order", () => {
  const p = plan([cmdline(["--size=1k", "--name=x", "--kb_base=1000", "--size=1k"])]);
  assert.equal(p.jobs.length, 1);
  assert.equal(p.jobs[0].name, "x");
  assert.equal(p.jobs[0].options["size"], 1000);
});

Deno.test("in a job file kb_base applies to the whole section wherever it stands", () => {
  const p = plan([file("[a]\nsize=1k\nkb_base=1000\n")]);
  assert.equal(p.jobs[0].options["size"], 1000);
});

Deno.test("--section picks job-file sections; globals still apply", () => {
  const p = plan([file("[global]\nbs=8k\n[a]\n[b]\n[c]\n")], { sections: ["b", "c"] });
  assert.deepEqual(p.jobs.map((j) => [j.name, j.options["bs"]]), [
    ["b", [8192, 8192, 8192]],
    ["c", [8192, 8192, 8192]],
  ]);
});

Deno.test("an unknown option is fio's Bad option with a hint and the job dropped", () => {
  assert.deepEqual(failure(() => plan([file("[j]\nfoo=1\n")])), [
    "Bad option <foo=1>",
    "Did you mean flow?",
    "fio: job j dropped",
  ]);
});

Deno.test("engine options: valid once the section's engine provides them", () => {
  // In a job section the engine applies before its options, wherever written.
  const p = plan([file("[j]\nhipri\nioengine=io_uring\n")]);
  assert.equal(p.jobs[0].ioengine, "io_uring");
  assert.equal(p.jobs[0].options["hipri"], true);
  // A [global] without the engine does not know them.
  assert.deepEqual(failure(() => plan([file("[global]\nhipri\n[j]\nioengine=io_uring\n")])), [
    "Bad option <hipri>",
    "Did you mean prio?",
    "fio: job global dropped",
  ]);
});

Deno.test("an engine fio cannot load fails only when the section needs it", () => {
  // No engine option in the section: fio never loads it.
  assert.equal(plan([file("[j]\nioengine=http\nsize=1m\n")]).jobs.length, 1);
  assert.deepEqual(failure(() => plan([cmdline(["--name=j", "--ioengine=http"])])), [
    "fio: engine http not loadable",
    "fio: failed to load engine",
  ]);
});

Deno.test("empty values and bad values are refused with fio's lines", () => {
  assert.deepEqual(failure(() => plan([file("[j]\nbs=\n")])), [
    "fio: failed parsing bs=",
    "fio: job j dropped",
  ]);
  assert.deepEqual(failure(() => plan([cmdline(["--name=j", "--iodepth=abc"])])), [
    "fio: failed parsing iodepth=abc",
  ]);
});

Deno.test("--readonly refuses write and trim workloads", () => {
  assert.deepEqual(failure(() => plan([file("[j]\nrw=randwrite\n")], { readonly: true })), [
    "fio: job <j> has write or trim bit set, but fio is in read-only mode",
    "fio: failed parsing rw=randwrite",
    "fio: job j dropped",
  ]);
  assert.equal(plan([file("[j]\nrw=randread\n")], { readonly: true }).jobs.length, 1);
});

Deno.test("the job seed: randseed when set, 0x89 with randrepeat, else drawn per run", () => {
  assert.equal(plan([file("[j]\n")]).jobs[0].seed, 0x89n);
  assert.equal(plan([file("[j]\nrandseed=1234\n")]).jobs[0].seed, 1234n);
  assert.equal(plan([file("[j]\nrandrepeat=0\nrandseed=7\n")]).jobs[0].seed, 7n);
  const drawn = new Set(
    Array.from({ length: 4 }, () => plan([file("[j]\nrandrepeat=0\n")]).jobs[0].seed),
  );
  assert.ok(drawn.size > 1, "randrepeat=0 draws a new seed each run");
  assert.ok(!drawn.has(0x89n));
});

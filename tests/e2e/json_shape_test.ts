/**
 * dfio's JSON and json+ documents have fio 3.33's key paths and types
 * (int vs float told apart in the text) for jobs covering issue 3's
 * options, and the byte and I/O counts of size-bound jobs equal fio's
 * (per direction when the random split is seeded). Checked against fio's
 * captured lists (tests/fixtures/e2e/, see _json_shape.ts) and, when fio is
 * installed, against a live fio run of the same job.
 */
import assert from "node:assert/strict";
import { HAVE_FIO, mapLimit, runDfio } from "../helpers/run.ts";
import {
  countsOf,
  isDiskLine,
  jsonShape,
  readFixture,
  runShapeJob,
  SHAPE_JOBS,
  type ShapeJob,
  type ShapeRun,
} from "./_json_shape.ts";
import { hasStackTrace } from "./_spawn.ts";

if (!HAVE_FIO) console.log("json shape: fio not on PATH, checking dfio against fixtures only");

interface Pair {
  dfio: ShapeRun;
  fio?: ShapeRun;
}

// Every job runs once for the whole file, dfio and fio side by side.
let runs: Promise<Map<string, Pair>> | undefined;
function allRuns(): Promise<Map<string, Pair>> {
  runs ??= (async () => {
    const tasks = SHAPE_JOBS.flatMap((job) =>
      HAVE_FIO ? [[job, "dfio"], [job, "fio"]] as const : [[job, "dfio"]] as const
    );
    const results = await mapLimit(tasks, 6, ([job, tool]) => runShapeJob(job, tool));
    const out = new Map<string, Pair>();
    tasks.forEach(([job, tool], i) => {
      const pair = out.get(job.name) ?? { dfio: results[i] };
      pair[tool] = results[i];
      out.set(job.name, pair);
    });
    return out;
  })();
  return runs;
}

/** Lines only in `a` and only in `b`, for a readable failure. */
function diffLines(a: string[], b: string[]): { dfioOnly: string[]; fioOnly: string[] } {
  const sa = new Set(a), sb = new Set(b);
  return { dfioOnly: a.filter((l) => !sb.has(l)), fioOnly: b.filter((l) => !sa.has(l)) };
}

function assertSameShape(dfio: string[], fio: string[], what: string): void {
  const d = diffLines(dfio, fio);
  assert.deepEqual(d, { dfioOnly: [], fioOnly: [] }, `key paths/types differ from ${what}`);
  // Same set; the order of keys is part of fio's document too.
  assert.deepEqual(dfio, fio, `key order differs from ${what}`);
}

function okRun(r: ShapeRun, tool: string): void {
  assert.ok(!r.timedOut, `${tool} hung (killed after the time limit)`);
  assert.equal(r.code, 0, `${tool} exit ${r.code}: ${r.stderr}`);
  assert.ok(!hasStackTrace(r.stderr), `${tool} printed a stack trace:\n${r.stderr}`);
}

function shapeTest(job: ShapeJob): void {
  Deno.test({
    name: `json shape: ${job.name} (${job.format}) matches fio 3.33`,
    async fn() {
      const pair = (await allRuns()).get(job.name)!;
      okRun(pair.dfio, "dfio");
      const ours = jsonShape(pair.dfio.stdout).filter((l) => !isDiskLine(l));
      const fixture = readFixture(job.name);
      assertSameShape(ours, fixture.shape, "the fio fixture");
      assert.deepEqual(countsOf(pair.dfio.stdout, job.exact), fixture.counts);
      if (pair.fio) {
        okRun(pair.fio, "fio");
        const theirs = jsonShape(pair.fio.stdout).filter((l) => !isDiskLine(l));
        assertSameShape(ours, theirs, "live fio");
        assert.deepEqual(
          countsOf(pair.dfio.stdout, job.exact),
          countsOf(pair.fio.stdout, job.exact),
        );
      }
    },
  });
}

for (const job of SHAPE_JOBS) shapeTest(job);

Deno.test({
  name: "json shape: time_based run has bw and iops samples",
  async fn() {
    const r = (await allRuns()).get("time_based")!.dfio;
    okRun(r, "dfio");
    const j = JSON.parse(r.stdout).jobs[0];
    for (const d of ["read", "write"]) {
      assert.ok(j[d].bw_samples >= 3, `${d} bw_samples ${j[d].bw_samples}`);
      assert.ok(j[d].iops_samples >= 3, `${d} iops_samples ${j[d].iops_samples}`);
      assert.ok(j[d].bw_min > 0 && j[d].bw_max >= j[d].bw_min);
    }
    assert.ok(j.job_runtime >= 1900 && j.job_runtime < 2600, `job_runtime ${j.job_runtime}`);
  },
});

Deno.test({
  name: "json shape: disk_util for a file job matches live fio",
  ignore: !HAVE_FIO,
  async fn() {
    const pair = (await allRuns()).get("nrfiles")!;
    const disk = (r: ShapeRun) => jsonShape(r.stdout).filter(isDiskLine);
    const theirs = disk(pair.fio!);
    assert.ok(theirs.length > 0, "fio reports no disk here");
    assert.deepEqual(disk(pair.dfio), theirs);
  },
});

Deno.test("json: a section that set only bare keys still gets its empty options object, as fio", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cases: [string, unknown, unknown][] = [
      ["[global]\nthread\n[j]\nsize=4k\nioengine=null\n", {}, { size: "4k", ioengine: "null" }],
      ["[global]\nsize=4k\nioengine=null\n[j]\nthread\n", { size: "4k", ioengine: "null" }, {}],
      ["[global]\nsize=4k\nioengine=null\n[j]\n", { size: "4k", ioengine: "null" }, undefined],
    ];
    for (const [text, global, job] of cases) {
      const file = `${dir}/j.fio`;
      await Deno.writeTextFile(file, text);
      const r = await runDfio([file, "--output-format=json"], { cwd: dir });
      const doc = JSON.parse(r.stdout);
      assert.deepEqual(doc["global options"], global, text);
      assert.deepEqual(doc.jobs[0]["job options"], job, text);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

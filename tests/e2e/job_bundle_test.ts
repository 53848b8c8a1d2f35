/**
 * The job module bundle (scripts/bundle, jobWorkerUrl): built once and
 * rebuilt when a source is newer, chosen through DFIO_JOB_BUNDLE, and jobs
 * run through it exactly as through the sources.
 */
import assert from "node:assert/strict";
import { ROOT, run } from "../helpers/run.ts";

const DENO = Deno.execPath();

/** A copy of the checkout's runnable parts, so bundling never touches the real one. */
function copyCheckout(): string {
  const dir = Deno.makeTempDirSync({ prefix: "dfio-bundle-" });
  for (const part of ["src", "scripts", "deno.json", "main.ts", "main_bundled.ts"]) {
    const r = new Deno.Command("cp", { args: ["-R", `${ROOT}${part}`, `${dir}/`] }).outputSync();
    assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
  }
  return dir;
}

function mtime(path: string): number {
  return Deno.statSync(path).mtime!.getTime();
}

const NULL_JOB = ["--name=b", "--ioengine=null", "--size=1m", "--output-format=terse"];

Deno.test("scripts/bundle builds the three modules once and again only when a source is newer", async () => {
  const dir = copyCheckout();
  try {
    const bundle = () => run("sh", [`${dir}/scripts/bundle`, DENO]);
    assert.equal((await bundle()).code, 0);
    const job = `${dir}/build/job.js`;
    for (const f of ["job.js", "offload_worker.ts", "async_worker.ts"]) {
      assert.ok(Deno.statSync(`${dir}/build/${f}`).size > 50_000, f);
    }
    // One file: no relative imports left, only Deno's own modules.
    const text = Deno.readTextFileSync(job);
    assert.deepEqual(text.match(/^import .* from "\.[^"]*";$/gm), null);
    assert.match(text, /new URL\("\.\/offload_worker\.ts", import\.meta\.url\)/);
    const first = mtime(job);
    assert.equal((await bundle()).code, 0);
    assert.equal(mtime(job), first, "rebuilt although nothing changed");
    const later = new Date(Date.now() + 5000);
    Deno.utimeSync(`${dir}/src/worker/loop.ts`, later, later);
    assert.equal((await bundle()).code, 0);
    assert.ok(mtime(job) > first, "not rebuilt after a source changed");
    // The compiled binary's entry runs its jobs from build/.
    const r = await run(DENO, ["run", "-A", `${dir}/main_bundled.ts`, ...NULL_JOB]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split(";")[5], "1024");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("DFIO_JOB_BUNDLE names the module every job's Worker loads", async () => {
  const r = await run(DENO, ["run", "-A", `${ROOT}main.ts`, ...NULL_JOB], {
    env: { DFIO_JOB_BUNDLE: "/nonexistent/dfio/job.js" },
  });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /fio: job 'b' \(job 1\) failed: .*nonexistent\/dfio\/job\.js/);
});

Deno.test("a job runs the same through the bundle as through the sources", async () => {
  const built = await run("sh", [`${ROOT}scripts/bundle`, DENO]);
  assert.equal(built.code, 0);
  const dir = Deno.makeTempDirSync({ prefix: "dfio-bundle-run-" });
  try {
    const results: string[] = [];
    for (const bundle of [undefined, `${ROOT}build/job.js`]) {
      const log = `${dir}/${bundle ? "bundled" : "sources"}.iolog`;
      const r = await run(DENO, [
        "run",
        "-A",
        `${ROOT}main.ts`,
        "--name=same",
        `--filename=${dir}/data`,
        "--size=256k",
        "--rw=randrw",
        "--bs=4k",
        "--ioengine=libaio",
        "--iodepth=4",
        "--randseed=7",
        `--write_iolog=${log}`,
        "--output-format=json",
      ], { env: bundle ? { DFIO_JOB_BUNDLE: bundle } : {}, cleanEnv: true });
      assert.equal(r.code, 0, r.stderr);
      const job = JSON.parse(r.stdout.slice(r.stdout.indexOf("{"))).jobs[0];
      // Each line without its timestamp: action, offset, length.
      const ops = Deno.readTextFileSync(log).split("\n").filter((l) => / (read|write) /.test(l))
        .map((l) => l.split(" ").slice(2).join(" "));
      assert.ok(ops.length === 64, `${ops.length} I/Os logged`);
      results.push(JSON.stringify([job.read.io_bytes, job.write.io_bytes, ops]));
    }
    assert.equal(results[1], results[0]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

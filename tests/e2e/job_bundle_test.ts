/**
 * The job module bundle (scripts/bundle, jobWorkerUrl): built once, rebuilt
 * when a source is newer, a failed build not retried until then, chosen
 * through DFIO_JOB_BUNDLE, and jobs run through it exactly as through the
 * sources. Every test bundles in a copy of the checkout. The offload and
 * verify_async e2e tests run their sub-Workers through the launcher, so
 * through the bundle's sub-Worker modules.
 */
import assert from "node:assert/strict";
import { ROOT, run } from "../helpers/run.ts";

const DENO = Deno.execPath();

/** Why the bundle tests cannot run here (`deno bundle` unusable), or "". */
const noBundler = await (async () => {
  const dir = Deno.makeTempDirSync({ prefix: "dfio-bundler-" });
  try {
    Deno.writeTextFileSync(`${dir}/a.ts`, "export const a = 1;\n");
    const r = await run(DENO, ["bundle", "--quiet", `${dir}/a.ts`, "-o", `${dir}/b.js`]);
    return r.code === 0 ? "" : ` (skipped: deno bundle fails here: ${r.stderr.trim()})`;
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
})();

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

/** Makes `path` look edited 5 s from now. */
function touchLater(path: string): void {
  const later = new Date(Date.now() + 5000);
  Deno.utimeSync(path, later, later);
}

const NULL_JOB = ["--name=b", "--ioengine=null", "--size=1m", "--output-format=terse"];

Deno.test({
  name: `scripts/bundle builds the three modules, again only when a source is newer${noBundler}`,
  ignore: noBundler !== "",
  fn: async () => {
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
      touchLater(`${dir}/src/worker/loop.ts`);
      assert.equal((await bundle()).code, 0);
      assert.ok(mtime(job) > first, "not rebuilt after a source changed");
      // A lost sub-Worker module is rebuilt too.
      Deno.removeSync(`${dir}/build/async_worker.ts`);
      assert.equal((await bundle()).code, 0);
      assert.ok(Deno.statSync(`${dir}/build/async_worker.ts`).isFile);
      // The compiled binary's entry runs its jobs from build/.
      const r = await run(DENO, ["run", "-A", `${dir}/main_bundled.ts`, ...NULL_JOB]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.split(";")[5], "1024");
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("a failed bundle is logged and not retried until a source changes", async () => {
  const dir = copyCheckout();
  try {
    // A "deno" that fails and counts its calls.
    const fake = `${dir}/fake-deno`;
    Deno.writeTextFileSync(
      fake,
      `#!/bin/sh\necho call >> "${dir}/calls"\necho no bundler >&2\nexit 1\n`,
    );
    Deno.chmodSync(fake, 0o755);
    const bundle = () => run("sh", [`${dir}/scripts/bundle`, fake]);
    const calls = () => Deno.readTextFileSync(`${dir}/calls`).split("\n").length - 1;
    assert.equal((await bundle()).code, 1);
    assert.equal(calls(), 1);
    assert.match(Deno.readTextFileSync(`${dir}/build/bundle.log`), /no bundler/);
    assert.equal((await bundle()).code, 1);
    assert.equal(calls(), 1, "retried although nothing changed");
    touchLater(`${dir}/deno.json`);
    assert.equal((await bundle()).code, 1);
    assert.equal(calls(), 2, "not retried after a source changed");
    assert.throws(() => Deno.statSync(`${dir}/build/job.js`));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("DFIO_JOB_BUNDLE names the module every job's Worker loads", async () => {
  const r = await run(DENO, ["run", "-A", `${ROOT}main.ts`, ...NULL_JOB], {
    env: { DFIO_JOB_BUNDLE: "/nonexistent/dfio #1/job.js" },
  });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /fio: job 'b' \(job 1\) failed: .*nonexistent\/dfio(%20| )%231\/job\.js/);
});

Deno.test({
  name: `a job runs the same through the bundle as through the sources${noBundler}`,
  ignore: noBundler !== "",
  fn: async () => {
    const dir = copyCheckout();
    try {
      assert.equal((await run("sh", [`${dir}/scripts/bundle`, DENO])).code, 0);
      const results: string[] = [];
      for (const bundle of [undefined, `${dir}/build/job.js`]) {
        const log = `${dir}/${bundle ? "bundled" : "sources"}.iolog`;
        const r = await run(DENO, [
          "run",
          "-A",
          `${dir}/main.ts`,
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
  },
});

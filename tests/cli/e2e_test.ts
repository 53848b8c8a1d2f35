/** End-to-end: scripts/fio (the launcher) on help, listings and bad input. */
import assert from "node:assert/strict";
import { VERSION_STRING } from "../../src/version.ts";
import { HAVE_FIO, runDfio, type RunResult } from "../helpers/run.ts";

type Outcome = RunResult;
const run = runDfio;
const FIO = HAVE_FIO;

function assertNoStack(o: Outcome) {
  assert.doesNotMatch(o.stderr, /^\s+at /m, "stack trace on stderr");
  assert.doesNotMatch(o.stderr, /Uncaught|error: /, "Deno error on stderr");
}

Deno.test("e2e --version", async () => {
  assert.deepEqual(await run(["--version"]), {
    code: 0,
    stdout: `${VERSION_STRING}\n`,
    stderr: "",
  });
  assert.equal((await run(["-v"])).stdout, `${VERSION_STRING}\n`);
});

Deno.test("e2e --help", async () => {
  const o = await run(["--help"]);
  assert.equal(o.code, 0);
  assert.equal(o.stderr, "");
  assert.equal(o.stdout.split("\n")[0], VERSION_STRING);
  assert.match(o.stdout, /--alloc-size=KB +.*no effect/);
  for (const opt of ["--output-format", "--showcmd", "--cmdhelp", "--enghelp", "--section"]) {
    assert.ok(o.stdout.includes(opt), opt);
  }
});

Deno.test("e2e --cmdhelp=bs and --cmdhelp=all", async () => {
  const bs = await run(["--cmdhelp=bs"]);
  assert.equal(bs.code, 0);
  assert.match(
    bs.stdout,
    /^ {18}bs: .+\n {15}alias: blocksize\n {16}type: .+\n {13}default: 4096\n/,
  );
  assert.ok(bs.stdout.endsWith("\n\n"));
  // The alias finds the same entry.
  assert.equal((await run(["--cmdhelp=blocksize"])).stdout, bs.stdout);
  const all = await run(["--cmdhelp=all"]);
  assert.equal(all.code, 0);
  assert.match(all.stdout, /^Job description:\n/);
  assert.match(all.stdout, /\nBlock size:\n( {2}.*\n)* {2}bs +: /);
  const unknown = await run(["--cmdhelp=zzzzzzzz"]);
  assert.deepEqual(unknown, { code: 0, stdout: "\n", stderr: "No such command: zzzzzzzz" });
});

Deno.test("e2e --enghelp lists engines; unknown engine fails as fio", async () => {
  const list = await run(["--enghelp"]);
  assert.equal(list.code, 0);
  const lines = list.stdout.trimEnd().split("\n");
  assert.equal(lines[0], "Available IO engines:");
  assert.ok(lines.length > 1);
  assert.ok(lines.slice(1).every((l) => /^\t[\w-]+$/.test(l)), list.stdout);
  assert.deepEqual(await run(["--enghelp=nosuch"]), {
    code: 1,
    stdout: "IO engine nosuch not found\n",
    stderr: "fio: engine nosuch not loadable\n",
  });
});

Deno.test("e2e --showcmd on a job file (and on stdin)", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(
      `${dir}/j.fio`,
      "[global]\nreadwrite=randread\nbs=4k\n\n[job1]\nsize=1m\nfilename=/tmp/x\n",
    );
    const want = "fio --rw=randread --bs=4k --name=job1 --size=1m --filename=/tmp/x \n";
    assert.deepEqual(await run(["--showcmd", "j.fio"], { cwd: dir }), {
      code: 0,
      stdout: want,
      stderr: "",
    });
    if (FIO) {
      const real = new Deno.Command("fio", { args: ["--showcmd", "j.fio"], cwd: dir }).outputSync();
      assert.equal(new TextDecoder().decode(real.stdout), want);
    }
    const stdin = await run(["--showcmd", "-"], { stdin: "[x]\nsize=4k\n" });
    assert.equal(stdin.stdout, "fio --name=x --size=4k \n");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("e2e bad input: fio's lines on stderr, exit 1, no stack trace", async () => {
  const unknown = await run(["--foo=1"]);
  assertNoStack(unknown);
  assert.deepEqual(unknown, {
    code: 1,
    stdout: "",
    stderr: "fio: unrecognized option '--foo=1'\nfio: unrecognized option '--foo=1'\n" +
      "Did you mean loops?\n",
  });
  const terse = await run(["--terse-version=9"]);
  assert.deepEqual(terse, { code: 1, stdout: "", stderr: "fio: bad terse version format\n" });
  const missing = await run(["nonexist.fio"]);
  assertNoStack(missing);
  assert.deepEqual(missing, {
    code: 1,
    stdout: "",
    stderr: "fio: unable to open 'nonexist.fio' job file\n",
  });
  const later = await run(["--server"]);
  assert.deepEqual(later, { code: 1, stdout: "", stderr: "fio: --server is not supported yet\n" });
});

Deno.test("e2e no job: usage on stdout, 'No job(s) defined' on stderr, exit 1", async () => {
  const none = await run([]);
  assert.equal(none.code, 1);
  assert.equal(none.stdout.split("\n")[0], VERSION_STRING);
  assert.equal(none.stderr, "No job(s) defined\n\n");
  assert.deepEqual(await run(["--parse-only"]), { code: 0, stdout: "", stderr: "" });
});

Deno.test("e2e --parse-only accepts what a run refuses: options and engines not implemented yet", async () => {
  const args = ["--name=x", "--size=4k", "--filename=/tmp/dfio-cli-e2e", "--dedupe_global=1"];
  assert.deepEqual(await run([...args, "--parse-only"]), { code: 0, stdout: "", stderr: "" });
  const real = await run(args);
  assertNoStack(real);
  assert.equal(real.code, 1);
  assert.equal(real.stderr, "fio: option 'dedupe_global' is not supported yet\n");
  const engine = await run(["--name=x", "--size=4k", "--ioengine=splice"]);
  assert.equal(engine.code, 1);
  assert.equal(engine.stderr, "fio: ioengine 'splice' is not supported yet\n");
});

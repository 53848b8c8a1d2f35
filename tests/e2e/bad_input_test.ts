/**
 * Bad input never gives a stack trace: each case prints fio's lines on
 * stderr and exits 1 (issue 2's list: unknown option, bad value, missing
 * file, unreadable file, option outside [], unterminated ${, include loop).
 */
import assert from "node:assert/strict";
import { runDfio } from "../helpers/run.ts";

const dir = Deno.makeTempDirSync({ prefix: "dfio_bad_" });
const write = (name: string, text: string) => {
  Deno.writeTextFileSync(`${dir}/${name}`, text);
  return `${dir}/${name}`;
};

async function expectFailure(args: string[], stderr: string[]) {
  const r = await runDfio(["--parse-only", ...args], { cwd: dir, cleanEnv: true });
  assert.equal(r.code, 1, `exit status for ${args.join(" ")}: ${r.stderr}`);
  assert.deepEqual(r.stderr.trimEnd().split("\n"), stderr);
  assert.ok(!/^\s+at /m.test(r.stderr), "no stack trace");
}

Deno.test("unknown option on the command line", async () => {
  // fio prints the getopt line twice (getopt's own and fio's).
  await expectFailure(["--name=j", "--foo=1"], [
    "fio: unrecognized option '--foo=1'",
    "fio: unrecognized option '--foo=1'",
    "Did you mean loops?",
  ]);
});

Deno.test("unknown option in a job file", async () => {
  await expectFailure([write("unknown.fio", "[j]\nfoo=1\n")], [
    "Bad option <foo=1>",
    "Did you mean flow?",
    "fio: job j dropped",
  ]);
});

Deno.test("bad value", async () => {
  await expectFailure(["--name=j", "--iodepth=abc"], ["fio: failed parsing iodepth=abc"]);
  await expectFailure(["--name=j", "--iodepth=0"], [
    "iodepth: min value out of range: 0 (1 min)",
    "fio: failed parsing iodepth=0",
  ]);
});

Deno.test("missing and unreadable job files", async () => {
  await expectFailure([`${dir}/missing.fio`], [
    `fio: unable to open '${dir}/missing.fio' job file`,
  ]);
  // A path through a regular file cannot be opened, even by root.
  const through = `${write("plain.fio", "[j]\n")}/sub.fio`;
  await expectFailure([through], [`fio: unable to open '${through}' job file`]);
});

Deno.test("an option outside any section", async () => {
  await expectFailure([write("outside.fio", "size=1m\n[j]\n")], [
    "fio: option <size=1m> outside of [] job section",
  ]);
});

Deno.test("an unterminated ${ stays literal and fails the value", async () => {
  await expectFailure([write("unterm.fio", "[j]\nbs=${FOO\n")], [
    "fio: failed parsing bs=${FOO",
    "fio: job j dropped",
  ]);
});

Deno.test("an include loop is reported, not followed forever", async () => {
  write("loop1.fio", "include loop2.fio\n");
  const loop2 = write("loop2.fio", "[j]\ninclude loop1.fio\n");
  const r = await runDfio(["--parse-only", loop2], { cwd: dir, cleanEnv: true });
  assert.equal(r.code, 1);
  assert.match(r.stderr.trim(), /^fio: include loop: .*loop1\.fio:1 includes 'loop2\.fio'/);
  assert.equal(r.stderr.trim().split("\n").length, 1);
});

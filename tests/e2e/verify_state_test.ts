/**
 * verify_state_save / verify_state_load end to end: a write phase stopped
 * by SIGINT leaves fio's state file (readable by fio-verify-state and by
 * fio itself); a later verify_state_load run, as a read job or as
 * verify_only, verifies exactly the completed part, catches corruption
 * inside it and ignores garbage past it; unusable state files stop the job
 * with fio's words.
 */
import assert from "node:assert/strict";
import { HAVE_FIO, runDfio, runFio } from "../helpers/run.ts";
import { LAUNCHER, runTimed } from "./_spawn.ts";
import { verifyJob as job } from "./_verify.ts";

const HAVE_VSTATE: boolean = (() => {
  try {
    return Deno.statSync("/usr/bin/fio-verify-state").isFile;
  } catch {
    return false;
  }
})();

const BS = 4096;

function args(dir: string, extra: string[]): string[] {
  return [
    "--output-format=json",
    "--name=j",
    `--filename=${dir}/f`,
    "--size=1M",
    `--bs=${BS}`,
    "--ioengine=libaio",
    "--iodepth=4",
    "--verify=crc32c",
    ...extra,
  ];
}

Deno.test("SIGINT in the write phase saves the state; verify_state_load checks only that part", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "dfio_vstate_" });
  // 200 KiB/s over 1 MiB: SIGINT lands mid-way.
  const w = await runTimed(LAUNCHER, args(dir, ["--rw=write", "--rate=200k"]), {
    cwd: dir,
    sigintAfterMs: 2500,
    timeoutMs: 30_000,
  });
  assert.equal(w.code, 128, w.stderr);
  const written = job(w.stdout).write.total_ios;
  assert.ok(written > 8 && written < 256, `written ${written}`);
  const statePath = `${dir}/local-j-0-verify.state`;
  const saved = Deno.readFileSync(statePath);

  if (HAVE_VSTATE) {
    const p = new Deno.Command("/usr/bin/fio-verify-state", { args: [statePath], stdout: "piped" })
      .outputSync();
    const text = new TextDecoder().decode(p.stdout);
    assert.match(text, new RegExp(`Number IOs:\\s+${written}\\n`));
    assert.match(text, /Depth:\s+4\n/);
    assert.match(text, /Name:\s+j\n/);
    const offs = [...text.matchAll(/\(file= 0\) (\d+)/g)].map((m) => Number(m[1])).sort((a, b) =>
      a - b
    );
    const last = [1, 2, 3, 4].map((k) => (written - 5 + k) * BS);
    assert.deepEqual(offs, last);
  } else console.warn("fio-verify-state not installed: its check is skipped");

  // Garbage past the completed part is never read.
  const f = Deno.openSync(`${dir}/f`, { write: true });
  f.seekSync((written + 2) * BS, Deno.SeekMode.Start);
  f.writeSync(new Uint8Array(BS).fill(0x5a));
  f.close();

  for (const extra of [["--rw=read"], ["--rw=write", "--verify_only"]]) {
    const r = await runDfio(args(dir, [...extra, "--verify_state_load=1"]), { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const j = job(r.stdout);
    assert.equal(j.error, 0);
    assert.equal(j.read.total_ios, written, extra.join(" "));
    // A verify_only run does not overwrite the saved state (fio 3.33 does).
    assert.deepEqual(Deno.readFileSync(statePath), saved);
  }
  if (HAVE_FIO) {
    // fio reads dfio's state file the same way.
    const r = await runFio(args(dir, ["--rw=read", "--verify_state_load=1"]), { cwd: dir });
    assert.equal(job(r.stdout).read.total_ios, written, r.stderr);
  }
  // Without the state the garbage is found.
  const all = await runDfio(args(dir, ["--rw=read"]), { cwd: dir });
  assert.notEqual(all.code, 0);
  assert.equal(job(all.stdout).error, 84);

  // Corruption inside the completed part is found.
  const g = Deno.openSync(`${dir}/f`, { write: true });
  g.seekSync(3 * BS + 100, Deno.SeekMode.Start);
  g.writeSync(new Uint8Array([0xff, 0x00, 0xff]));
  g.close();
  const bad = await runDfio(args(dir, ["--rw=read", "--verify_state_load=1"]), { cwd: dir });
  assert.notEqual(bad.code, 0);
  assert.equal(job(bad.stdout).error, 84);
  assert.match(bad.stderr, /crc32c: verify failed at file \S+ offset 12288, length 4096/);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("a normal end saves the state too (in --aux-path when given); verify_state_save=0 saves none", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "dfio_vstate_" });
  const r = await runDfio(args(dir, ["--rw=randwrite", "--size=64k", "--do_verify=0"]), {
    cwd: dir,
  });
  assert.equal(r.code, 0, r.stderr);
  const s = Deno.readFileSync(`${dir}/local-j-0-verify.state`);
  // 24-byte header, 152 fixed bytes, 4 completions of 16 bytes.
  assert.equal(s.length, 24 + 152 + 4 * 16);
  Deno.removeSync(`${dir}/local-j-0-verify.state`);
  const off = await runDfio(
    args(dir, ["--rw=write", "--size=64k", "--verify_state_save=0"]),
    { cwd: dir },
  );
  assert.equal(off.code, 0, off.stderr);
  assert.throws(() => Deno.statSync(`${dir}/local-j-0-verify.state`));
  // --aux-path holds the file, for saving and loading.
  Deno.mkdirSync(`${dir}/aux`);
  const aux = `--aux-path=${dir}/aux`;
  const w = await runDfio([aux, ...args(dir, ["--rw=write", "--size=64k"])], { cwd: dir });
  assert.equal(w.code, 0, w.stderr);
  assert.ok(Deno.statSync(`${dir}/aux/local-j-0-verify.state`).isFile);
  const l = await runDfio(
    [aux, ...args(dir, ["--rw=read", "--size=64k", "--verify_state_load=1"])],
    {
      cwd: dir,
    },
  );
  assert.equal(l.code, 0, l.stderr);
  assert.equal(job(l.stdout).read.io_bytes, 64 * 1024);
  // A directory that does not exist: fio's two lines, the job itself is fine.
  const bad = await runDfio(
    [`--aux-path=${dir}/nope`, ...args(dir, ["--rw=write", "--size=64k"])],
    {
      cwd: dir,
    },
  );
  assert.ok(
    bad.stderr.includes(
      `fio: open state file: No such file or directory\nfio: state file: ${dir}/nope/local-j-0-verify.state (for_write=1)\n`,
    ),
    bad.stderr,
  );
  assert.equal(job(bad.stdout).error, 0);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("unusable state files stop the job with fio's words", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "dfio_vstate_" });
  const a = args(dir, ["--rw=read", "--size=64k", "--verify_state_load=1"]);
  const missing = await runDfio(a, { cwd: dir });
  assert.equal(missing.code, 1);
  assert.ok(
    missing.stderr.includes(
      "fio: open state file: No such file or directory\nfio: state file: local-j-0-verify.state (for_write=0)\n",
    ),
    missing.stderr,
  );
  const j = job(missing.stdout);
  assert.deepEqual([j.error, j.read.io_bytes], [0, 0]);
  Deno.writeFileSync(`${dir}/local-j-0-verify.state`, new TextEncoder().encode("garbage\n"));
  const short = await runDfio(a, { cwd: dir });
  assert.equal(short.code, 1);
  assert.match(short.stderr, /^fio: failed reading verify state header$/m);
  if (HAVE_FIO) {
    const f = await runFio(a, { cwd: dir });
    assert.equal(f.code, 1);
    assert.match(f.stderr + f.stdout, /^fio: failed reading verify state header$/m);
  }
  Deno.removeSync(dir, { recursive: true });
});

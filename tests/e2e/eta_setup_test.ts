/**
 * fio's setup state `I` in the ETA line, as a user sees it in a terminal
 * (util-linux `script`): a job started while another runs shows `I` while
 * it lays out its file, is counted neither in `Jobs: N` nor in `f=`, and
 * holds the percentage at 0.0% (fio scales it by 1 - setting up/running).
 * fio 3.33 shows the same with create_serialize=0, where it lays files out
 * at the job's start as dfio does for a job started later.
 */
import assert from "node:assert/strict";
import { DFIO, HAVE_FIO } from "../helpers/run.ts";
import { HAVE_SCRIPT, runInPty } from "../helpers/pty.ts";

/**
 * `a` runs 6 s on the null engine; `b` starts at 3 s (after the estimate
 * shows up) and lays out a 512 MiB file in 512-byte writes (1.5-2 s for
 * dfio and fio here), then reads for 1 s.
 */
function job(dir: string): string[] {
  return [
    "--eta=always",
    "--eta-interval=250ms",
    "--name=a",
    "--ioengine=null",
    "--rw=read",
    "--size=1g",
    "--time_based",
    "--runtime=6",
    "--rate=20m",
    "--name=b",
    `--filename=${dir}/b.dat`,
    "--size=512m",
    "--bs=512",
    "--startdelay=3",
    "--time_based",
    "--runtime=1",
  ];
}

/** Runs `cmd` in a pseudo-terminal; its output split at carriage returns and newlines. */
async function inPty(cmd: string[]): Promise<string[]> {
  const { code, text } = await runInPty(cmd);
  assert.equal(code, 0, text);
  return text.split(/[\r\n]+/).map((l) => l.trimEnd()).filter((l) => l !== "");
}

/** The ETA lines between b's layout message and its first line doing I/O. */
function duringLayout(lines: string[]): string[] {
  const from = lines.findIndex((l) => l.startsWith("b: Laying out IO file (1 file / 512MiB)"));
  assert.ok(from > 0, lines.join("\n"));
  const eta = lines.slice(from + 1).filter((l) => l.startsWith("Jobs: "));
  const end = eta.findIndex((l) => l.includes("[R(2)]") || l.includes("_("));
  return end < 0 ? eta : eta.slice(0, end);
}

/** What fio 3.33 printed while b laid out its file (rates and estimate vary). */
const SETUP_LINE =
  /^Jobs: 1 \(f=1\), 0B\/s-20\.0MiB\/s: \[R\(1\),I\(1\)\]\[0\.0%\]\[r=[0-9.]+MiB\/s\]\[r=\d+ IOPS\]\[eta 00m:0\ds\]$/;

Deno.test({
  name: "ETA line shows `I` while a job started later lays out its file (as fio 3.33)",
  ignore: !HAVE_SCRIPT,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "dfio_eta_setup_" });
    try {
      const mine = duringLayout(await inPty([DFIO, ...job(dir)]));
      // At least a few 250 ms ticks fall inside the layout; each shows b as `I`.
      assert.ok(mine.filter((l) => SETUP_LINE.test(l)).length >= 2, mine.join("\n"));
      // Other lines there fall in b's short steps after the layout: its buffers
      // (C, created) and its wait for the release (I, initialized).
      for (const l of mine) assert.match(l, /: \[R\(1\),[CI]\(1\)\]\[/, mine.join("\n"));
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "fio 3.33 shows the same `I` line (create_serialize=0: layout at the job's start)",
  ignore: !HAVE_SCRIPT || !HAVE_FIO,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "dfio_eta_setup_fio_" });
    try {
      const ref = duringLayout(await inPty(["fio", "--create_serialize=0", ...job(dir)]));
      assert.ok(ref.filter((l) => SETUP_LINE.test(l)).length >= 2, ref.join("\n"));
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

/**
 * Trim verification (trim_percentage, trim_backlog, trim_backlog_batch,
 * trim_verify_zero) on a loop block device, where trims are BLKDISCARD and
 * a discarded range of a sparse backing file reads back as zeroes. The
 * expected counts were measured on fio 3.33; with fio installed each case
 * is also run live. Needs root and losetup; skips otherwise.
 */
import assert from "node:assert/strict";
import { HAVE_FIO, runDfio, runFio } from "../helpers/run.ts";
import { CAN_LOOP, losetup } from "../helpers/loop_device.ts";

/** [extra args, read ios, write ios, trim ios, leak line or ""] as fio 3.33 reports them. */
const CASES: [string[], number, number, number, string][] = [
  [["--rw=trimwrite"], 256, 256, 256, ""],
  [["--rw=trimwrite", "--trim_percentage=50", "--trim_backlog=4"], 256, 256, 387, ""],
  [
    ["--rw=trimwrite", "--trim_percentage=50"],
    256,
    256,
    256,
    "fio: 131 trim entries leaked?",
  ],
  [
    ["--rw=trimwrite", "--trim_percentage=50", "--trim_backlog=4", "--trim_verify_zero=0"],
    125,
    256,
    387,
    "",
  ],
  [
    [
      "--rw=trimwrite",
      "--trim_percentage=30",
      "--trim_backlog=5",
      "--trim_backlog_batch=3",
      "--trim_verify_zero=0",
    ],
    177,
    256,
    335,
    "",
  ],
  [
    [
      "--rw=trimwrite",
      "--trim_percentage=50",
      "--trim_backlog=4",
      "--random_generator=tausworthe64",
    ],
    256,
    256,
    392,
    "",
  ],
  [
    [
      "--rw=trimwrite",
      "--trim_percentage=40",
      "--trim_backlog=7",
      "--trim_verify_zero=0",
      "--bs=8k",
    ],
    80,
    128,
    176,
    "fio: 1 trim entries leaked?",
  ],
  [
    ["--rw=trimwrite", "--trim_percentage=50", "--trim_backlog=3", "--loops=2"],
    512,
    512,
    774,
    "",
  ],
  [["--rw=randtrimwrite", "--trim_percentage=50", "--trim_backlog=4"], 256, 256, 387, ""],
  [["--rw=write", "--trim_percentage=50"], 256, 256, 0, "fio: 131 trim entries leaked?"],
];

Deno.test({
  name: "verify trim: trim_percentage / trim_backlog counts on a loop device match fio 3.33",
  ignore: !CAN_LOOP,
  async fn() {
    const dir = await Deno.makeTempDir();
    const img = `${dir}/dev.img`;
    await Deno.writeFile(img, new Uint8Array(0));
    await Deno.truncate(img, 4 << 20);
    const dev = losetup(["-f", "--show", img]);
    if (dev === null) {
      console.log("verify trim test: no free loop device; skipped");
      await Deno.remove(dir, { recursive: true });
      return;
    }
    try {
      for (const [extra, reads, writes, trims, leak] of CASES) {
        const args = [
          "--name=j",
          `--filename=${dev}`,
          "--bs=4k",
          "--size=1m",
          "--verify=crc32c",
          ...extra,
          "--output-format=json",
        ];
        const runs: [string, { code: number; stdout: string; stderr: string }][] = [
          ["dfio", await runDfio(args, { cwd: dir })],
        ];
        // cwd: both write their verify state file (local-j-0-verify.state) there.
        if (HAVE_FIO) runs.push(["fio", await runFio(args, { cwd: dir })]);
        for (const [who, r] of runs) {
          const what = `${who} ${extra.join(" ")}`;
          assert.equal(r.code, 0, `${what}: ${r.stderr}`);
          const at = r.stdout.indexOf("{\n");
          const j = JSON.parse(r.stdout.slice(at)).jobs[0];
          assert.equal(j.error, 0, what);
          assert.equal(j.read.total_ios, reads, `${what} reads`);
          assert.equal(j.write.total_ios, writes, `${what} writes`);
          assert.equal(j.trim.total_ios, trims, `${what} trims`);
          const text = r.stdout.slice(0, at) + r.stderr;
          if (leak !== "") assert.ok(text.includes(leak), `${what}: ${text}`);
          else assert.ok(!text.includes("leaked"), `${what}: ${text}`);
        }
      }
    } finally {
      losetup(["-d", dev]);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("verify trim: trim_backlog on a plain write job is refused (fio 3.33 aborts)", async () => {
  const dir = await Deno.makeTempDir();
  const r = await runDfio([
    "--name=j",
    `--filename=${dir}/f.dat`,
    "--rw=write",
    "--size=64k",
    "--verify=crc32c",
    "--trim_percentage=50",
    "--trim_backlog=4",
  ], { cwd: dir });
  assert.notEqual(r.code, 0);
  assert.match(r.stdout + r.stderr, /trim_backlog with trim_percentage needs rw=trimwrite/);
  await Deno.remove(dir, { recursive: true });
});

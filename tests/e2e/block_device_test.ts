/**
 * A job larger than its block device: fio reads up to the device's end and
 * reports no error. Needs root and a free loop device (`losetup`); skips
 * otherwise.
 */
import assert from "node:assert/strict";
import { HAVE_FIO, reportJobs, runDfio, runFio } from "../helpers/run.ts";
import { CAN_LOOP, losetup } from "../helpers/loop_device.ts";

const DEV_SIZE = 8 << 20;

Deno.test({
  name: "block device: size beyond the device's end stops at the end, error 0, as fio",
  ignore: !CAN_LOOP,
  async fn() {
    const dir = await Deno.makeTempDir();
    const img = `${dir}/dev.img`;
    await Deno.writeFile(img, new Uint8Array(0));
    await Deno.truncate(img, DEV_SIZE);
    const dev = losetup(["-f", "--show", img]);
    if (dev === null) {
      console.log("block device test: no free loop device; skipped");
      await Deno.remove(dir, { recursive: true });
      return;
    }
    try {
      const cases: [string[], number][] = [
        [["--size=16m"], DEV_SIZE],
        [["--size=16m", "--offset=4m"], DEV_SIZE - (4 << 20)],
      ];
      for (const [extra, want] of cases) {
        const args = [
          "--name=j",
          `--filename=${dev}`,
          "--rw=read",
          ...extra,
          "--output-format=json",
        ];
        const runs = [["dfio", await runDfio(args)]] as [
          string,
          { code: number; stdout: string },
        ][];
        if (HAVE_FIO) runs.push(["fio", await runFio(args)]);
        for (const [who, r] of runs) {
          assert.equal(r.code, 0, who);
          const j = reportJobs<{ error: number; read: { io_bytes: number } }>(r.stdout)[0];
          assert.equal(j.error, 0, who);
          assert.equal(j.read.io_bytes, want, `${who} ${extra.join(" ")}`);
        }
      }
    } finally {
      losetup(["-d", dev]);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

import assert from "node:assert/strict";
import { deviceOfPath, DiskWatch, jobPaths } from "../../src/run/disks.ts";
import { planOf } from "./helpers.ts";

Deno.test("disks: the paths behind a job's files", () => {
  const p = planOf([
    ["a", "filename=/tmp/x/zz", "size=1m"],
    ["b", "directory=/tmp:/work", "size=1m"],
    ["c", "ioengine=null", "size=1m"],
    ["d", "filename=x:y:z", "directory=/d1:/d2"],
    ["e", "size=1m"],
    ["f", "size=1m", "disk_util=0"],
  ]);
  assert.deepEqual(p.jobs.map(jobPaths), [
    ["/tmp/x/zz"],
    ["/tmp", "/work"],
    [],
    ["/d1/x", "/d2/y", "/d1/z"],
    ["."],
    [],
  ]);
});

Deno.test("disks: a file that does not exist yet counts on its directory's device", () => {
  const dir = deviceOfPath("/tmp");
  assert.deepEqual(deviceOfPath("/tmp/no/such/dir/file"), dir);
});

Deno.test("disks: counts what was written to the device of a temp file", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    if (!deviceOfPath(tmp)) {
      console.log("temp dir is on no block device (tmpfs?): nothing to count");
      return;
    }
    let now = 0;
    const watch = new DiskWatch(() => now);
    watch.addJob(planOf([["a", `filename=${tmp}/f`, "size=1m"]]).jobs[0]);
    const f = await Deno.open(`${tmp}/f`, { write: true, create: true });
    await f.write(new Uint8Array(1 << 20));
    f.syncSync();
    f.close();
    now = 1000;
    const [disk, ...rest] = watch.finish();
    assert.equal(rest.length, 0);
    assert.equal(disk.name, deviceOfPath(tmp)?.name);
    assert.ok(disk.writeIos > 0, "the fsync'd write reached the device");
    assert.ok(disk.util >= 0 && disk.util <= 100);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("disks: a device is counted once however many jobs use it", () => {
  const watch = new DiskWatch();
  const plan = planOf([["a", "directory=/tmp", "size=1m", "numjobs=3"]]);
  for (const j of plan.jobs) watch.addJob(j);
  assert.ok(watch.finish().length <= 1);
});

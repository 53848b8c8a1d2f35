import assert from "node:assert/strict";
import {
  blockDeviceByNumber,
  blockDeviceOfPath,
  parseDiskstats,
  readDeviceStat,
  readDiskstats,
  splitDev,
} from "../../src/sys/diskstats.ts";

const SAMPLE =
  ` 254       0 vda 33928 6272 2121114 8035 6493 6378 1053520 2962 0 3428 11687 5678 30 94584 661 698 28
   8       1 sda1 10 0 80 1 2 0 16 3 0 4 5
`;

Deno.test("diskstats: parses counters, with and without the newer fields", () => {
  const [vda, sda1] = parseDiskstats(SAMPLE);
  assert.deepEqual(vda, {
    major: 254,
    minor: 0,
    name: "vda",
    reads: 33928,
    readMerges: 6272,
    readSectors: 2121114,
    readTicks: 8035,
    writes: 6493,
    writeMerges: 6378,
    writeSectors: 1053520,
    writeTicks: 2962,
    inFlight: 0,
    ioTicks: 3428,
    timeInQueue: 11687,
  });
  assert.equal(sda1.name, "sda1");
  assert.equal(sda1.timeInQueue, 5);
});

Deno.test("diskstats: dev_t split matches glibc's major/minor", () => {
  assert.deepEqual(splitDev(0xfe00), { major: 254, minor: 0 });
  assert.deepEqual(splitDev(0x801), { major: 8, minor: 1 });
  // Minors above 255 continue in bits 20..31 (glibc makedev(259, 65536)).
  assert.deepEqual(splitDev(0x10010300), { major: 259, minor: 65536 });
});

Deno.test("diskstats: a file under the temp dir maps to a device in /proc/diskstats", () => {
  const dir = Deno.makeTempDirSync({ prefix: "dfio-disk-" });
  try {
    const dev = blockDeviceOfPath(dir);
    if (dev === undefined) {
      console.log("temp dir is on no block device (tmpfs/overlay?); skipped");
      return;
    }
    const all = readDiskstats();
    const row = all.find((d) => d.name === dev.name);
    assert.ok(row, `${dev.name} not in /proc/diskstats`);
    assert.equal(row.major, dev.major);
    assert.equal(row.minor, dev.minor);
    // sysfs and /proc agree on the counters' order (reads only grow).
    const s = readDeviceStat(dev);
    assert.equal(s.name, dev.name);
    assert.ok(s.reads >= row.reads);
  } finally {
    Deno.removeSync(dir);
  }
});

function isPartition(major: number, minor: number): boolean {
  try {
    Deno.statSync(`/sys/dev/block/${major}:${minor}/partition`);
    return true;
  } catch {
    return false;
  }
}

const partition = readDiskstats().find((d) => isPartition(d.major, d.minor));

Deno.test({
  name: "diskstats: a partition resolves to its parent disk",
  ignore: partition === undefined, // no partitioned disk on this machine
  fn() {
    const part = partition!;
    const dev = blockDeviceByNumber(part.major, part.minor);
    assert.ok(dev);
    assert.equal(dev.partition, part.name);
    assert.ok(part.name.startsWith(dev.name));
    assert.equal(isPartition(dev.major, dev.minor), false);
  },
});

Deno.test("diskstats: no device for major 0 or a missing path", () => {
  assert.equal(blockDeviceByNumber(0, 42), undefined);
  assert.equal(blockDeviceOfPath("/nonexistent/dfio"), undefined);
});

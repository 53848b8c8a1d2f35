import assert from "node:assert/strict";
import { cPath, libc, O } from "../../src/sys/libc.ts";
import { blockDeviceSize, fstatFd } from "../../src/sys/stat.ts";

Deno.test("stat: size, blocks, type and device of an open file", () => {
  const path = Deno.makeTempFileSync({ prefix: "dfio-stat-" });
  Deno.writeFileSync(path, new Uint8Array(10000).fill(1));
  const c = libc();
  const fd = c.open(cPath(path), O.RDONLY, 0);
  try {
    const st = fstatFd(fd);
    assert.ok(typeof st !== "number");
    assert.equal(st.size, 10000);
    assert.ok(st.blocks >= 16); // 10000 bytes need at least 20 sectors (or 16 on 4k fs)
    assert.equal(st.isFile, true);
    assert.equal(st.isBlockDevice, false);
    const ds = Deno.statSync(path);
    assert.equal(st.mode & 0o777, ds.mode! & 0o777);
    // Not a block device: the ioctl fails with ENOTTY (25).
    assert.equal(blockDeviceSize(fd), -25);
  } finally {
    c.close(fd);
    Deno.removeSync(path);
  }
  assert.equal(fstatFd(-1), -9);
});

import assert from "node:assert/strict";
import { cPath, libc, O } from "../../../src/sys/libc.ts";
import {
  fallocateMode,
  invalidateRegion,
  invalidationFailed,
  preReadFile,
} from "../../../src/worker/files/layout.ts";
import { inTempDir } from "./helpers.ts";

Deno.test("fallocate keywords map to modes, numeric aliases included", () => {
  assert.deepEqual(
    ["none", "0", "native", "posix", "1", "keep", "truncate"].map(fallocateMode),
    ["none", "none", "native", "posix", "posix", "keep", "truncate"],
  );
});

Deno.test("invalidateRegion drops a file's cache (fadvise) and ignores char devices", async () => {
  await inTempDir(() => {
    Deno.writeFileSync("x", new Uint8Array(65536));
    const fd = libc().open(cPath("x"), O.RDONLY, 0);
    assert.ok(fd >= 0);
    assert.equal(invalidateRegion(fd, "file", 0, 65536), 0);
    assert.equal(invalidateRegion(fd, "char", 0, 65536), 0);
    libc().close(fd);
    assert.equal(invalidateRegion(-1, "file", 0, 4096), 9, "EBADF is returned, not thrown");
    assert.equal(
      invalidationFailed("x", 9),
      "fio: cache invalidation of x failed: Bad file descriptor",
    );
  });
});

Deno.test("preReadFile reads the region and fails like fio past the end", async () => {
  await inTempDir(() => {
    Deno.writeFileSync("x", new Uint8Array(16384));
    preReadFile("x", 4096, 8192, 4096);
    assert.throws(() => preReadFile("x", 8192, 16384, 4096), {
      message: "fio: pid=0, err=5/file:filesetup.c:240, func=pre_read, error=Input/output error",
    });
  });
});

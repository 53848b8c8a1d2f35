import assert from "node:assert/strict";
import { libc, POSIX_FADV, RWF } from "../../src/sys/libc.ts";
import { errnoName } from "../../src/sys/errno.ts";
import { openFlags } from "../../src/engines/fileops.ts";
import { Pvsync2Engine, RWF_UNCACHED } from "../../src/engines/pvsync2.ts";
import { DDIR, Q } from "../../src/engines/types.ts";
import { pattern, rig, tempFile } from "./helpers.ts";

function readOnce(options: Record<string, number | boolean>, evict = false) {
  const data = pattern(65536);
  const path = tempFile(data);
  const r = rig(new Pvsync2Engine(), path, openFlags({ read: true, write: false }), { options });
  try {
    if (evict) libc().posix_fadvise(r.file.fd, 0n, 0n, POSIX_FADV.DONTNEED);
    const io = r.units[0];
    io.ddir = DDIR.READ;
    io.offset = 8192;
    io.buflen = 4096;
    assert.equal(r.engine.queue(io), Q.COMPLETED);
    return {
      result: io.result,
      flags: io.rwFlags,
      same: io.result === 4096 &&
        io.buf.subarray(0, 4096).every((b, i) => b === data[8192 + i]),
    };
  } finally {
    r.close();
    Deno.removeSync(path);
  }
}

Deno.test("pvsync2: plain reads carry no RWF flags", () => {
  const r = readOnce({});
  assert.equal(r.flags, 0);
  assert.equal(r.same, true);
});

Deno.test("pvsync2: hipri sets RWF_HIPRI (buffered: the kernel ignores it)", () => {
  const r = readOnce({ hipri: 1 });
  assert.equal(r.flags, RWF.HIPRI);
  assert.equal(r.same, true);
});

Deno.test("pvsync2: hipri_percentage picks a share of I/Os", () => {
  const path = tempFile(pattern(8192));
  const r = rig(new Pvsync2Engine(), path, openFlags({ read: true, write: false }), {
    options: { hipri: true, hipri_percentage: 30 },
  });
  try {
    const io = r.units[0];
    io.ddir = DDIR.READ;
    io.offset = 0;
    io.buflen = 4096;
    let hi = 0;
    for (let i = 0; i < 2000; i++) {
      r.engine.queue(io);
      if (io.rwFlags & RWF.HIPRI) hi++;
    }
    assert.ok(hi > 450 && hi < 750, `${hi} of 2000`);
  } finally {
    r.close();
    Deno.removeSync(path);
  }
});

Deno.test("pvsync2: nowait on an uncached page gives -EAGAIN (as fio reports)", () => {
  const r = readOnce({ nowait: true }, true);
  assert.equal(r.flags, RWF.NOWAIT);
  // A page could be read back in by readahead of another process; both
  // outcomes are valid kernel behaviour, but EAGAIN is what fio shows here.
  if (r.result !== 4096) assert.equal(errnoName(r.result), "EAGAIN");
});

Deno.test("pvsync2: uncached uses fio's flag value and fails like fio 3.33 here", () => {
  const r = readOnce({ uncached: 1 });
  assert.equal(r.flags, RWF_UNCACHED);
  assert.equal(errnoName(r.result), "EOPNOTSUPP");
});

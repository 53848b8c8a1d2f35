/**
 * io_submit/io_getevents through dfio's stubs: the kernel's results as is,
 * failures as minus the errno; and the libaio engine's tests again with the
 * stubs off, through libc.
 */
import assert from "node:assert/strict";
import { nativeAioCalls } from "../../src/sys/aio_calls.ts";
import { libc, SYS } from "../../src/sys/libc.ts";
import { addressHalves as halves } from "../../src/sys/memory.ts";

const EBADF = 9, EINVAL = 22;
// null where native code is off, or where the stubs' probe fails (no AIO).
const aio = nativeAioCalls();
const skipped = aio !== null ? "" : " (skipped: needs Linux x86-64, native code on and AIO)";

function addr(v: ArrayBufferView): bigint {
  return BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(v)));
}

Deno.test({
  name: `aio stubs: counts, events and errors as the kernel returns them${skipped}`,
  ignore: aio === null,
  fn: () => {
    if (aio === null) return;
    assert.equal(aio.submit(0, 0, 1, 0, 0), -EINVAL);
    assert.equal(aio.getevents(0, 0, 0, 1, 0, 0), -EINVAL);

    const c = libc();
    const ctxOut = new BigUint64Array(1);
    assert.equal(c.syscall(BigInt(SYS.io_setup), 4n, addr(ctxOut), 0n, 0n, 0n, 0n), 0n);
    const [cl, ch] = halves(ctxOut[0]);
    const path = Deno.makeTempFileSync();
    const data = new Uint8Array(8192).map((_, i) => (i * 7) & 0xff);
    Deno.writeFileSync(path, data);
    const fd = c.open(new TextEncoder().encode(path + "\0"), 0, 0);
    assert.ok(fd >= 0);
    const buf = new Uint8Array(4096);
    const iocb = new DataView(new ArrayBuffer(64));
    const ptrs = new BigUint64Array(1);
    const events = new BigInt64Array(4 * 4);
    try {
      const [pl, ph] = halves(addr(ptrs));
      const [el, eh] = halves(addr(events));
      ptrs[0] = addr(iocb);
      iocb.setBigUint64(0, 77n, true); // aio_data
      iocb.setUint16(16, 0, true); // IOCB_CMD_PREAD
      iocb.setUint32(20, 0xffffffff, true); // aio_fildes -1
      iocb.setBigUint64(24, addr(buf), true);
      iocb.setBigUint64(32, 4096n, true);
      iocb.setBigInt64(40, 4096n, true);
      assert.equal(aio.submit(cl, ch, 1, pl, ph), -EBADF);
      assert.equal(aio.getevents(cl, ch, 0, 4, el, eh), 0);

      iocb.setUint32(20, fd, true);
      assert.equal(aio.submit(cl, ch, 1, pl, ph), 1);
      assert.equal(aio.getevents(cl, ch, 1, 4, el, eh), 1);
      assert.deepEqual([events[0], events[2]], [77n, 4096n]); // data, res
      assert.deepEqual(buf, data.subarray(4096));
    } finally {
      c.syscall(BigInt(SYS.io_destroy), ctxOut[0], 0n, 0n, 0n, 0n, 0n);
      c.close(fd);
      Deno.removeSync(path);
    }
  },
});

Deno.test("libaio engine through libc (DFIO_NO_NATIVE=1): its tests pass unchanged", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", new URL("../engines/libaio_test.ts", import.meta.url).pathname],
    env: { DFIO_NO_NATIVE: "1", NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, text + new TextDecoder().decode(out.stderr));
  const m = /ok \| (\d+) passed \| 0 failed/.exec(text);
  assert.ok(m !== null && Number(m[1]) >= 7, text);
});

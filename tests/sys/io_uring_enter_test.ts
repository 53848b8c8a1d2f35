/**
 * io_uring_enter through dfio's stub and through libc: the same results,
 * failures as minus the errno.
 */
import assert from "node:assert/strict";
import { nativeUringEnter } from "../../src/sys/io_uring_enter.ts";
import { nativeEnabled } from "../../src/sys/native_so.ts";

const EBADF = 9, EINVAL = 22;

Deno.test({
  name: `the native stub returns the kernel's result as is${
    nativeEnabled() ? "" : " (skipped: needs Linux x86-64 and native code on)"
  }`,
  ignore: !nativeEnabled(),
  fn: () => {
    const enter = nativeUringEnter();
    assert.ok(enter !== null);
    assert.equal(enter(-1, 0, 0, 0), -EBADF);
    assert.equal(enter(0x7ffffff0, 1, 1, 1), -EBADF);
  },
});

// A NOP through the ring, then an enter with a flag no kernel knows, each
// printed as "result,result": run once with the stub and once through libc.
const PROBE = `
import { IORING_ENTER, IORING_OP, Ring, SQE, SQE_WORDS } from ${
  JSON.stringify(new URL("../../src/sys/io_uring.ts", import.meta.url).href)
};
const ring = Ring.create({ entries: 4, flags: 0 });
ring.sqes.fill(0, 0, SQE_WORDS);
ring.sqes[SQE.OP_FLAGS_PRIO] = IORING_OP.NOP;
ring.sq[ring.sqArray] = 0;
ring.sq[ring.sqTail] = 1;
const nop = ring.enter(1, 1, IORING_ENTER.GETEVENTS);
const bad = ring.enter(0, 0, 1 << 30);
ring.close();
console.log(nop + "," + bad);
`;

for (const native of [true, false]) {
  Deno.test({
    name: `Ring.enter ${native ? "through the stub" : "through libc"}: count, or minus the errno${
      native && !nativeEnabled() ? " (skipped: needs Linux x86-64 and native code on)" : ""
    }`,
    ignore: native && !nativeEnabled(),
    fn: async () => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["eval", "--quiet", PROBE],
        env: { DFIO_NO_NATIVE: native ? "0" : "1" },
      }).output();
      const text = new TextDecoder().decode(out.stdout).trim();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      assert.equal(text, `1,${-EINVAL}`);
    },
  });
}

/** The native verify kernels (x86-64) agree with the JS versions. */
import assert from "node:assert/strict";
import { nativeKernels } from "../../../src/worker/verify/native.ts";
import { crc32c } from "../../../src/worker/verify/checksums/crc32.ts";
import { fillSeedWords } from "../../../src/worker/buffer_rand.ts";

const k = nativeKernels(crc32c, fillSeedWords);

Deno.test({
  name: `native crc32c equals the tables over lengths and offsets${
    k.crc32c === null ? " (skipped: needs Linux x86-64 with SSE4.2)" : ""
  }`,
  ignore: k.crc32c === null,
  fn: () => {
    const buf = new Uint8Array(4200);
    for (let i = 0; i < buf.length; i++) buf[i] = (i * 2654435761) >>> 24;
    const p = Deno.UnsafePointer.of(buf)!;
    for (const [off, len] of [[0, 9], [44, 4052], [3, 1], [5, 0], [7, 4100], [40, 36]]) {
      assert.equal(k.crc32c!(p, off, len, -1) >>> 0, crc32c(buf, off, off + len), `${off}+${len}`);
    }
  },
});

Deno.test({
  name: `native fill equals the JS fill${k.fill === null ? " (skipped: needs Linux x86-64)" : ""}`,
  ignore: k.fill === null,
  fn: () => {
    for (const len of [4096, 4095, 37, 7, 0, 512]) {
      const a = new Uint8Array(4104), b = new Uint8Array(4104);
      fillSeedWords(a, new Uint32Array(a.buffer), 0, len, 0x88bb0a8c, 0xf6db562e);
      k.fill!(Deno.UnsafePointer.of(b)!, len, 0xf6db562e | 0, 0x88bb0a8c | 0);
      assert.deepEqual(b, a, `len ${len}`);
    }
  },
});

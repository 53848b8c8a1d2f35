/** The shared object dfio writes for its machine code. */
import assert from "node:assert/strict";
import { loadNative, nativeEnabled, sharedObject } from "../../src/sys/native_so.ts";

// mov eax, edi ; add eax, esi ; ret
const ADD: readonly number[] = [0x89, 0xf8, 0x01, 0xf0, 0xc3];
// mov eax, edi ; imul eax, esi ; ret
const MUL: readonly number[] = [0x89, 0xf8, 0x0f, 0xaf, 0xc6, 0xc3];

Deno.test("the shared object is a well-formed ELF64 x86-64 ET_DYN", () => {
  const b = sharedObject([["add2", ADD]]);
  assert.deepEqual(Array.from(b.subarray(0, 8)), [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  const v = new DataView(b.buffer);
  assert.equal(v.getUint16(16, true), 3);
  assert.equal(v.getUint16(18, true), 62);
  assert.equal(v.getUint16(56, true), 2);
  assert.equal(Number(v.getBigUint64(64 + 32, true)), b.length);
});

Deno.test({
  name: `every symbol of a loaded object runs its own code${
    nativeEnabled() ? "" : " (skipped: needs Linux x86-64 and native code on)"
  }`,
  ignore: !nativeEnabled(),
  fn: () => {
    const lib = loadNative(
      [["add2", ADD], ["mul2", MUL]],
      {
        add2: { parameters: ["i32", "i32"], result: "i32" },
        mul2: { parameters: ["i32", "i32"], result: "i32" },
      } as const,
    );
    assert.ok(lib !== null);
    assert.equal(lib.symbols.add2(40, 2), 42);
    assert.equal(lib.symbols.mul2(6, 7), 42);
    lib.close();
  },
});

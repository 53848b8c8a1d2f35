import assert from "node:assert/strict";
import { sizeJobFiles, type SizingInput } from "../../../src/worker/files/sizes.ts";
import { sizingInput } from "./helpers.ts";

function offsetOf(over: Partial<SizingInput>): number {
  const input = sizingInput({ offset: { percent: 10 }, ...over });
  return sizeJobFiles(input, [{ name: "f", kind: "file", realSize: 1048576 }]).files[0].offset;
}

// First read offsets fio 3.33 logs (write_iolog) for a 1 MiB file with offset=10%.
Deno.test("offset_align: a percentage offset rounds up to it (fio 3.33)", () => {
  assert.equal(offsetOf({}), 106496);
  assert.equal(offsetOf({ minBs: 16384 }), 114688);
  assert.equal(offsetOf({ offsetAlign: 65536 }), 131072);
  assert.equal(offsetOf({ offsetAlign: 3000 }), 105000);
  // An absolute offset is not aligned.
  assert.equal(offsetOf({ offset: 102400, offsetAlign: 65536 }), 102400);
});

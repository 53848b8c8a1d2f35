import assert from "node:assert/strict";
import {
  randomFileSize,
  sizeJobFiles,
  type SizingFile,
  type SizingInput,
} from "../../../src/worker/files/sizes.ts";
import { sizingInput } from "./helpers.ts";

const missing = (name: string): SizingFile => ({ name, kind: "file", realSize: 0 });
const existing = (name: string, size: number): SizingFile => ({
  name,
  kind: "file",
  realSize: size,
});

Deno.test("size splits over files by integer division and marks them for layout", () => {
  const s = sizeJobFiles(sizingInput({ size: 4194304 }), [
    missing("a"),
    missing("b"),
    missing("c"),
  ]);
  assert.deepEqual(s.files.map((f) => [f.offset, f.ioSize, f.realSize, f.extend]), [
    [0, 1398101, 1398101, true],
    [0, 1398101, 1398101, true],
    [0, 1398101, 1398101, true],
  ]);
  assert.equal(s.totalIoSize, 4194303);
  assert.equal(s.extendCount, 3);
  assert.equal(s.extendBytes, 4194303);
});

Deno.test("percent size and offset on an existing file (fio 3.33 regions)", () => {
  const f = [existing("x", 131072)];
  const r = (o: Partial<SizingInput>) => sizeJobFiles(sizingInput(o), f).files[0];
  assert.deepEqual(r({ size: { percent: 50 }, offset: { percent: 25 } }), {
    offset: 32768,
    ioSize: 65536,
    realSize: 131072,
    extend: false,
  });
  assert.equal(r({ size: { percent: 50 }, offset: 98304 }).ioSize, 32768);
  assert.equal(r({ offset: { percent: 33 }, minBs: 8192 }).offset, 49152);
  assert.equal(r({ offset: 20480 }).ioSize, 110592);
  const ext = r({ size: 65536, offset: 102400 });
  assert.deepEqual([ext.realSize, ext.extend], [167936, true]);
});

Deno.test("offset_increment counts the clone index", () => {
  const at = (clone: number) =>
    sizeJobFiles(sizingInput({ size: 65536, offsetIncrement: 8192, clone }), [missing("f")])
      .files[0];
  assert.deepEqual([at(0).offset, at(1).offset, at(2).realSize], [0, 8192, 81920]);
});

Deno.test("fio's errors: no size, bad offset, data set below a block", () => {
  assert.throws(() => sizeJobFiles(sizingInput({}), [missing("x")]), {
    message: "j: you need to specify size=",
  });
  assert.throws(
    () => sizeJobFiles(sizingInput({}), [{ name: "/dev/zero", kind: "char", realSize: -1 }]),
    {
      message: "j: you need to specify size=",
    },
  );
  assert.throws(() => sizeJobFiles(sizingInput({ offset: 204800 }), [existing("x", 131072)]), {
    message: "j: you need to specify valid offset=",
  });
  assert.throws(() => sizeJobFiles(sizingInput({}), [existing("x", 2048)]), {
    message: "fio: blocksize is larger than data set range",
  });
});

Deno.test("block devices are cut at their end; char devices take size/nrfiles", () => {
  const blk = sizeJobFiles(sizingInput({ size: 2097152, offset: 524288 }), [
    { name: "/dev/loopX", kind: "block", realSize: 1048576 },
  ]);
  assert.deepEqual([blk.files[0].ioSize, blk.files[0].extend], [524288, false]);
  const chr = sizeJobFiles(sizingInput({ size: 65536 }), [{
    name: "/dev/zero",
    kind: "char",
    realSize: -1,
  }]);
  assert.deepEqual([chr.files[0].ioSize, chr.files[0].extend, chr.totalIoSize], [
    65536,
    false,
    65536,
  ]);
});

Deno.test("filesize range draws per file; size caps the budget", () => {
  const draws = [0.1, 0.3];
  let i = 0;
  const s = sizeJobFiles(
    sizingInput({
      size: 16384,
      fileSize: { min: 16384, max: 32768 },
      randomFileSize: (lo, hi) => randomFileSize(draws[i++], lo, hi, 4096),
    }),
    [missing("a"), missing("b")],
  );
  assert.deepEqual(s.files.map((f) => f.ioSize), [16384, 20480]);
  assert.equal(s.totalIoSize, 16384);
});

Deno.test("create_on_open and diskless engines lay nothing out", () => {
  const coo = sizeJobFiles(sizingInput({ size: 65536, createOnOpen: true }), [missing("x")]);
  assert.deepEqual([coo.files[0].extend, coo.files[0].realSize, coo.extendCount], [
    false,
    65536,
    0,
  ]);
  const nul = sizeJobFiles(sizingInput({ size: 65536, diskless: true, fake: true }), [
    missing("x"),
  ]);
  assert.deepEqual([nul.files[0].extend, nul.files[0].realSize], [false, 65536]);
});

import assert from "node:assert/strict";
import { parsePattern } from "../../../src/options/values/pattern.ts";
import { ValueRejected } from "../../../src/options/values/errors.ts";

// Bytes fio 3.33 wrote to a file with buffer_pattern=VALUE (xxd of the file).
const CASES: [string, number[]][] = [
  ["0xdeadbee", [0x0d, 0xea, 0xdb, 0xee]],
  ["0x1", [1]],
  ["123", [0x7b]],
  ["256", [0, 1]],
  ["65536", [0, 0, 1]],
  ["16777216", [0, 0, 0, 1]],
  ["-12", [0xf4, 0xff, 0xff, 0xff]],
  ["-1", [0xff, 0xff, 0xff, 0xff]],
  ["0", [0]],
  ['"ab"0xcd', [0x61, 0x62, 0xcd]],
  ['"ab" 12', [0x61, 0x62, 12]],
  ["0x0001", [0, 1]],
  ["0x000", [0, 0]],
  ["2147483647", [0xff, 0xff, 0xff, 0x7f]],
  ["-2147483648", [0, 0, 0, 0x80]],
  ["+5", [5]],
  [" 5", [5]],
  ["0XAB", [0xab]],
  ["0xab0xcd", [0xab, 0xcd]],
  // A number stops before "0x" too (fio 3.33, HOWTO's combined form).
  ['"abc"-120xdeadface', [0x61, 0x62, 0x63, 0xf4, 0xff, 0xff, 0xff, 0xde, 0xad, 0xfa, 0xce]],
  ["1200x01", [0x78, 0x01]],
  ['1"a"2', [1, 0x61, 2]],
];

Deno.test("patterns fio accepts", () => {
  for (const [text, bytes] of CASES) {
    assert.deepEqual(parsePattern(text, false), { bytes, offsets: [] }, text);
  }
});

Deno.test("patterns fio rejects", () => {
  for (
    const bad of [
      "0xZZ",
      "0x",
      "4294967296",
      "2147483648",
      "'no-such-file'",
      '"abc',
      '"abc"*3',
      "0xab*2",
      "%o",
      '"a",0x1',
      "12abc",
      "1k",
      "0xab *2",
      "5 ",
      "0x1 ",
      "--1",
      "-0x1",
      "",
    ]
  ) {
    assert.throws(() => parsePattern(bad, false), ValueRejected, bad);
  }
  assert.throws(() => parsePattern('""', false), (e: ValueRejected) => e.exitCode === 134);
});

Deno.test("verify_pattern's %o and the 512-byte limit", () => {
  assert.deepEqual(parsePattern("0xff%o", true), {
    bytes: [0xff, 0, 0, 0, 0, 0, 0, 0, 0],
    offsets: [1],
  });
  assert.throws(() => parsePattern("%ox", true), ValueRejected);
  assert.equal(
    (parsePattern("0x" + "aa".repeat(512), false) as { bytes: number[] }).bytes.length,
    512,
  );
  assert.throws(() => parsePattern("0x" + "aa".repeat(513), false), ValueRejected);
});

import assert from "node:assert/strict";
import { parseSize, scanInteger, toNumber } from "../../../src/options/values/number.ts";

// Every expectation below is what fio 3.33 prints as "out=" for size=VALUE.
const KB1024: [string, number][] = [
  ["1k", 1024],
  ["1K", 1024],
  ["1kb", 1024],
  ["1KB", 1024],
  ["1kB", 1024],
  ["1KiB", 1000],
  ["1kib", 1000],
  ["1ki", 1024],
  ["1Ki", 1024],
  ["1m", 1048576],
  ["1mi", 1048576],
  ["1MiB", 1000000],
  ["1g", 1073741824],
  ["1gib", 1e9],
  ["1t", 1099511627776],
  ["1tib", 1e12],
  ["1p", 1125899906842624],
  ["1pib", 1e15],
  ["1b", 1],
  ["1B", 1],
  ["1e", 1],
  ["1bit", 1],
  ["0x10", 16],
  ["0x10k", 16],
  ["0X1f", 31],
  ["1.5k", 1],
  ["+4k", 4096],
  ["4k+1", 4096],
  [" 4k", 4],
  ["4 k", 4],
  ["4kx", 4096],
  ["4bk", 4],
  ["1e3", 1],
  ["010", 10],
  ["10x", 16],
  ["4q", 4],
];

Deno.test("sizes under kb_base=1024 (fio's inverted IEC/SI rule)", () => {
  for (const [text, want] of KB1024) {
    const got = parseSize(text, 1024);
    assert.equal(got && toNumber(got.value), want, text);
  }
});

Deno.test("sizes under kb_base=1000", () => {
  const cases: [string, number][] = [["1k", 1000], ["1KB", 1000], ["1KiB", 1024], ["1ki", 1000], [
    "1mib",
    1048576,
  ], ["1m", 1e6]];
  for (const [text, want] of cases) {
    assert.equal(toNumber(parseSize(text, 1000)!.value), want, text);
  }
});

Deno.test("sizes that fio rejects and percentages", () => {
  for (const bad of ["", "k", "abc", "12345678901234567890"]) {
    assert.equal(parseSize(bad, 1024), undefined, bad);
  }
  assert.deepEqual(parseSize("50%", 1024), { value: 50n, percent: true });
  assert.equal(toNumber(parseSize("-1", 1024)!.value), -1);
  assert.equal(parseSize("9223372036854775807", 1024)!.value, 9223372036854775807n);
});

Deno.test("scanInteger reads like strtoll with fio's hex detection", () => {
  assert.deepEqual(scanInteger("  -12x"), { value: (1n << 64n) - 12n, end: 5 });
  assert.deepEqual(scanInteger("0x"), { value: 0n, end: 1 });
  assert.equal(scanInteger("x"), undefined);
});

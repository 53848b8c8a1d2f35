import assert from "node:assert/strict";
import { ctime, fixed, fixedW, intStr, N2S, num2str } from "../../src/output/format.ts";

Deno.test("fixed rounds exact binary ties to even like glibc printf", () => {
  // printf '%.6f %.2f %.1f' 0.0078125 0.125 0.25 -> 0.007812 0.12 0.2
  assert.equal(fixed(0.0078125, 6), "0.007812");
  assert.equal(fixed(0.125, 2), "0.12");
  assert.equal(fixed(0.25, 1), "0.2");
  assert.equal(fixed(0.375, 2), "0.38");
  assert.equal(fixed(12.2829589843750, 6), "12.282959");
  assert.equal(fixed(0, 6), "0.000000");
  assert.equal(fixed(-0, 2), "-0.00");
  assert.equal(fixed(100, 0), "100");
  assert.equal(fixed(1e22, 1), "10000000000000000000000.0");
  assert.equal(fixed(NaN, 6), "-nan");
});

Deno.test("fixedW and intStr pad and never use exponents", () => {
  assert.equal(fixedW(2.53, 5, 2), " 2.53");
  assert.equal(fixedW(100, 3, 1), "100.0");
  assert.equal(intStr(2 ** 60), "1152921504606846976");
  assert.equal(intStr(7.9), "7");
});

Deno.test("num2str matches fio's scaled numbers", () => {
  // Values from fio 3.33 reports.
  assert.equal(num2str(4096000, 4, 1, false, N2S.NONE), "4096k");
  assert.equal(num2str(16777216000, 4, 1, true, N2S.BYTEPERSEC), "15.6GiB/s");
  assert.equal(num2str(16777216000, 4, 1, false, N2S.BYTEPERSEC), "16.8GB/s");
  assert.equal(num2str(16777216, 4, 1, true, N2S.BYTE), "16.0MiB");
  assert.equal(num2str(1048576, 4, 1, true, N2S.BYTE), "1024KiB");
  assert.equal(num2str(3999244, 6, 1, true, N2S.BYTEPERSEC), "3905.5KiB/s");
  assert.equal(num2str(4433464, 6, 1, false, N2S.NONE), "4433.5k");
  assert.equal(num2str(4194304000, 4, 1, true, N2S.BITPERSEC), "31.2Gibit/s");
  assert.equal(num2str(976, 4, 1, false, N2S.NONE), "976");
  // fio's "both" mode prints a zeroed header with 0 significant figures.
  assert.equal(num2str(0, 0, 1, true, N2S.NONE), "0");
  assert.equal(num2str(0, 0, 1, true, N2S.BYTE), "0B");
  // No room for decimals: carry rounds the integer part.
  assert.equal(num2str(9999999, 4, 1, false, N2S.NONE), "10000k");
  assert.equal(num2str(99999, 4, 1, false, N2S.NONE), "100.0k");
});

Deno.test("ctime is C's fixed-width local date", () => {
  const d = new Date(2026, 10, 6, 8, 5, 4).getTime();
  assert.equal(ctime(d), "Fri Nov  6 08:05:04 2026");
});

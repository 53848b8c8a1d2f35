import assert from "node:assert/strict";
import {
  cleanLine,
  headerName,
  includeTarget,
  splitLines,
  splitOption,
  trimSpace,
} from "../../src/jobfile/lines.ts";

Deno.test("cleanLine cuts at the first ; or # anywhere, quotes included", () => {
  assert.equal(cleanLine("rw=read ; trailing"), "rw=read");
  assert.equal(cleanLine("size=1m # trailing hash"), "size=1m");
  assert.equal(cleanLine("filename=/tmp/x;y"), "filename=/tmp/x");
  assert.equal(cleanLine('description="a;b"'), 'description="a');
  assert.equal(cleanLine("verify_pattern=ab#cd;e"), "verify_pattern=ab");
  assert.equal(cleanLine("  ; whole line"), "");
  assert.equal(cleanLine("# whole line"), "");
  assert.equal(cleanLine("\t bs = 4k \r"), "bs = 4k");
});

Deno.test("trimSpace strips C whitespace only (a BOM or NBSP stays)", () => {
  assert.equal(trimSpace(" \t\v\f\r\nx \r\n"), "x");
  assert.equal(trimSpace("\uFEFF[j]"), "\uFEFF[j]");
  assert.equal(trimSpace("\u00A0x"), "\u00A0x");
});

Deno.test("splitLines splits on LF only and ignores the final newline", () => {
  assert.deepEqual(splitLines("a\r\nb\n"), ["a\r", "b"]);
  assert.deepEqual(splitLines("a\rb"), ["a\rb"]);
  assert.deepEqual(splitLines(""), []);
  assert.deepEqual(splitLines("\n\n"), ["", ""]);
});

Deno.test("headerName takes what lies between the first and last character", () => {
  assert.equal(headerName("[job1]"), "job1");
  assert.equal(headerName("[job 2]"), "job 2");
  assert.equal(headerName("[ j ]"), " j ");
  assert.equal(headerName("[j] foo"), "j] fo");
  assert.equal(headerName("[a"), "");
  assert.equal(headerName("[]"), "");
  assert.equal(headerName("["), undefined);
  assert.equal(headerName("x]"), undefined);
});

Deno.test("includeTarget skips `include` plus exactly one character", () => {
  assert.equal(includeTarget("include a.fio"), "a.fio");
  assert.equal(includeTarget("include\ta.fio"), "a.fio");
  assert.equal(includeTarget("include=a.fio"), "a.fio");
  assert.equal(includeTarget("include    a.fio"), "   a.fio");
  assert.equal(includeTarget("includes.inc"), ".inc");
  assert.equal(includeTarget("include"), "");
  assert.equal(includeTarget("INCLUDE a.fio"), undefined);
  assert.equal(includeTarget("bs=4k"), undefined);
});

Deno.test("splitOption splits at the first = and trims both sides", () => {
  assert.deepEqual(splitOption("bs  =   4k"), { key: "bs", value: "4k" });
  assert.deepEqual(splitOption("description=a=b "), { key: "description", value: "a=b" });
  assert.deepEqual(splitOption("time_based"), { key: "time_based" });
  assert.deepEqual(splitOption("time based"), { key: "time based" });
  assert.deepEqual(splitOption("bs="), { key: "bs", value: "" });
  assert.deepEqual(splitOption("=4k"), { key: "", value: "4k" });
  assert.deepEqual(splitOption("ioengine\t=\tnull"), { key: "ioengine", value: "null" });
});

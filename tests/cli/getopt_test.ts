import assert from "node:assert/strict";
import { Getopt, type GetoptResult, type LongOption } from "../../src/cli/getopt.ts";
import { SHORT_OPTIONS } from "../../src/cli/run_options.ts";

const TABLE: LongOption[] = [
  { name: "output", hasArg: "required" },
  { name: "output-format", hasArg: "required" },
  { name: "version", hasArg: "none" },
  { name: "cmdhelp", hasArg: "optional" },
  { name: "section", hasArg: "required" },
  { name: "bs", hasArg: "required" },
  { name: "blocksize", hasArg: "required" },
  { name: "time_based", hasArg: "optional" },
  { name: "size", hasArg: "required" },
  { name: "size", hasArg: "required" },
];

type Step = string | [string, string | undefined];

/** Runs getopt to the end; options as [name, value], errors as "ERR msg | word". */
function scan(args: string[]): { steps: Step[]; operands: string[] } {
  const g = new Getopt(args, SHORT_OPTIONS);
  const steps: Step[] = [];
  let r: GetoptResult | null;
  while ((r = g.next(TABLE)) !== null) {
    if (r.kind === "long") steps.push([TABLE[r.index].name, r.value]);
    else if (r.kind === "short") steps.push([`-${r.letter}`, r.value]);
    else steps.push(`ERR ${r.message} | ${r.word}`);
  }
  return { steps, operands: g.operands() };
}

Deno.test("long options: =value, separate value, optional value, prefixes", () => {
  assert.deepEqual(scan(["--bs=4k", "--output", "f.txt", "--time_based", "--sec=x"]), {
    steps: [["bs", "4k"], ["output", "f.txt"], ["time_based", undefined], ["section", "x"]],
    operands: [],
  });
  // An optional value is never taken from the next word.
  assert.deepEqual(scan(["--cmdhelp", "bs"]).steps, [["cmdhelp", undefined]]);
  assert.deepEqual(scan(["--cmdhelp", "bs"]).operands, ["bs"]);
  // A required value is taken even when it looks like an option.
  assert.deepEqual(scan(["--section", "--bs=1"]).steps, [["section", "--bs=1"]]);
});

Deno.test("single-dash long options and exact match beating prefixes", () => {
  assert.deepEqual(scan(["-bs=8k", "-output-format=json"]).steps, [
    ["bs", "8k"],
    ["output-format", "json"],
  ]);
  assert.deepEqual(scan(["--output=x"]).steps, [["output", "x"]]);
});

Deno.test("non-options are permuted to the end; -- and - are operands", () => {
  assert.deepEqual(scan(["a.fio", "--bs=1", "-", "b.fio", "--", "--version"]), {
    steps: [["bs", "1"]],
    operands: ["a.fio", "-", "b.fio", "--version"],
  });
});

Deno.test("short options: clusters, attached and separate values", () => {
  assert.deepEqual(scan(["-v"]).steps, [["-v", undefined]]);
  assert.deepEqual(scan(["-o", "out.txt", "-cbs"]).steps, [["-o", "out.txt"], ["-c", "bs"]]);
  assert.deepEqual(scan(["-xyzzy"]).steps, [["-x", "yzzy"]]);
  assert.deepEqual(scan(["-bh"]).steps, [["-b", undefined], ["-h", undefined]]);
});

Deno.test("glibc's diagnostics, word for word", () => {
  assert.deepEqual(scan(["--out=x"]).steps, [
    "ERR fio: option '--out=x' is ambiguous; possibilities: '--output' '--output-format' | --out=x",
  ]);
  assert.deepEqual(scan(["--siz"]).steps, [
    "ERR fio: option '--siz' is ambiguous; possibilities: '--size' '--size' | --siz",
  ]);
  assert.deepEqual(scan(["--foo=1"]).steps, ["ERR fio: unrecognized option '--foo=1' | --foo=1"]);
  assert.deepEqual(scan(["-q"]).steps, ["ERR fio: unrecognized option '-q' | -q"]);
  assert.deepEqual(scan(["--version=3"]).steps, [
    "ERR fio: option '--version' doesn't allow an argument | --version=3",
  ]);
  assert.deepEqual(scan(["--blocksiz"]).steps, [
    "ERR fio: option '--blocksize' requires an argument | --blocksiz",
  ]);
  assert.deepEqual(scan(["-o"]).steps, ["ERR fio: option requires an argument -- 'o' | -o"]);
  assert.deepEqual(scan(["-bq"]).steps, [
    ["-b", undefined],
    "ERR fio: invalid option -- 'q' | -bq",
  ]);
});

Deno.test("a bad letter inside a cluster reports the word before it, as glibc's optind does", () => {
  assert.deepEqual(scan(["-bqz"]).steps[1], "ERR fio: invalid option -- 'q' | fio");
  assert.deepEqual(scan(["a.fio", "-bqz"]).steps[1], "ERR fio: invalid option -- 'q' | a.fio");
  assert.deepEqual(scan(["-o", "x", "-bqz"]).steps[2], "ERR fio: invalid option -- 'q' | x");
});

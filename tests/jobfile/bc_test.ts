import assert from "node:assert/strict";
import { BcError, evalBc } from "../../src/jobfile/bc.ts";

// Every expected value below is what `echo EXPR | bc` printed on the reference machine.
const CASES: [string, string][] = [
  ["8192*2", "16384"],
  ["5*1024*1024*24105/8", "15797452800"],
  ["2/3", "0"],
  ["7/2*3", "9"],
  ["-7/2", "-3"],
  ["-7%2", "-1"],
  ["10%3*2", "2"],
  ["5.5%2", "1.5"],
  ["0.5*1", ".5"],
  ["-0.5*1", "-.5"],
  ["0.0*1", "0"],
  ["0-0.0", "0"],
  ["1.50+0", "1.50"],
  ["2+1.5", "3.5"],
  ["0.5*2", "1.0"],
  ["2/4.0", "0"],
  ["7.25/2", "3"],
  ["1.5^2", "2.2"],
  ["2^-1", "0"],
  ["2^-2*8", "0"],
  ["-2^2", "4"],
  ["-2^2*2", "8"],
  ["2^3^2", "512"],
  ["2^40*2", "2199023255552"],
  ["2^100", "1267650600228229401496703205376"],
  ["2*(1+2)", "6"],
  ["(1)", "1"],
  [" 2 * 2 ", "4"],
  ["- 3+0", "-3"],
  ["2*-3", "-6"],
  ["2+-3", "-1"],
  ["-(2)*3", "-6"],
  ["a-2", "-2"],
  ["a_b+1", "1"],
  ["2*A", "20"],
  ["B+0", "11"],
  ["1A+0", "19"],
  ["A.5+0", "9.5"],
  ["Z+0", "35"],
  [".5+0", ".5"],
  ["1.+0", "1"],
];

Deno.test("evalBc computes what bc prints", () => {
  for (const [expr, want] of CASES) assert.equal(evalBc(expr), want, expr);
});

Deno.test("evalBc rejects what bc rejects", () => {
  const bad: [string, string][] = [
    ["2--3", "syntax error"],
    ["--2", "syntax error"],
    ["3-", "syntax error"],
    ["2 2-1", "syntax error"],
    ["/root2", "syntax error"],
    ["2*2k", "syntax error"],
    ["$(1+2)", "illegal character: $"],
    ["2/0", "Divide by zero"],
    ["2%0", "Modulo by zero"],
    ["(1+2", "syntax error"],
    ["+3", "syntax error"],
  ];
  for (const [expr, reason] of bad) {
    assert.throws(() => evalBc(expr), (e) => e instanceof BcError && e.message === reason, expr);
  }
});

Deno.test("evalBc matches the bc program where it is installed", {
  ignore: !hasBc(),
}, () => {
  const exprs = CASES.map(([e]) => e).join("\n") + "\n";
  const out = new Deno.Command("bc", { stdin: "piped", stdout: "piped", stderr: "null" });
  const child = out.spawn();
  const w = child.stdin.getWriter();
  w.write(new TextEncoder().encode(exprs));
  w.close();
  return child.output().then((res) => {
    const lines = new TextDecoder().decode(res.stdout).trimEnd().split("\n");
    assert.deepEqual(lines, CASES.map(([e]) => evalBc(e)));
  });
});

function hasBc(): boolean {
  try {
    new Deno.Command("bc", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync();
    return true;
  } catch {
    console.log("bc not installed: skipping the comparison with bc");
    return false;
  }
}

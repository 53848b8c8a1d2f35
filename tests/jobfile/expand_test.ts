import assert from "node:assert/strict";
import { expandEnv, expandKeywords } from "../../src/jobfile/expand.ts";

const ENV = new Map([["FOO", "foo"], ["BAR", "bar"], ["KW", "$ncpus*3"], ["REC", "${FOO}"]]);
const KW = () => ({ pagesize: 4096, mb_memory: 24105, ncpus: 2 });

Deno.test("expandEnv replaces ${NAME} and nothing else", () => {
  assert.equal(
    expandEnv("${FOO}-$FOO-${BAR}-$BAR-x${UNSET}y-$UNSET-$(1+2)-$", ENV),
    "foo-$FOO-bar-$BAR-xy-$UNSET-$(1+2)-$",
  );
  assert.equal(expandEnv("${FOO}${FOO}", ENV), "foofoo");
  assert.equal(expandEnv("$${FOO}", ENV), "$foo");
  assert.equal(expandEnv("${FOO}}", ENV), "foo}");
});

Deno.test("expandEnv: odd names look up nothing, unterminated ${ stays, no rescan", () => {
  assert.equal(expandEnv("a${}b", ENV), "ab");
  assert.equal(expandEnv("${ FOO }", ENV), "");
  assert.equal(expandEnv("${FOO:-def}", ENV), "");
  assert.equal(expandEnv("${FOO", ENV), "${FOO");
  assert.equal(expandEnv("x${FOO}${BAR", ENV), "xfoo${BAR");
  assert.equal(expandEnv("${REC}", ENV), "${FOO}");
});

Deno.test("expandEnv works with Deno.env and names Deno.env refuses", () => {
  Deno.env.set("DFIO_T5_VAR", "v");
  try {
    assert.equal(expandEnv("<${DFIO_T5_VAR}>", Deno.env), "<v>");
    assert.equal(expandEnv("<${A=B}>", Deno.env), "<>");
    assert.equal(expandEnv("<${}>", Deno.env), "<>");
  } finally {
    Deno.env.delete("DFIO_T5_VAR");
  }
});

function kw(value: string): string {
  const r = expandKeywords(value, KW);
  return r.ok ? r.value : `ERR ${r.reason}`;
}

Deno.test("expandKeywords substitutes and evaluates like fio 3.33 with bc", () => {
  assert.equal(kw("$pagesize"), "4096");
  assert.equal(kw("2*$pagesize"), "8192");
  assert.equal(kw("$pagesize*2"), "8192");
  assert.equal(kw("a$ncpus"), "a2");
  assert.equal(kw("$ncpus a"), "2 a");
  assert.equal(kw("x $mb_memory"), "x 24105");
  assert.equal(kw("$pagesizex"), "4096x");
  assert.equal(kw("$mb_memoryx"), "24105x");
  assert.equal(kw("$pagesize-1"), "4095");
  assert.equal(kw("$ncpus/3"), "0");
  assert.equal(kw("7/$ncpus*3"), "9");
  assert.equal(kw("-$ncpus"), "-2");
  assert.equal(kw("a-$ncpus"), "-2");
  assert.equal(kw("$ncpus+1.5"), "3.5");
  assert.equal(kw("0.5*$ncpus"), "1.0");
  assert.equal(kw("$ncpus.5*2"), "5.0");
  assert.equal(kw(" $ncpus * 2 "), "4");
  assert.equal(kw("$ncpus*(1+2)"), "6");
  assert.equal(kw("2^40*$ncpus"), "2199023255552");
  assert.equal(kw("5*1024*1024*$mb_memory/8"), "15797452800");
});

Deno.test("expandKeywords runs bc only when a keyword met + - * /", () => {
  assert.equal(kw("$pagesize%3"), "4096%3");
  assert.equal(kw("$pagesize^2"), "4096^2");
  assert.equal(kw("($pagesize)"), "(4096)");
  assert.equal(kw("$ncpus,$ncpus"), "2,2");
  assert.equal(kw("1+1"), "1+1");
  assert.equal(kw("$(1+2)"), "$(1+2)");
  assert.equal(kw("$NCPUS"), "$NCPUS");
  assert.equal(kw("16k-1M"), "16k-1M");
});

Deno.test("expandKeywords reports bc's errors", () => {
  assert.equal(kw("$ncpus $ncpus-1"), "ERR syntax error");
  assert.equal(kw("$ncpus*2k"), "ERR syntax error");
  assert.equal(kw("--$ncpus"), "ERR syntax error");
  assert.equal(kw("/root$ncpus"), "ERR syntax error");
  assert.equal(kw("$ncpus/0"), "ERR Divide by zero");
  assert.equal(kw("$(1+$ncpus)"), "ERR illegal character: $");
});

Deno.test("expandKeywords reads machine values only when a keyword occurs", () => {
  let calls = 0;
  const counting = () => {
    calls++;
    return KW();
  };
  assert.deepEqual(expandKeywords("4k", counting), { ok: true, value: "4k" });
  assert.deepEqual(expandKeywords("$FOO", counting), { ok: true, value: "$FOO" });
  assert.equal(calls, 0);
  assert.deepEqual(expandKeywords("$ncpus", counting), { ok: true, value: "2" });
  assert.equal(calls, 1);
});

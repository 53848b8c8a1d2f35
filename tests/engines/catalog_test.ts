/**
 * The engine catalog against fio 3.33: the same names in `--enghelp` order,
 * the engines fio cannot load kept out, and fio's rules for reading an
 * `ioengine=` value (listed-name suffixes, aio aliases, external paths).
 * Live checks run real fio when it is on PATH.
 */
import assert from "node:assert/strict";
import {
  canonicalEngineName,
  ENGINE_CATALOG,
  engineRequestOf,
  findEngine,
  IOENGINE_LISTED_NAMES,
  resolveEngine,
  UNLOADABLE_ENGINES,
} from "../../src/engines/catalog.ts";
import { HAVE_FIO } from "../helpers/run.ts";

const NO_FIO = HAVE_FIO ? "" : " (skipped: fio not on PATH)";

/** `fio --enghelp` of fio 3.33 here, in its order. */
const FIO_ENGINES = [
  "cpuio",
  "mmap",
  "sync",
  "psync",
  "vsync",
  "pvsync",
  "pvsync2",
  "null",
  "net",
  "netsplice",
  "ftruncate",
  "filecreate",
  "filestat",
  "filedelete",
  "exec",
  "posixaio",
  "falloc",
  "e4defrag",
  "splice",
  "gfapi",
  "gfapi_async",
  "mtd",
  "sg",
  "io_uring",
  "io_uring_cmd",
  "nbd",
  "libaio",
  "rdma",
  "rados",
  "rbd",
  "pmemblk",
  "dev-dax",
  "libpmem",
];

/**
 * `ioengine=` values and the engine fio 3.33 loads for them (undefined: fio
 * says "not loadable"), measured with `fio --parse-only --ioengine=VALUE`.
 */
const RESOLVE_CASES: readonly (readonly [string, string | undefined])[] = [
  ["psync", "psync"],
  ["aio", "libaio"],
  ["aioX", "libaio"],
  ["aio:foo", "libaio"],
  ["linuxaio", "libaio"],
  ["linuxaioXYZ", "libaio"],
  ["linuxaio:q", "libaio"],
  ["libaio:", "libaio"],
  ["psync:foo", "psync"],
  ["null:bar", "null"],
  ["net:a:b", "net"],
  ["io_uring:/tmp", "io_uring"],
  ["pmemblk:x", "pmemblk"],
  ["ftruncate:x", undefined],
  ["io_uring_cmd:x", undefined],
  ["rados:x", undefined],
  ["x:psync", undefined],
  [":psync", undefined],
  ["PSYNC", undefined],
  [" psync", undefined],
  ["io_uring ", undefined],
  ["psync,libaio", undefined],
  ["external", undefined],
  ["http", undefined],
];

Deno.test("catalog lists fio 3.33's engines in --enghelp order", () => {
  assert.deepEqual(ENGINE_CATALOG.map((e) => e.name), FIO_ENGINES);
});

Deno.test("catalog entries have help of their own and unique names", () => {
  const names = new Set<string>();
  for (const e of ENGINE_CATALOG) {
    assert.ok(!names.has(e.name), `duplicate ${e.name}`);
    names.add(e.name);
    assert.ok(e.help.length > 10 && e.help.length < 80, `${e.name}: help length`);
    assert.equal(findEngine(e.name), e);
  }
});

Deno.test("engines fio cannot load stay out of the catalog", () => {
  for (const name of UNLOADABLE_ENGINES) {
    assert.equal(findEngine(name), undefined, name);
    assert.equal(resolveEngine(name), undefined, name);
  }
  assert.equal(findEngine("aio"), undefined, "findEngine takes exact names only");
});

Deno.test("listed ioengine names are catalog engines, plus external", () => {
  for (const name of IOENGINE_LISTED_NAMES) {
    if (name !== "external") assert.ok(findEngine(name), name);
  }
  assert.equal(IOENGINE_LISTED_NAMES.length, 27);
});

Deno.test("canonicalEngineName maps aio prefixes to libaio", () => {
  assert.equal(canonicalEngineName("aio"), "libaio");
  assert.equal(canonicalEngineName("aiofoo"), "libaio");
  assert.equal(canonicalEngineName("linuxaio"), "libaio");
  assert.equal(canonicalEngineName("linuxai"), "linuxai");
  assert.equal(canonicalEngineName("libaio"), "libaio");
  assert.equal(canonicalEngineName("psync"), "psync");
});

Deno.test("engineRequestOf reads ioengine= values as fio does", () => {
  assert.deepEqual(engineRequestOf("psync:foo"), { name: "psync" });
  assert.deepEqual(engineRequestOf("x:psync"), { name: "x:psync" });
  assert.deepEqual(engineRequestOf("ftruncate:x"), { name: "ftruncate:x" });
  assert.deepEqual(engineRequestOf("external"), { name: "external" });
  assert.deepEqual(engineRequestOf("external: /tmp/e.so "), {
    name: "/tmp/e.so",
    externalPath: "/tmp/e.so",
  });
  assert.deepEqual(engineRequestOf("external:"), { name: "", externalPath: "" });
  assert.equal(resolveEngine("external:/tmp/e.so"), undefined);
});

Deno.test("resolveEngine follows fio's suffix and alias rules", () => {
  for (const [value, want] of RESOLVE_CASES) {
    assert.equal(resolveEngine(value)?.name, want, value);
  }
});

function fioOut(args: string[]): { code: number; text: string } {
  const out = new Deno.Command("fio", { args, stdout: "piped", stderr: "piped" }).outputSync();
  const dec = new TextDecoder();
  return { code: out.code, text: dec.decode(out.stdout) + dec.decode(out.stderr) };
}

Deno.test({
  name: `catalog equals live fio --enghelp${NO_FIO}`,
  ignore: !HAVE_FIO,
  fn() {
    const lines = fioOut(["--enghelp"]).text.split("\n").slice(1).map((l) => l.trim());
    assert.deepEqual(ENGINE_CATALOG.map((e) => e.name), lines.filter((l) => l !== ""));
  },
});

Deno.test({
  name: `listed names equal live fio --cmdhelp=ioengine values${NO_FIO}`,
  ignore: !HAVE_FIO,
  fn() {
    const text = fioOut(["--cmdhelp=ioengine"]).text;
    const names: string[] = [];
    for (const m of text.matchAll(/^\s+(?:valid values)?\s*:\s(\S+)/gm)) names.push(m[1]);
    assert.deepEqual(names, IOENGINE_LISTED_NAMES);
  },
});

Deno.test({
  name: `unloadable engines and ioengine= values agree with live fio${NO_FIO}`,
  ignore: !HAVE_FIO,
  fn() {
    for (const name of UNLOADABLE_ENGINES) {
      const r = fioOut(["--parse-only", "--name=x", `--ioengine=${name}`]);
      assert.equal(r.code, 1, name);
      assert.ok(r.text.includes(`fio: engine ${name} not loadable`), name);
    }
    for (const [value, want] of RESOLVE_CASES) {
      const r = fioOut(["--parse-only", "--name=x", `--ioengine=${value}`]);
      assert.equal(r.code === 0, want !== undefined, `fio on ioengine=${value}`);
      if (want === undefined) {
        const shown = engineRequestOf(value).name;
        assert.ok(r.text.includes(`fio: engine ${shown} not loadable`), value);
      }
    }
  },
});

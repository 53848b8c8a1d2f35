/**
 * Checks of the option table part A (HOWTO sections Units through I/O size):
 * every fio name of those sections is present with the right category and a
 * type consistent with fio's own parse type, nothing from other sections
 * crept in, and (when fio is installed) defaults, aliases, ranges, valid
 * values, time units and per-direction syntax agree with fio 3.33.
 */
import assert from "node:assert/strict";
import { isImplemented } from "../../src/options/implemented.ts";
import type { OptionDef } from "../../src/options/types.ts";
import { findJobOption } from "../../src/options/registry.ts";
import { descriptionOptions } from "../../src/options/table/description.ts";
import { timeOptions } from "../../src/options/table/time.ts";
import { fileOptions } from "../../src/options/table/files.ts";
import { ioTypeOptions } from "../../src/options/table/io_type.ts";
import { blockSizeOptions } from "../../src/options/table/block_size.ts";
import { bufferOptions } from "../../src/options/table/buffers.ts";
import { ioSizeOptions } from "../../src/options/table/io_size.ts";
import { HAVE_FIO, reportJson } from "../helpers/run.ts";

const PART_A: readonly OptionDef[] = [
  ...descriptionOptions,
  ...timeOptions,
  ...fileOptions,
  ...ioTypeOptions,
  ...blockSizeOptions,
  ...bufferOptions,
  ...ioSizeOptions,
];

function byName(name: string): OptionDef | undefined {
  return PART_A.find((d) => d.name === name || (d.aliases?.includes(name) ?? false));
}

function mustFind(name: string): OptionDef {
  const def = byName(name);
  assert.ok(def, `option ${name} missing from part A`);
  return def;
}

interface FixtureRow {
  name: string;
  canonical: string;
  category: string;
  fioType: string;
}

const FIXTURE: FixtureRow[] = Deno.readTextFileSync(
  new URL("../fixtures/option_names_part_a.txt", import.meta.url),
).split("\n")
  .filter((l) => l.trim() !== "" && !l.startsWith("#"))
  .map((l) => {
    const [name, canonical, category, fioType] = l.split("\t");
    return { name, canonical, category, fioType };
  });

/** Our types that can faithfully hold each of fio's parse types. */
const TYPE_MAP: Record<string, readonly string[]> = {
  OPT_BOOL: ["bool"],
  OPT_STR_SET: ["set"],
  OPT_STR_STORE: ["str", "special:filename", "special:directory"],
  OPT_STR_VAL_TIME: ["time", "special:time_range"],
  OPT_RANGE: ["range"],
  OPT_FLOAT_LIST: ["float_list"],
  OPT_STR_VAL_ZONE: ["special:size_or_percent"],
  OPT_INT: ["int", "size"],
  OPT_ULL: ["int", "size"],
  OPT_STR_VAL: ["int", "size", "special:size_range"],
  OPT_STR: [
    "enum",
    "special:rw",
    "special:mem",
    "special:pattern",
    "special:random_distribution",
    "special:file_service_type",
  ],
  OPT_STR_ULL: ["special:bssplit"],
  OPT_STR_MULTI: ["special:sync_file_range"],
};

function kind(def: OptionDef): string {
  return def.type === "special" ? `special:${def.parser}` : def.type;
}

const NO_FIO = HAVE_FIO ? "" : " (skipped: fio not on PATH)";

function fio(args: string[]): string {
  const out = new Deno.Command("fio", { args, stdout: "piped", stderr: "piped" }).outputSync();
  const dec = new TextDecoder();
  return dec.decode(out.stdout) + dec.decode(out.stderr);
}

Deno.test("part A holds every fixture name under its canonical entry and category", () => {
  assert.equal(FIXTURE.length, 112);
  for (const row of FIXTURE) {
    const def = mustFind(row.name);
    assert.equal(def.name, row.canonical, row.name);
    assert.equal(def.category, row.category, row.name);
    assert.ok(
      TYPE_MAP[row.fioType]?.includes(kind(def)),
      `${row.name}: ${kind(def)} cannot stand for ${row.fioType}`,
    );
  }
});

Deno.test("part A has no names beyond its sections and no duplicates", () => {
  const fixtureNames = new Set(FIXTURE.map((r) => r.name));
  const seen = new Set<string>();
  for (const def of PART_A) {
    for (const n of [def.name, ...(def.aliases ?? [])]) {
      assert.ok(fixtureNames.has(n), `${n} is not a name of these HOWTO sections`);
      assert.ok(!seen.has(n), `${n} defined twice`);
      seen.add(n);
    }
  }
  assert.equal(seen.size, fixtureNames.size);
});

Deno.test("part A entries are well formed", () => {
  for (const def of PART_A) {
    assert.ok(def.help.length > 0 && !def.help.includes("\n"), def.name);
    assert.equal(def.type === "special", def.parser !== undefined, def.name);
    if (def.type === "enum") assert.ok((def.values?.length ?? 0) > 0, def.name);
    if (def.parent !== undefined) assert.ok(findJobOption(def.parent), `${def.name} parent`);
    assert.equal(def.implemented, isImplemented(def.name), def.name);
    assert.equal(def.engines, undefined, def.name);
  }
});

Deno.test("registry resolves part A names and aliases", () => {
  assert.equal(findJobOption("readwrite")?.name, "rw");
  assert.equal(findJobOption("blocksize")?.name, "bs");
  assert.equal(findJobOption("blockalign")?.name, "ba");
  assert.equal(findJobOption("blocksize_range")?.name, "bsrange");
  assert.equal(findJobOption("blocksize_unaligned")?.name, "bs_unaligned");
  assert.equal(findJobOption("iomem")?.name, "mem");
  assert.equal(findJobOption("mem_align")?.name, "iomem_align");
  assert.equal(findJobOption("timeout")?.name, "runtime");
  assert.equal(findJobOption("fileoffset")?.name, "offset");
  assert.equal(findJobOption("io_limit")?.name, "io_size");
  assert.equal(findJobOption("fill_fs")?.name, "fill_device");
  assert.equal(findJobOption("nr_files")?.name, "nrfiles");
});

Deno.test("spot checks of special syntaxes and defaults", () => {
  const rw = mustFind("rw");
  assert.equal(rw.parser, "rw");
  assert.equal(rw.default, "read");
  assert.deepEqual(rw.values?.map((v) => v.name), [
    "read",
    "write",
    "trim",
    "randread",
    "randwrite",
    "randtrim",
    "rw",
    "readwrite",
    "randrw",
    "trimwrite",
    "randtrimwrite",
  ]);
  for (const n of ["bs", "ba", "bsrange", "bssplit", "percentage_random"]) {
    assert.equal(mustFind(n).perDirection, true, n);
  }
  assert.equal(mustFind("bs").default, "4096");
  assert.equal(mustFind("bs").min, 1);
  assert.equal(mustFind("bssplit").parser, "bssplit");
  assert.equal(mustFind("filename").parser, "filename");
  assert.equal(mustFind("directory").parser, "directory");
  assert.equal(mustFind("filesize").parser, "size_range");
  assert.equal(mustFind("startdelay").parser, "time_range");
  for (const n of ["size", "offset", "io_size", "offset_increment"]) {
    assert.equal(mustFind(n).parser, "size_or_percent", n);
  }
  const mem = mustFind("mem");
  assert.equal(mem.parser, "mem");
  assert.equal(mem.default, "malloc");
  assert.deepEqual(mem.values?.map((v) => v.name), [
    "malloc",
    "shm",
    "shmhuge",
    "mmap",
    "mmapshared",
    "mmaphuge",
  ]);
  assert.deepEqual(mustFind("kb_base").values?.map((v) => v.name), ["1024", "1000"]);
  assert.equal(mustFind("kb_base").default, "1024");
  assert.deepEqual(mustFind("unit_base").values?.map((v) => v.name), ["0", "8", "1"]);
  // fio reads a bare number as seconds for every time option of part A.
  for (const def of PART_A) {
    if (def.type === "time" || def.parser === "time_range") {
      assert.equal(def.timeUnit, undefined, def.name);
    }
  }
});

/** The fields of one `fio --cmdhelp=NAME` block that the table mirrors. */
interface CmdHelp {
  help: string;
  alias?: string;
  def?: string;
  min?: number;
  max?: number;
  values: string[];
}

function cmdhelp(name: string): CmdHelp {
  const res: CmdHelp = { help: "", values: [] };
  for (const line of fio([`--cmdhelp=${name}`]).split("\n")) {
    const m = /^\s*([^:]*?)\s*: ?(.*)$/.exec(line);
    if (!m) continue;
    const [, key, rest] = m;
    if (key === name) res.help = rest.trim();
    else if (key === "alias") res.alias = rest.trim();
    else if (key === "default") res.def = rest.trim() === "no default" ? undefined : rest.trim();
    else if (key === "range") {
      const min = /min=(-?[\d.]+)/.exec(rest);
      const max = /max=(-?[\d.]+)/.exec(rest);
      if (min) res.min = Number(min[1]);
      if (max && Number(max[1]) !== -1) res.max = Number(max[1]);
    } else if (key === "valid values" || (key === "" && res.values.length > 0)) {
      res.values.push(rest.trim().split(/\s+/)[0]);
    }
  }
  return res;
}

Deno.test({
  name: `part A matches fio --cmdhelp (defaults, aliases, ranges, values)${NO_FIO}`,
  ignore: !HAVE_FIO,
  fn() {
    for (const def of PART_A) {
      const ref = cmdhelp(def.name);
      assert.ok(ref.help.length > 0, `fio does not know ${def.name}`);
      assert.notEqual(def.help, ref.help, `${def.name}: help copied from fio`);
      assert.equal(def.default, ref.def, `${def.name} default`);
      if (ref.alias !== undefined) assert.deepEqual(def.aliases, [ref.alias], def.name);
      else assert.equal(def.aliases, undefined, def.name);
      if (def.type !== "bool") {
        assert.equal(def.min, ref.min, `${def.name} min`);
        assert.equal(def.max, ref.max, `${def.name} max`);
      }
      assert.deepEqual(def.values?.map((v) => v.name) ?? [], ref.values, `${def.name} values`);
    }
  },
});

/** Values fio printed as `out=` while parsing `--NAME=VALUE`. */
function parsedOuts(name: string, value: string): string[] {
  const text = fio(["--debug=parse", "--parse-only", "--name=x", `--${name}=${value}`]);
  return [...text.matchAll(/out=(\S+)/g)].map((m) => m[1]);
}

Deno.test({
  name: `part A time units and per-direction syntax match fio${NO_FIO}`,
  ignore: !HAVE_FIO,
  fn() {
    for (const def of PART_A) {
      if (def.type === "time" || def.parser === "time_range") {
        const scale = { us: 1, ms: 1000, s: 1000000 }[def.timeUnit ?? "s"];
        assert.deepEqual(parsedOuts(def.name, "2"), [String(2 * scale)], def.name);
      }
    }
    assert.deepEqual(parsedOuts("bs", "4k,,8k"), ["4096", "4096", "8192"]);
    // bs=4k,64k: reads use 4k and writes 64k, so 1 MiB of writes takes 16 I/Os.
    const run = fio([
      "--name=x",
      "--ioengine=null",
      "--size=1m",
      "--bs=4k,64k",
      "--rw=write",
      "--output-format=json",
    ]);
    const json = reportJson<{ jobs: { write: { total_ios: number } }[] }>(run);
    assert.equal(json.jobs[0].write.total_ios, 16);
    assert.equal(mustFind("bs").perDirection, true);
    // Options stored as min-max pairs by fio.
    assert.deepEqual(parsedOuts("filesize", "1k-4k"), ["1024", "4096"]);
    assert.deepEqual(parsedOuts("startdelay", "1-5"), ["1000000", "5000000"]);
  },
});

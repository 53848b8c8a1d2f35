/**
 * The engine-specific option table against fio 3.33: every (engine, option)
 * pair of `fio --enghelp=ENGINE` resolves, in fio's order, and nothing else
 * does (options of engines fio cannot load are absent); when fio is on PATH,
 * type family, defaults, aliases, ranges and valid values match
 * `fio --enghelp=ENGINE,OPTION`.
 */
import assert from "node:assert/strict";
import { isImplemented } from "../../src/options/implemented.ts";
import type { OptionDef } from "../../src/options/types.ts";
import {
  ENGINE_OPTIONS,
  engineOptionsOf,
  findEngineOption,
  findOption,
} from "../../src/options/registry.ts";
import { engineSpecificOptions } from "../../src/options/table/engine_specific.ts";
import { ENGINE_CATALOG } from "../../src/engines/catalog.ts";
import { HAVE_FIO } from "../helpers/run.ts";

const NO_FIO = HAVE_FIO ? "" : " (skipped: fio not on PATH)";
const CATEGORY = "I/O engine specific parameters";

/** Engine -> its option names, from the fixture (fio's --enghelp order). */
function loadFixture(): Map<string, string[]> {
  const path = new URL("../fixtures/engine_options_fio333.txt", import.meta.url);
  const map = new Map<string, string[]>();
  for (const raw of Deno.readTextFileSync(path).split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const [engine, option] = line.split(/\s+/);
    if (!map.has(engine)) map.set(engine, []);
    if (option !== undefined) map.get(engine)!.push(option);
  }
  return map;
}

const FIXTURE = loadFixture();

Deno.test("fixture covers every catalog engine", () => {
  assert.deepEqual([...FIXTURE.keys()], ENGINE_CATALOG.map((e) => e.name));
  const pairs = [...FIXTURE.values()].reduce((n, l) => n + l.length, 0);
  assert.equal(pairs, 98);
});

Deno.test("every fio (engine, option) pair resolves via findEngineOption", () => {
  for (const [engine, options] of FIXTURE) {
    for (const name of options) {
      const def = findEngineOption(engine, name);
      assert.ok(def, `${engine},${name} missing`);
      assert.equal(def.name, name);
      assert.equal(def.category, CATEGORY);
      assert.equal(findOption(name, engine)?.name, name, `${engine},${name} via findOption`);
    }
  }
});

Deno.test("each engine's options come in fio's --enghelp order, nothing extra", () => {
  for (const [engine, options] of FIXTURE) {
    assert.deepEqual(engineOptionsOf(engine).map((d) => d.name), options, engine);
  }
});

Deno.test("entries are well formed and unique per engine", () => {
  assert.equal(ENGINE_OPTIONS, engineSpecificOptions);
  const seen = new Set<string>();
  for (const def of ENGINE_OPTIONS) {
    assert.ok(def.engines && def.engines.length > 0, `${def.name}: no engines`);
    assert.equal(def.category, CATEGORY, def.name);
    assert.equal(def.implemented, isImplemented(def.name), def.name);
    assert.ok(def.help.length > 0 && def.help.length <= 100, `${def.name}: help`);
    for (const engine of def.engines) {
      for (const key of [def.name, ...(def.aliases ?? [])]) {
        const k = `${engine}/${key}`;
        assert.ok(!seen.has(k), `duplicate ${k}`);
        seen.add(k);
      }
    }
    if (def.type === "enum") assert.ok(def.values && def.values.length > 0, def.name);
  }
});

Deno.test("options of engines fio 3.33 cannot load are absent", () => {
  const foreign = [
    ["http", "http_host"],
    ["http", "https"],
    ["nfs", "nfs_url"],
    ["dfs", "cont"],
    ["dfs", "pool"],
    ["libcufile", "gpu_dev_ids"],
    ["libcufile", "cuda_io"],
    ["xnvme", "xnvme_async"],
    ["xnvme", "sqthread_poll"],
    ["libhdfs", "namenode"],
    ["libhdfs", "port"],
    ["libblkio", "libblkio_driver"],
    ["librpma_apm_client", "serverip"],
  ];
  for (const [engine, name] of foreign) {
    assert.equal(findEngineOption(engine, name), undefined, `${engine},${name}`);
  }
  const names = new Set(ENGINE_OPTIONS.map((d) => d.name));
  for (const gone of ["http_host", "nfs_url", "gpu_dev_ids", "xnvme_async", "namenode"]) {
    assert.ok(!names.has(gone), gone);
  }
  // Engine options are not job options: psync has no port.
  assert.equal(findOption("port", "psync"), undefined);
  assert.equal(findOption("hipri", "libaio"), undefined);
});

Deno.test("spot checks of fio 3.33 values", () => {
  const get = (e: string, n: string): OptionDef => {
    const d = findEngineOption(e, n);
    assert.ok(d, `${e},${n}`);
    return d;
  };
  assert.equal(get("net", "proto").name, "protocol");
  assert.equal(get("rdma", "proto").name, "verb");
  assert.deepEqual(get("net", "protocol").values?.map((v) => v.name), [
    "tcp",
    "tcpv6",
    "udp",
    "udpv6",
    "unix",
  ]);
  assert.ok(!get("net", "protocol").values?.some((v) => v.name === "vsock"));
  assert.deepEqual(get("io_uring_cmd", "cmd_type").values?.map((v) => v.name), ["nvme"]);
  assert.equal(get("rdma", "port"), get("net", "port"));
  assert.deepEqual([get("rdma", "port").min, get("rdma", "port").max], [1, 65535]);
  assert.equal(get("rdma", "bindname").default, "");
  assert.equal(get("io_uring", "nonvectored").default, "-1");
  assert.equal(get("cpuio", "cpuchunks").parent, "cpuload");
  assert.equal(get("rados", "conf").default, "/etc/ceph/ceph.conf");
  assert.equal(get("e4defrag", "inplace").max, 1);
  for (const n of ["cmdprio_percentage", "cmdprio_class", "cmdprio"]) {
    assert.equal(get("libaio", n).perDirection, true, n);
  }
  // Stored as text by fio; checked when the engine starts, not at parse.
  assert.equal(get("libaio", "cmdprio_bssplit").type, "str");
  assert.equal(get("pvsync2", "hipri").type, "set");
  assert.equal(get("sg", "readfua").type, "bool");
});

/** The fields of one `fio --enghelp=ENGINE,OPTION` block. */
interface FioOptHelp {
  help: string;
  type: string;
  alias?: string;
  default?: string;
  min?: number;
  max?: number;
  values: string[];
}

function fioOptHelp(engine: string, name: string): FioOptHelp {
  const out = new Deno.Command("fio", {
    args: [`--enghelp=${engine},${name}`],
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  const ref: FioOptHelp = { help: "", type: "", values: [] };
  for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
    const m = /^\s*([^:]*?):\s?(.*)$/.exec(line);
    if (!m) continue;
    const [, key, val] = m;
    if (key === name) ref.help = val;
    else if (key === "type") ref.type = val;
    else if (key === "alias") ref.alias = val;
    else if (key === "default") ref.default = val === "no default" ? undefined : val;
    else if (key === "range") {
      const r = /min=(-?\d+), max=(-?\d+)/.exec(val);
      if (r) [ref.min, ref.max] = [Number(r[1]), Number(r[2])];
    } else if (key === "valid values" || key === "") ref.values.push(val.split(/\s+/)[0]);
  }
  return ref;
}

/** Our types that can hold each of fio's help type strings. */
const TYPE_FAMILY: Record<string, readonly string[]> = {
  "integer value (opt=100)": ["int", "size"],
  "boolean value (opt=1)": ["bool"],
  "empty or boolean value ([0|1])": ["set"],
  "string (opt=bla)": ["str", "enum"],
};

Deno.test({
  name: `engine options match live fio --enghelp=ENGINE,OPTION${NO_FIO}`,
  ignore: !HAVE_FIO,
  fn() {
    for (const [engine, options] of FIXTURE) {
      for (const name of options) {
        const def = findEngineOption(engine, name)!;
        const ref = fioOptHelp(engine, name);
        const where = `${engine},${name}`;
        assert.ok(ref.help.length > 0, `fio does not know ${where}`);
        assert.notEqual(def.help, ref.help, `${where}: help copied from fio`);
        assert.ok(TYPE_FAMILY[ref.type]?.includes(def.type), `${where}: ${def.type}`);
        assert.equal(def.default, ref.default, `${where}: default`);
        assert.deepEqual(def.aliases ?? [], ref.alias ? [ref.alias] : [], `${where}: alias`);
        assert.equal(def.min, ref.min, `${where}: min`);
        assert.equal(def.max, ref.max, `${where}: max`);
        assert.deepEqual(def.values?.map((v) => v.name) ?? [], ref.values, `${where}: values`);
      }
    }
  },
});

Deno.test({
  name: `fio rejects the example values the table rejects${NO_FIO}`,
  ignore: !HAVE_FIO,
  fn() {
    // Values from fio's example files that fio 3.33 refuses at parse time.
    const bad: readonly string[][] = [
      ["--ioengine=rdma", "--port=[port]"],
      ["--ioengine=rdma", "--verb=[read/write/send/recv]"],
      ["--ioengine=net", "--protocol=vsock"],
      ["--ioengine=io_uring_cmd", "--cmd_type=bsg"],
      ["--ioengine=nbd", "--uri="],
    ];
    for (const args of bad) {
      const out = new Deno.Command("fio", {
        args: ["--parse-only", "--name=x", ...args],
        stdout: "piped",
        stderr: "piped",
      }).outputSync();
      assert.equal(out.code, 1, args.join(" "));
      const opt = args[1].slice(2, args[1].indexOf("="));
      assert.ok(
        new TextDecoder().decode(out.stderr).includes(`fio: failed parsing ${opt}=`),
        args.join(" "),
      );
    }
    const port = findEngineOption("rdma", "port")!;
    assert.equal(port.type, "int");
    assert.ok(
      !findEngineOption("net", "protocol")!.values!.some((v) => v.name === "vsock"),
    );
    assert.ok(
      !findEngineOption("io_uring_cmd", "cmd_type")!.values!.some((v) => v.name === "bsg"),
    );
  },
});

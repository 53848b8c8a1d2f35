/**
 * Table part B (engine, depth, rate, latency, replay, process, verify, steady
 * state, reporting, error handling, profiles): names and categories from a
 * fixture, spot checks measured on fio 3.33, and live comparisons with
 * `fio --cmdhelp` / `--debug=parse` when fio is installed.
 */
import assert from "node:assert/strict";
import { findJobOption, JOB_OPTIONS, PROFILE_OPTIONS } from "../../src/options/registry.ts";
import type { OptionDef } from "../../src/options/types.ts";
import { IOENGINE_VALUES } from "../../src/options/table/engine.ts";
import { VERIFY_VALUES } from "../../src/options/table/verify.ts";
import { actProfileOptions, tiobenchProfileOptions } from "../../src/options/table/profiles.ts";
import { HAVE_FIO } from "../helpers/run.ts";
import { VERIFY_CHECKSUMS } from "../helpers/verify_methods.ts";

const FIXTURE = new URL("../fixtures/table_part_b_names.txt", import.meta.url);

function partB(): { category: string; name: string }[] {
  return Deno.readTextFileSync(FIXTURE).split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("#"))
    .map((l) => {
      const [category, name] = l.split("\t");
      return { category, name };
    });
}

function opt(name: string): OptionDef {
  const def = findJobOption(name);
  assert.ok(def, `no option ${name}`);
  return def;
}

if (!HAVE_FIO) console.warn("table_part_b_test: fio not on PATH, skipping live comparisons");

async function runFio(args: string[], cwd?: string): Promise<{ code: number; text: string }> {
  const out = await new Deno.Command("fio", { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  const dec = new TextDecoder();
  return { code: out.code, text: dec.decode(out.stdout) + dec.decode(out.stderr) };
}

/** Runs `fn` over `items`, a few at a time. */
async function pooled<T, R>(items: T[], fn: (t: T) => Promise<R>, width = 8): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}

/** What `fio --cmdhelp=NAME` says about one option. */
interface CmdHelp {
  alias?: string;
  type: string;
  default?: string;
  values: string[];
  min?: number;
  max?: number;
}

function parseCmdHelp(text: string): CmdHelp {
  const field = (key: string) => text.match(new RegExp(`^\\s*${key}: (.*)$`, "m"))?.[1].trim();
  const def = field("default");
  const range = text.match(/range: min=(\S+), max=(\S+)/);
  const values: string[] = [];
  let inValues = false;
  for (const line of text.split("\n")) {
    const m = line.match(/^\s*(?:valid values)?: (\S+)/);
    if (line.includes("valid values:")) inValues = true;
    else if (!/^\s*: /.test(line)) inValues = false;
    if (inValues && m) values.push(m[1]);
  }
  return {
    alias: field("alias"),
    type: field("type") ?? "",
    default: def === "no default" ? undefined : def,
    values,
    min: range ? Number(range[1]) : undefined,
    max: range ? Number(range[2]) : undefined,
  };
}

Deno.test("every part B name is in the table with its HOWTO category", () => {
  const rows = partB();
  assert.equal(rows.length, 126);
  for (const { category, name } of rows) {
    const def = opt(name);
    assert.equal(def.name, name);
    assert.equal(def.category, category, name);
  }
});

Deno.test("aliases measured on fio 3.33", () => {
  assert.equal(findJobOption("iodepth_batch_submit")?.name, "iodepth_batch");
  assert.equal(findJobOption("iodepth_batch_complete")?.name, "iodepth_batch_complete_min");
  assert.equal(findJobOption("wait_for_previous")?.name, "stonewall");
  assert.equal(findJobOption("ratemin")?.name, "rate_min");
  assert.equal(findJobOption("ratecycle")?.name, "rate_cycle");
  assert.equal(findJobOption("disable_bw")?.name, "disable_bw_measurement");
  assert.equal(findJobOption("ss")?.name, "steadystate");
  assert.equal(findJobOption("ss_dur")?.name, "steadystate_duration");
  assert.equal(findJobOption("ss_ramp")?.name, "steadystate_ramp_time");
});

Deno.test("per-direction options: rate, rate_min, rate_iops, rate_iops_min, max_latency", () => {
  const perDir = JOB_OPTIONS.filter((d) => d.perDirection && partB().some((r) => r.name === d.name))
    .map((d) => d.name).sort();
  assert.deepEqual(perDir, ["max_latency", "rate", "rate_iops", "rate_iops_min", "rate_min"]);
  assert.equal(opt("rate").type, "size");
  assert.equal(opt("rate_iops").type, "int");
});

Deno.test("time units of bare numbers", () => {
  const unit = (n: string) => {
    const d = opt(n);
    assert.equal(d.type, "time", n);
    return d.timeUnit ?? "s";
  };
  assert.equal(unit("thinktime"), "us");
  assert.equal(unit("thinktime_spin"), "us");
  assert.equal(unit("thinktime_iotime"), "s");
  assert.equal(unit("latency_target"), "us");
  assert.equal(unit("latency_window"), "us");
  assert.equal(unit("max_latency"), "us");
  assert.equal(unit("steadystate_duration"), "s");
  assert.equal(unit("steadystate_ramp_time"), "s");
  // Millisecond windows are plain integers in fio: "1s" is not a time there.
  for (const n of ["rate_cycle", "bwavgtime", "iopsavgtime", "log_avg_msec", "flow_sleep"]) {
    assert.equal(opt(n).type, "int", n);
  }
});

Deno.test("defaults and ranges measured on fio 3.33", () => {
  const check = (n: string, def: string | undefined, min?: number, max?: number) => {
    const d = opt(n);
    assert.equal(d.default, def, `${n} default`);
    assert.equal(d.min, min, `${n} min`);
    assert.equal(d.max, max, `${n} max`);
  };
  check("iodepth", "1", 1);
  check("iodepth_low", undefined, 0);
  check("nice", "0", -20, 19);
  check("prio", undefined, 0, 7);
  check("prioclass", undefined, 0, 3);
  check("cgroup_weight", undefined, 100, 1000);
  check("flow", "0", undefined, 1000);
  check("verify_offset", undefined, 40);
  check("verify_interval", undefined, 80);
  check("trim_percentage", "0", 0, 100);
  check("replay_time_scale", "100", 1);
  check("log_entries", "1024", 1024, 1048576);
  check("log_compression", undefined, 1024, 512 * 1024 * 1024);
  check("significant_figures", "4", 1, 10);
  check("latency_percentile", "100", 0, 100);
  check("rate_cycle", "1000", 0);
  check("bwavgtime", "500", 0);
  check("clat_percentiles", "1", 0, 1);
  check("steadystate", "iops_slope:0.01%");
  assert.equal(
    opt("percentile_list").default,
    "1:5:10:20:30:40:50:60:70:80:90:95:99:99.5:99.9:99.95:99.99",
  );
});

Deno.test("types of the special-syntax options", () => {
  assert.equal(opt("percentile_list").type, "float_list");
  assert.equal(opt("merge_blktrace_scalars").type, "float_list");
  for (
    const n of ["group_reporting", "new_group", "stonewall", "exitall", "thread", "verify_only"]
  ) {
    assert.equal(opt(n).type, "set", n);
  }
  const parsers: Record<string, string> = {
    ioengine: "ioengine",
    verify_pattern: "pattern",
    ignore_error: "ignore_error",
    steadystate: "steadystate",
    cpus_allowed: "cpulist",
    verify_async_cpus: "cpulist",
    log_compression_cpus: "cpulist",
    cpumask: "cpumask",
    percentage_sequential: "deprecated_fatal",
    rwmixcycle: "deprecated_fatal",
  };
  for (const [n, p] of Object.entries(parsers)) {
    assert.equal(opt(n).type, "special", n);
    assert.equal(opt(n).parser, p, n);
  }
  for (const n of ["flow_watermark", "verifysort", "verifysort_nr"]) {
    assert.equal(opt(n).type, "deprecated", n);
  }
});

Deno.test("enum values: verify, continue_on_error, ioengine", () => {
  assert.deepEqual(VERIFY_VALUES.map((v) => v.name), [
    "0",
    ...VERIFY_CHECKSUMS,
    "meta",
    "pattern",
    "null",
  ]);
  assert.deepEqual(
    opt("continue_on_error").values?.map((v) => v.name),
    ["none", "read", "write", "io", "verify", "all", "0", "1"],
  );
  const engines = IOENGINE_VALUES.map((v) => v.name);
  assert.equal(engines.length, 34);
  for (const e of ["psync", "sync", "libaio", "io_uring", "null", "external", "dev-dax"]) {
    assert.ok(engines.includes(e), e);
  }
  assert.equal(opt("ioengine").default, "psync");
});

Deno.test("parents as fio's --cmdhelp=all nests them", () => {
  const parents: Record<string, string> = {
    iodepth_batch: "iodepth",
    serialize_overlap: "iodepth",
    thinktime_blocks_type: "thinktime",
    rate_process: "rate",
    rate_cycle: "rate",
    rate_iops_min: "rate_iops",
    replay_skip: "read_iolog",
    trim_verify_zero: "trim_percentage",
    do_verify: "verify",
    bwavgtime: "write_bw_log",
    disable_slat: "gtod_reduce",
    flow: "flow_id",
    cgroup_weight: "cgroup",
    steadystate_ramp_time: "steadystate",
    ignore_error: "rw",
  };
  for (const [n, p] of Object.entries(parents)) assert.equal(opt(n).parent, p, n);
  assert.equal(opt("iodepth").parent, undefined);
});

Deno.test("profile options: act and tiobench", () => {
  assert.deepEqual(actProfileOptions.map((d) => d.name), [
    "device-names",
    "load",
    "test-duration",
    "threads-per-queue",
    "read-req-num-512-blocks",
    "large-block-op-kbytes",
    "prep",
  ]);
  assert.deepEqual(tiobenchProfileOptions.map((d) => d.name), [
    "size",
    "block",
    "numruns",
    "dir",
    "threads",
  ]);
  assert.equal(PROFILE_OPTIONS.length, 12);
  for (const d of PROFILE_OPTIONS) assert.equal(d.category, "Profile options");
  assert.equal(PROFILE_OPTIONS.find((d) => d.name === "test-duration")?.default, "24h");
  assert.equal(PROFILE_OPTIONS.find((d) => d.name === "large-block-op-kbytes")?.default, "131072");
});

/** Options that differ from fio's --cmdhelp on purpose (see the entry's comment). */
const RANGE_EXCEPTIONS = new Set(["flow"]);

Deno.test({
  name: "live: alias, default, range and values match `fio --cmdhelp`",
  ignore: !HAVE_FIO,
  async fn() {
    const defs = partB().map((r) => opt(r.name)).filter((d) =>
      d.type !== "deprecated" &&
      d.parser !== "deprecated_fatal"
    );
    const helps = await pooled(defs, (d) => runFio([`--cmdhelp=${d.name}`]));
    defs.forEach((d, i) => {
      const h = parseCmdHelp(helps[i].text);
      assert.ok(h.type !== "", `${d.name}: fio does not know it`);
      assert.equal(d.aliases?.[0], h.alias, `${d.name} alias`);
      assert.ok((d.aliases?.length ?? 0) <= 1, d.name);
      assert.equal(d.default, h.default, `${d.name} default`);
      if (d.name !== "ioengine") {
        assert.deepEqual(d.values?.map((v) => v.name) ?? [], h.values, `${d.name} values`);
      }
      if (!RANGE_EXCEPTIONS.has(d.name)) {
        assert.equal(d.min, h.min, `${d.name} min`);
        assert.equal(d.max, h.max === -1 ? undefined : h.max, `${d.name} max`);
      }
      const kind: Record<string, string[]> = {
        "boolean value (opt=1)": ["bool"],
        "empty or boolean value ([0|1])": ["set"],
        "string with time postfix (opt=10s)": ["time"],
        "list of floating point values separated by ':' (opt=5.9:7.8)": ["float_list"],
        "integer value (opt=100)": ["int", "size", "time", "special"],
        "string (opt=bla)": ["str", "enum", "special", "size"],
      };
      assert.ok(kind[h.type]?.includes(d.type), `${d.name}: ${d.type} vs fio ${h.type}`);
    });
  },
});

Deno.test({
  name: "live: bare numbers of time options parse in the table's unit",
  ignore: !HAVE_FIO,
  async fn() {
    const factor = { us: 1, ms: 1000, s: 1_000_000 };
    const defs = JOB_OPTIONS.filter((d) =>
      d.type === "time" && partB().some((r) => r.name === d.name)
    );
    assert.ok(defs.length >= 8);
    const outs = await pooled(
      defs,
      (d) => runFio(["--debug=parse", "--parse-only", "--name=x", `--${d.name}=7`]),
    );
    defs.forEach((d, i) => {
      const m = outs[i].text.match(new RegExp(`__handle_option=${d.name},[^\\n]*\\n.*out=(\\d+)`));
      assert.ok(m, `${d.name}: no parse output`);
      assert.equal(Number(m[1]), 7 * factor[d.timeUnit ?? "s"], d.name);
    });
  },
});

Deno.test({
  name: "live: deprecated options warn, and the hard ones fail the job",
  ignore: !HAVE_FIO,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      for (
        const d of JOB_OPTIONS.filter((x) =>
          x.type === "deprecated" || x.parser === "deprecated_fatal"
        )
      ) {
        await Deno.writeTextFile(`${dir}/j.fio`, `[x]\n${d.name}=1\n`);
        const r = await runFio(["--parse-only", "j.fio"], dir);
        assert.match(r.text, new RegExp(`Option ${d.name} is deprecated`), d.name);
        assert.equal(r.text.includes("failed parsing"), d.type === "special", d.name);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "live: ioengine values are `fio --enghelp` plus external",
  ignore: !HAVE_FIO,
  async fn() {
    const r = await runFio(["--enghelp"]);
    const listed = r.text.split("\n").filter((l) => l.startsWith("\t")).map((l) => l.trim());
    assert.deepEqual(IOENGINE_VALUES.map((v) => v.name), [...listed, "external"]);
  },
});

Deno.test({
  name: "live: fio's enum values are case-sensitive and pattern_hdr is rejected",
  ignore: !HAVE_FIO,
  async fn() {
    for (const arg of ["--verify=MD5", "--verify=pattern_hdr", "--rate_process=Poisson"]) {
      const r = await runFio(["--parse-only", "--name=x", arg]);
      assert.notEqual(r.code, 0, arg);
    }
    const ok = await runFio(["--parse-only", "--name=x", "--verify=sha3-512", "--flow=-8"]);
    assert.equal(ok.code, 0, ok.text);
  },
});

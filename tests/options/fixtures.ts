/**
 * Option definitions shaped like fio 3.33's own (type, limits, directions),
 * so value-parser tests do not depend on the option table being complete.
 */
import type { OptionDef, OptionType, SpecialParser } from "../../src/options/types.ts";

function def(
  name: string,
  type: OptionType,
  extra: Partial<Omit<OptionDef, "name" | "type">> = {},
): OptionDef {
  return { name, type, help: "test", category: "Job description", implemented: true, ...extra };
}

function special(name: string, parser: SpecialParser, extra: Partial<OptionDef> = {}): OptionDef {
  return def(name, "special", { parser, ...extra });
}

/** Test stand-ins for fio options, by fio name. */
export const FIXTURES: Record<string, OptionDef> = {
  bs: def("bs", "size", { perDirection: true, min: 1, default: "4k" }),
  ba: def("ba", "size", { perDirection: true, min: 1 }),
  rate: def("rate", "size", { perDirection: true }),
  filesize: special("filesize", "size_range"),
  iodepth: def("iodepth", "int", { min: 1, default: "1" }),
  nice: def("nice", "int", { min: -20, max: 19 }),
  rwmixread: def("rwmixread", "int", { max: 100, default: "50" }),
  numjobs: def("numjobs", "int", { min: 1, default: "1" }),
  runtime: def("runtime", "time", { timeUnit: "s" }),
  ramp_time: def("ramp_time", "time", { timeUnit: "s" }),
  thinktime: def("thinktime", "time", { timeUnit: "us" }),
  latency_target: def("latency_target", "time", { timeUnit: "us" }),
  startdelay: special("startdelay", "time_range", { timeUnit: "s" }),
  direct: def("direct", "bool", { default: "0" }),
  thread: def("thread", "set"),
  bsrange: def("bsrange", "range", { perDirection: true }),
  percentile_list: def("percentile_list", "float_list", { min: 0, max: 100 }),
  name: def("name", "str"),
  kb_base: def("kb_base", "enum", {
    values: [{ name: "1024", help: "binary" }, { name: "1000", help: "decimal" }],
  }),
  lockfile: def("lockfile", "enum", {
    values: [
      { name: "none", help: "no locking" },
      { name: "exclusive", help: "one at a time" },
      { name: "readwrite", help: "readers share" },
    ],
  }),
  rw: special("rw", "rw"),
  bssplit: special("bssplit", "bssplit"),
  cmdprio_bssplit: special("cmdprio_bssplit", "cmdprio_bssplit"),
  filename: special("filename", "filename"),
  directory: special("directory", "directory"),
  size: special("size", "size_or_percent"),
  offset: special("offset", "size_or_percent"),
  zonesize: special("zonesize", "zone_size"),
  cpumask: special("cpumask", "cpumask"),
  cpus_allowed: special("cpus_allowed", "cpulist"),
  ignore_error: special("ignore_error", "ignore_error"),
  random_distribution: special("random_distribution", "random_distribution"),
  file_service_type: special("file_service_type", "file_service_type"),
  buffer_pattern: special("buffer_pattern", "pattern"),
  verify_pattern: special("verify_pattern", "pattern"),
  steadystate: special("steadystate", "steadystate"),
  thinktime_blocks_type: special("thinktime_blocks_type", "thinktime_blocks_type"),
  percentage_random: special("percentage_random", "percentage_list"),
  mem: special("mem", "mem"),
  sync_file_range: special("sync_file_range", "sync_file_range"),
  some_old: def("some_old", "deprecated"),
  gone: special("gone", "deprecated_fatal"),
  ioengine: special("ioengine", "ioengine"),
};

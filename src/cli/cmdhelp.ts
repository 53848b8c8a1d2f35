/**
 * `--cmdhelp` and `--enghelp`: option and ioengine help from the option
 * table and the engine catalog. Layout and lookup rules follow fio 3.33
 * (right-aligned field names, closest-name fallback, exit statuses); the
 * wording is dfio's own.
 */
import type { Category, OptionDef, OptionType, SpecialParser } from "../options/types.ts";
import { ENGINE_OPTIONS, engineOptionsOf, JOB_OPTIONS } from "../options/registry.ts";
import { editDistance } from "../options/suggest.ts";
import { ENGINE_CATALOG, findEngine } from "../engines/catalog.ts";
import type { CliSink } from "./args.ts";
import { jobOptionsInFioOrder } from "./optable.ts";

const TYPE_TEXT: Readonly<Record<OptionType, string>> = {
  str: "text",
  enum: "one of the values listed below",
  int: "whole number (k/m/g multipliers accepted)",
  size: "byte count (k/m/g/t/p suffixes, per kb_base)",
  time: "duration (us/ms/s/m/h/d suffixes)",
  bool: "0 or 1",
  set: "switch: bare name turns it on, or 0/1",
  range: "size range low-high (low:high also accepted)",
  float_list: "numbers separated by ':'",
  special: "text in the option's own syntax",
  deprecated: "obsolete: accepted and ignored",
};

const SPECIAL_TEXT: Partial<Record<SpecialParser, string>> = {
  rw: "I/O pattern, optionally :N (see values)",
  bssplit: "size/percent pairs joined by ':'",
  filename: "file names separated by ':' ('\\:' for a colon)",
  directory: "directories separated by ':'",
  size_or_percent: "byte count or percentage of the file/device",
  cpumask: "CPU bit mask",
  cpulist: "CPU list such as 0-3,6",
  ignore_error: "errno names or numbers, ':'-separated, per direction",
  random_distribution: "distribution name with its parameter",
  file_service_type: "policy name, optionally :N",
  pattern: "hex, decimal, quoted string or %o, optionally *N",
  steadystate: "metric:limit",
};

const UNIT_TEXT = { us: "microseconds", ms: "milliseconds", s: "seconds" } as const;

function typeText(def: OptionDef): string {
  let text = def.type === "special" && def.parser
    ? SPECIAL_TEXT[def.parser] ?? TYPE_TEXT.special
    : TYPE_TEXT[def.type];
  if (def.type === "time") text += `; a bare number is in ${UNIT_TEXT[def.timeUnit ?? "s"]}`;
  if (def.perDirection) text += "; may differ per direction as read,write,trim";
  return text;
}

const field = (name: string, text: string) => `${name.padStart(20)}: ${text}\n`;

/** One option's help block, as `--cmdhelp=NAME` prints it. */
export function optionDetail(def: OptionDef): string {
  let s = field(def.name, def.help);
  if (def.aliases?.length) s += field("alias", def.aliases.join(", "));
  s += field("type", typeText(def));
  s += field("default", def.default ?? "no default");
  if (def.min !== undefined || def.max !== undefined) {
    const parts = [];
    if (def.min !== undefined) parts.push(`min=${def.min}`);
    if (def.max !== undefined) parts.push(`max=${def.max}`);
    s += field("range", parts.join(", "));
  }
  if (def.engines?.length) s += field("ioengines", def.engines.join(", "));
  def.values?.forEach((v, i) => {
    s += field(i === 0 ? "valid values" : "", `${v.name.padEnd(10)} ${v.help}`);
  });
  if (!def.implemented) s += field("dfio", "parsed, but not implemented yet");
  return s + "\n";
}

function findByNameOrAlias(defs: readonly OptionDef[], name: string): OptionDef | undefined {
  return defs.find((d) => d.name === name) ?? defs.find((d) => d.aliases?.includes(name));
}

/** fio's fallback for a help lookup: the nearest name within distance 2. */
function closestDef(defs: readonly OptionDef[], name: string): OptionDef | undefined {
  let best: OptionDef | undefined;
  let bestDist = Infinity;
  for (const d of defs) {
    const dist = editDistance(name, d.name);
    if (dist < bestDist) {
      bestDist = dist;
      best = d;
    }
  }
  return bestDist <= 2 ? best : undefined;
}

/** Prints a lookup result; returns whether `name` was found exactly. */
function showLookup(defs: readonly OptionDef[], name: string, sink: CliSink): boolean {
  const exact = findByNameOrAlias(defs, name);
  if (exact) {
    sink.out(optionDetail(exact));
    return true;
  }
  // fio leaves this line open; the stdout text below completes it.
  sink.err(`No such command: ${name}`);
  const near = closestDef(defs, name);
  sink.out(near ? ` - showing closest match\n${optionDetail(near)}` : "\n");
  return false;
}

/** HOWTO section order, used to group `--cmdhelp=all`. */
const CATEGORY_ORDER: readonly Category[] = [
  "Job description",
  "Time related parameters",
  "Target file/device",
  "I/O type",
  "Block size",
  "Buffers and memory",
  "I/O size",
  "I/O engine",
  "I/O engine specific parameters",
  "I/O depth",
  "I/O rate",
  "I/O latency",
  "I/O replay",
  "Threads, processes and job synchronization",
  "Verification",
  "Steady state",
  "Measurements and reporting",
  "Error handling",
  "Profile options",
];

/** The `--cmdhelp=all` listing: every option under its HOWTO section. */
export function allOptionsListing(): string {
  const defs = [...JOB_OPTIONS, ...ENGINE_OPTIONS];
  let s = "";
  for (const cat of CATEGORY_ORDER) {
    const inCat = defs.filter((d) => d.category === cat && !d.hidden);
    if (inCat.length === 0) continue;
    s += `${s === "" ? "" : "\n"}${cat}:\n`;
    for (const d of inCat) {
      // A child is indented only under a parent listed in the same section.
      const indent = d.parent && inCat.some((p) => p.name === d.parent) ? "    " : "  ";
      const engines = d.engines?.length ? ` [${d.engines.join(", ")}]` : "";
      s += `${indent}${d.name.padEnd(26 - indent.length)}: ${d.help}${engines}\n`;
    }
  }
  return s;
}

/** `--cmdhelp[=NAME|all]`; returns the exit status (0, as fio). */
export function cmdhelp(name: string | undefined, sink: CliSink): number {
  if (name === undefined || name === "all") {
    sink.out(allOptionsListing());
    return 0;
  }
  showLookup(jobOptionsInFioOrder(), name, sink);
  return 0;
}

/** `--enghelp[=ENGINE[,OPTION]]`; returns the exit status fio uses. */
export function enghelp(spec: string | undefined, sink: CliSink): number {
  if (spec === undefined) {
    sink.out(`Available IO engines:\n${ENGINE_CATALOG.map((e) => `\t${e.name}\n`).join("")}`);
    return 0;
  }
  const comma = spec.indexOf(",");
  const engine = comma < 0 ? spec : spec.slice(0, comma);
  const optName = comma < 0 ? undefined : spec.slice(comma + 1);
  if (!findEngine(engine)) {
    sink.err(`fio: engine ${engine} not loadable\n`);
    sink.out(`IO engine ${engine} not found\n`);
    return 1;
  }
  const defs = engineOptionsOf(engine);
  if (defs.length === 0) {
    sink.out(`IO engine ${engine} has no options\n`);
    return 1;
  }
  if (optName === undefined) {
    sink.out(defs.map((d) => `${d.name.padEnd(24)}: ${d.help}\n`).join(""));
    return 0;
  }
  return showLookup(defs, optName, sink) ? 0 : 1;
}

/**
 * fio's command line -> run settings, command-line job sections and job
 * file names. Words are taken in order, as fio takes them: `--help` and
 * friends act where they stand (an error earlier wins, a later one is never
 * seen), and job options before the first `--name` form a global section.
 */
import { FioError } from "../errors.ts";
import type { Section, SectionEntry } from "../jobfile/types.ts";
import { defaultRunConfig, type OutputFormat, type RunConfig } from "./config.ts";
import { Getopt } from "./getopt.ts";
import { closestTableName, OptionTable, type TableEntry } from "./optable.ts";
import {
  DEBUG_CATEGORIES,
  type RunOption,
  runOptionByShort,
  SHORT_OPTIONS,
} from "./run_options.ts";
import { parseRunTime, usToMs } from "./timeval.ts";

/** What the command line asks fio to do. */
export type CliAction =
  | { readonly kind: "run" }
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | { readonly kind: "debughelp" }
  | { readonly kind: "cmdhelp"; readonly name?: string }
  | { readonly kind: "enghelp"; readonly spec?: string };

/** The parsed command line. */
export interface CliArgs {
  /** The action; "run" covers --parse-only and --showcmd too. */
  readonly action: CliAction;
  /** Run settings. */
  readonly config: RunConfig;
  /** `--showcmd` was given. */
  readonly showcmd: boolean;
  /** Command-line sections in order (`global` ones included). */
  readonly cmdline: readonly Section[];
  /** Job files in order (`-` is stdin). */
  readonly jobFiles: readonly string[];
}

/** Where side messages go while parsing (fio prints some as it goes). */
export interface CliSink {
  /** Text for stdout, newline included. */
  out(text: string): void;
  /** Text for stderr, newline included. */
  err(text: string): void;
}

const defaultTable = new OptionTable();

/** The engine a job uses when nothing names one. */
const DEFAULT_ENGINE = "psync";

/** Printing order of several output formats (terse, then JSON, then normal). */
const FORMAT_ORDER: readonly OutputFormat[] = ["terse", "json", "json+", "normal"];

function parseOutputFormats(value: string): OutputFormat[] {
  const chosen = new Set<OutputFormat>();
  for (const token of value.split(",")) {
    if (!(FORMAT_ORDER as readonly string[]).includes(token)) {
      throw new FioError(`fio: invalid output format ${token}`, {
        extra: ["fio: failed parsing output-format"],
      });
    }
    chosen.add(token as OutputFormat);
  }
  // json+ is JSON with the latency bins, so it replaces plain json.
  if (chosen.has("json+")) chosen.delete("json");
  return FORMAT_ORDER.filter((f) => chosen.has(f));
}

/** C's atoi: leading blanks, sign, digits; anything else ends the number. */
function atoi(text: string): number {
  const m = /^\s*([-+]?\d+)/.exec(text);
  return m ? Number.parseInt(m[1], 10) : 0;
}

function errnoText(e: unknown): string {
  if (e instanceof Deno.errors.NotFound) return "No such file or directory";
  if (e instanceof Deno.errors.PermissionDenied) return "Permission denied";
  if (e instanceof Deno.errors.IsADirectory) return "Is a directory";
  if (e instanceof Deno.errors.NotADirectory) return "Not a directory";
  return e instanceof Error ? e.message : String(e);
}

function openOutput(path: string): void {
  // fio opens (and truncates) the report file as soon as it sees --output.
  try {
    Deno.openSync(path, { write: true, create: true, truncate: true }).close();
  } catch (e) {
    throw new FioError(`fio: output file open error: ${errnoText(e)}`);
  }
}

function setDebug(value: string, config: RunConfig, sink: CliSink): void {
  for (const token of value.split(",")) {
    if (token === "all") {
      sink.out("fio: set all debug options\n");
      config.debug = [...DEBUG_CATEGORIES];
      continue;
    }
    const cat = DEBUG_CATEGORIES.find((c) => token.startsWith(c));
    if (cat === undefined) {
      // fio reports an unknown mask and carries on.
      sink.err(`fio: debug mask ${token} not found\n`);
      continue;
    }
    sink.out(`fio: set debug option ${token}\n`);
    if (!config.debug.includes(cat)) config.debug.push(cat);
  }
}

interface MutableSection {
  name: string;
  entries: SectionEntry[];
  engine: string;
}

/** Applies one run option; returns an action that ends parsing, if any. */
function applyRunOption(
  run: RunOption,
  value: string | undefined,
  st: { config: RunConfig; showcmd: boolean },
  sink: CliSink,
): CliAction | undefined {
  const config = st.config;
  const v = value ?? "";
  if (run.status === "later") throw new FioError(`fio: --${run.name} is not supported yet`);
  switch (run.name) {
    case "output":
      openOutput(v);
      config.output = v;
      return;
    case "latency-log":
      throw new FioError("fio: --latency-log is deprecated. Use per-job latency log options.");
    case "bandwidth-log":
      // fio names the aggregate logs agg-read_bw.log, agg-write_bw.log, ...
      config.bandwidthLog = "agg";
      return;
    case "minimal":
      config.outputFormats = ["terse"];
      return;
    case "output-format":
      config.outputFormats = parseOutputFormats(v);
      return;
    case "append-terse":
      config.appendTerse = true;
      return;
    case "version":
      return { kind: "version" };
    case "help":
      return { kind: "help" };
    case "cmdhelp":
      return { kind: "cmdhelp", name: value };
    case "enghelp":
      return { kind: "enghelp", spec: value };
    case "showcmd":
      st.showcmd = true;
      return;
    case "readonly":
      config.readonly = true;
      return;
    case "eta":
      // fio silently keeps the current mode for anything else.
      if (v === "always" || v === "never") config.eta = v;
      return;
    case "eta-interval": {
      const us = parseRunTime(v);
      if (us === undefined) throw new FioError(`fio: failed parsing eta interval ${v}`);
      const ms = usToMs(us);
      if (ms >= 0 && ms < 250) throw new FioError("fio: eta interval time too short (250msec min)");
      config.etaIntervalMs = ms < 0 ? Number.MAX_SAFE_INTEGER : ms;
      return;
    }
    case "eta-newline": {
      const us = parseRunTime(v);
      if (us === undefined) throw new FioError(`fio: failed parsing eta time ${v}`);
      const ms = usToMs(us);
      if (ms === 0) throw new FioError("fio: eta new line time too short");
      config.etaNewlineMs = ms < 0 ? Number.MAX_SAFE_INTEGER : ms;
      return;
    }
    case "status-interval": {
      const us = parseRunTime(v);
      if (us === undefined) throw new FioError(`fio: failed parsing time ${v}`);
      if (us < 1000) throw new FioError("fio: status interval too small");
      config.statusIntervalMs = usToMs(us);
      return;
    }
    case "debug":
      if (v === "help" || v === "?") return { kind: "debughelp" };
      setDebug(v, config, sink);
      return;
    case "parse-only":
      config.parseOnly = true;
      return;
    case "section":
      if (v === "global") throw new FioError("fio: can't use global as only section");
      config.sections.push(v);
      return;
    case "alloc-size":
      // fio sizes its shared-memory pool with this; dfio has no such pool.
      return;
    case "warnings-fatal":
      config.warningsFatal = true;
      return;
    case "max-jobs":
      config.maxJobs = atoi(v);
      return;
    case "terse-version": {
      const n = atoi(v);
      if (n < 2 || n > 5) throw new FioError("fio: bad terse version format");
      config.terseVersion = n as 2 | 3 | 4 | 5;
      return;
    }
    case "aux-path":
      config.auxPath = v;
      return;
  }
  throw new Error(`run option --${run.name} has no handler`);
}

/**
 * Parses fio's argv (without the program name). Throws FioError with fio's
 * message for bad input; `sink` receives what fio prints while parsing.
 */
export function parseArgs(
  argv: readonly string[],
  sink: CliSink,
  options: OptionTable = defaultTable,
): CliArgs {
  const st = { config: defaultRunConfig(), showcmd: false };
  const sections: MutableSection[] = [];
  let current: MutableSection | undefined;
  let globalEngine = DEFAULT_ENGINE;
  const getopt = new Getopt(argv, SHORT_OPTIONS);

  const finish = (action: CliAction): CliArgs => ({
    action,
    config: st.config,
    showcmd: st.showcmd,
    cmdline: sections.map((s) => ({ name: s.name, entries: s.entries })),
    jobFiles: action.kind === "run" ? getopt.operands() : [],
  });

  for (;;) {
    const table = options.forEngine(current?.engine ?? globalEngine);
    const res = getopt.next(table);
    if (res === null) break;
    if (res.kind === "error") {
      const hint = closestTableName(res.word, table);
      throw new FioError(res.message, {
        extra: [
          `fio: unrecognized option '${res.word}'`,
          ...(hint ? [`Did you mean ${hint}?`] : []),
        ],
      });
    }
    const entry: TableEntry = res.kind === "short" ? { ...runEntry(res.letter) } : table[res.index];
    if (entry.kind === "run") {
      const action = applyRunOption(entry.run, res.value, st, sink);
      if (action) return finish(action);
      continue;
    }
    // Profile options mean something only inside a loaded profile.
    if (entry.kind === "profile") continue;

    const value = res.value;
    if (entry.name === "name") {
      current = undefined;
      const name = value ?? "";
      if (st.config.sections.length > 0 && !st.config.sections.includes(name)) continue;
      // fio takes any name starting with "global" as the global section.
      current = {
        name: name.startsWith("global") ? "global" : name,
        entries: [],
        engine: globalEngine,
      };
      sections.push(current);
    } else if (!current) {
      current = { name: "global", entries: [], engine: globalEngine };
      sections.push(current);
    }
    if ((value === undefined || value === "") && entry.hasArg === "required") {
      throw new FioError(`fio: option ${entry.name} requires an argument`);
    }
    current.entries.push(value === undefined ? { key: entry.name } : { key: entry.name, value });
    if (entry.name === "ioengine" && value !== undefined) {
      if (!options.catalog.engineExists(value)) {
        throw new FioError(`fio: engine ${value} not loadable`, {
          extra: ["fio: failed to load engine"],
        });
      }
      current.engine = value;
      if (current.name === "global") globalEngine = value;
    }
  }
  return finish({ kind: "run" });
}

function runEntry(letter: string): TableEntry {
  const run = runOptionByShort(letter)!;
  return { name: run.name, hasArg: run.hasArg, kind: "run", run };
}

/**
 * Sections (from the command line and job files) -> JobPlan: [global]
 * inheritance, option lookup and parsing, numjobs clones, reporting groups
 * and the checks fio makes before any job starts.
 */
import { FioError } from "../errors.ts";
import type { RunConfig } from "../cli/config.ts";
import type { JobSource, Section, SectionEntry } from "../jobfile/types.ts";
import { findJobOption, findOption } from "../options/registry.ts";
import { OptionValueError, parseOptionValue } from "../options/parse.ts";
import { fioOrderOf } from "../options/fio_order.ts";
import { suggestOption } from "../options/suggest.ts";
import {
  DEFAULT_PARSE_CONTEXT,
  type OptionDef,
  type ParseContext,
  type ParsedValue,
} from "../options/types.ts";
import { engineRequestOf, resolveEngine } from "../engines/catalog.ts";
import type { JobPlan, JobSpec, SetOption } from "./spec.ts";

/** The engine a job uses when it names none. */
export const DEFAULT_IOENGINE = "psync";

/** One option of a section, looked up and parsed. */
export interface ParsedEntry {
  /** The table entry (engine options have `engines` set). */
  readonly def: OptionDef;
  readonly set: SetOption;
  readonly value: ParsedValue;
  /** Position in the section as written (fio reports options in this order). */
  readonly index?: number;
}

function entryText(e: SectionEntry): string {
  return e.raw ?? (e.value === undefined ? e.key : `${e.key}=${e.value}`);
}

function lastValue(entries: readonly { key: string; value?: string }[], key: string) {
  let v: string | undefined;
  for (const e of entries) if (e.key === key && e.value !== undefined) v = e.value;
  return v;
}

/** The `ioengine=` value in force for a section: its own, else inherited. */
function sectionEngineValue(section: Section, inherited: readonly ParsedEntry[]): string {
  const own = lastValue(section.entries, "ioengine");
  if (own !== undefined) return own;
  const inh = lastValue(
    inherited.map((p) => ({ key: p.set.name, value: p.set.value })),
    "ioengine",
  );
  return inh ?? DEFAULT_IOENGINE;
}

/** fio's refusal of an engine it cannot load. */
function notLoadable(value: string): FioError {
  return new FioError(`fio: engine ${engineRequestOf(value).name} not loadable`, {
    extra: ["fio: failed to load engine"],
  });
}

/**
 * Options fio applies before the rest of a job-file section, wherever they
 * are written: the engine (its options depend on it) and the settings that
 * change how other values are read.
 */
const EARLY_KEYS = ["ioengine", "kb_base", "unit_base", "lockfile", "cpus_allowed_policy"];

function earlyRank(name: string): number {
  const i = EARLY_KEYS.indexOf(name);
  return i < 0 ? EARLY_KEYS.length : i;
}

function parseContextOf(entries: readonly ParsedEntry[]): ParseContext {
  let ctx = DEFAULT_PARSE_CONTEXT;
  for (const p of entries) {
    if (p.set.name === "kb_base") {
      ctx = { ...ctx, kbBase: p.value === "1000" || p.value === 1000 ? 1000 : 1024 };
    } else if (p.set.name === "unit_base") {
      const u = Number(p.value);
      if (u === 0 || u === 1 || u === 8) ctx = { ...ctx, unitBase: u };
    }
  }
  return ctx;
}

/** Where a section came from decides fio's ordering and message rules. */
function fromJobFile(section: Section): boolean {
  return section.file !== undefined;
}

/**
 * Parses one section's entries with the options visible to it (`inherited`:
 * the [global] entries in force). A job file's section is applied in fio's
 * option order (early keys first), the command line's in the order written;
 * the result is in the order written. Every bad entry is reported in one
 * FioError, then fio's "job X dropped" line (job files only).
 */
export function parseSection(
  section: Section,
  inherited: readonly ParsedEntry[],
  config: RunConfig,
  warn: (line: string) => void,
): ParsedEntry[] {
  const inFile = fromJobFile(section);
  const engineValue = sectionEngineValue(section, inherited);
  const engine = resolveEngine(engineValue);
  const engineName = engine?.name ?? engineRequestOf(engineValue).name;
  const hasOwnEngine = section.entries.some((e) => e.key === "ioengine");
  // fio loads the engine named in a section only when it has to: always on
  // the command line, in a job file only for a key no job option claims.
  const engineNeeded = !inFile || section.entries.some((e) => !findJobOption(e.key));
  const errors: string[] = [];
  if (hasOwnEngine && !engine && engineNeeded) {
    // The command line stops here; a job file goes on to report every
    // option the missing engine would have provided.
    if (!inFile) throw notLoadable(engineValue);
    const e = notLoadable(engineValue);
    errors.push(e.message, ...e.extra);
  }
  const defs = section.entries.map((e) => findOption(e.key, engineName));
  let order = section.entries.map((_, i) => i);
  if (inFile) {
    const rank = (i: number) => {
      const d = defs[i];
      return d ? earlyRank(d.name) * 100000 + fioOrderOf(d.name) : Infinity;
    };
    order = order.sort((a, b) => rank(a) - rank(b) || a - b);
  }
  const stdout: string[] = [];
  const out: ParsedEntry[] = [];
  for (const i of order) {
    const entry = section.entries[i];
    const def = defs[i];
    if (!def) {
      const hint = suggestOption(entry.key);
      errors.push(`Bad option <${entryText(entry)}>`, ...(hint ? [`Did you mean ${hint}?`] : []));
      continue;
    }
    if (entry.value === "") {
      // fio refuses an empty value for every option, whatever its type.
      errors.push(
        inFile && def.engines
          ? `fio: failed parsing ${entry.key}`
          : `fio: failed parsing ${entryText(entry)}`,
      );
      continue;
    }
    if (def.name === "ioengine" && !engine && !engineNeeded) {
      // Never loaded, so never checked: the value is kept as written.
      out.push({
        def,
        set: { name: def.name, value: entry.value },
        value: entry.value ?? null,
        index: i,
      });
      continue;
    }
    const ctx = parseContextOf([...inherited, ...out]);
    const previous = [...inherited, ...out].findLast((p) => p.set.name === def.name)?.value;
    try {
      const value = parseOptionValue(def, entry.value, ctx, {
        key: entry.key,
        parseOnly: config.parseOnly,
        warn,
        previous,
      });
      out.push({ def, set: { name: def.name, value: entry.value }, value, index: i });
    } catch (e) {
      if (!(e instanceof OptionValueError)) throw e;
      const lines = e.message.split("\n");
      // fio quotes a job file's line as written (before ${VAR} expansion),
      // and an engine option by its name alone.
      if (inFile) {
        lines[lines.length - 1] = def.engines
          ? `fio: failed parsing ${entry.key}`
          : `fio: failed parsing ${entryText(entry)}`;
      }
      errors.push(...lines);
      stdout.push(...e.stdout);
    }
  }
  if (errors.length > 0) {
    const [first, ...rest] = errors;
    throw new FioError(first, {
      extra: [...rest, ...(inFile ? [`fio: job ${section.name} dropped`] : [])],
      stdout,
    });
  }
  return out.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
}

function toRecord(entries: readonly ParsedEntry[]): Record<string, ParsedValue> {
  const rec: Record<string, ParsedValue> = {};
  for (const p of entries) rec[p.set.name] = p.value;
  return rec;
}

/** fio's default randseed. */
const DEFAULT_RANDSEED = 0x89n;

/** A job's randseed (see JobSpec.seed); drawn once so Worker and coordinator agree. */
function jobSeed(options: Record<string, ParsedValue>): bigint {
  const set = options["randseed"];
  if (typeof set === "number") return BigInt.asUintN(64, BigInt(set));
  if (options["randrepeat"] !== false) return DEFAULT_RANDSEED;
  const words = crypto.getRandomValues(new Uint32Array(2));
  return (BigInt(words[0]) << 32n) | BigInt(words[1]);
}

function numjobsOf(options: Record<string, ParsedValue>): number {
  const n = options["numjobs"];
  return typeof n === "number" ? n : 1;
}

function truthy(v: ParsedValue | undefined): boolean {
  return v === true || (typeof v === "number" && v !== 0);
}

/** rw values that write or trim (fio's "write or trim bit"). */
function writesOrTrims(rw: ParsedValue | undefined): boolean {
  const name = typeof rw === "string"
    ? rw
    : rw !== null && typeof rw === "object" && !Array.isArray(rw) &&
        typeof (rw as Record<string, ParsedValue>)["rw"] === "string"
    ? (rw as Record<string, ParsedValue>)["rw"] as string
    : "read";
  return !["read", "randread"].includes(name);
}

/**
 * Builds the run plan. Command-line jobs come first, then job files in
 * order; the command line's global options apply to its own jobs and to the
 * first job file only (fio starts every later file from its defaults), and
 * each job file after the first starts with an implicit stonewall.
 * Warnings go to `warn` as they arise; with --warnings-fatal the first one
 * ends the build.
 */
export function buildPlan(
  sources: readonly JobSource[],
  config: RunConfig,
  warn: (line: string) => void = (line) => console.error(line),
): JobPlan {
  const warnings: string[] = [];
  const onWarn = (line: string) => {
    warnings.push(line);
    warn(line);
    if (config.warningsFatal) throw new FioError("fio: warnings are fatal (--warnings-fatal)");
  };
  const jobs: JobSpec[] = [];
  let cmdlineGlobals: ParsedEntry[] = [];
  let firstGlobals: SetOption[] | undefined;
  let groupId = 0;
  let jobsInGroup = 0;
  let filesSeen = 0;

  for (const [sourceIndex, source] of sources.entries()) {
    const isFile = source.kind === "file";
    if (isFile) filesSeen++;
    let globals: ParsedEntry[] = !isFile || filesSeen === 1 ? [...cmdlineGlobals] : [];
    let firstJobOfSource = true;
    for (const section of source.sections) {
      if (section.name === "global") {
        globals = [...globals, ...parseSection(section, globals, config, onWarn)];
        if (!isFile) cmdlineGlobals = globals;
        continue;
      }
      if (isFile && config.sections.length > 0 && !config.sections.includes(section.name)) {
        continue;
      }
      const own = parseSection(section, globals, config, onWarn);
      const options = toRecord([...globals, ...own]);
      firstGlobals ??= globals.map((p) => p.set);
      const engineValue = typeof options["ioengine"] === "string"
        ? options["ioengine"]
        : DEFAULT_IOENGINE;
      if (config.readonly && writesOrTrims(options["rw"])) {
        throw new FioError(
          `fio: job <${section.name}> has write or trim bit set, but fio is in read-only mode`,
          {
            extra: [
              `fio: failed parsing rw=${
                [...globals, ...own].findLast((p) => p.set.name === "rw")?.set.value ?? ""
              }`,
              `fio: job ${section.name} dropped`,
            ],
          },
        );
      }
      const implicitStonewall = isFile && filesSeen > 1 && firstJobOfSource;
      firstJobOfSource = false;
      const stonewall = implicitStonewall || truthy(options["stonewall"]);
      if ((stonewall || truthy(options["new_group"])) && jobsInGroup > 0) {
        groupId++;
        jobsInGroup = 0;
      }
      const clones = numjobsOf(options);
      // fio creates the clones of a section as subjobs 0, n-1, n-2, ..., 1:
      // with numjobs=3 the files of clone 1 belong to job number 3.
      const order = [0, ...Array.from({ length: clones - 1 }, (_, i) => clones - 1 - i)];
      for (const clone of order) {
        jobs.push({
          name: section.name,
          jobNumber: jobs.length + 1,
          clone,
          groupId,
          stonewall: stonewall && clone === 0,
          sourceIndex,
          options,
          jobOptions: own.map((p) => p.set),
          ioengine: resolveEngine(engineValue)?.name ?? engineRequestOf(engineValue).name,
          seed: jobSeed(options),
        });
        jobsInGroup++;
      }
    }
  }
  return { jobs, globalOptions: firstGlobals ?? [], warnings };
}

/**
 * Refuses a plan that uses an engine or option dfio does not implement yet.
 * Called before a real run, never for `--parse-only`.
 */
export function assertRunnable(plan: JobPlan): void {
  for (const job of plan.jobs) {
    const engine = resolveEngine(job.ioengine);
    if (!engine) throw notLoadable(job.ioengine);
    if (!engine.implemented) {
      throw new FioError(`fio: ioengine '${job.ioengine}' is not supported yet`);
    }
    for (const name of Object.keys(job.options)) {
      const def = findOption(name, job.ioengine);
      if (def && !def.implemented) {
        throw new FioError(`fio: option '${name}' is not supported yet`);
      }
    }
  }
}

/**
 * `--showcmd`: each job file as the equivalent command line, exactly as fio
 * 3.33 prints it. fio checks every section while it prints: options come
 * out under their canonical names in the order fio applies them (a few
 * options first, file names last, engine options after the job options),
 * and the first bad section stops the file with fio's messages.
 */
import { FioError } from "../errors.ts";
import type { Section, SectionEntry } from "../jobfile/types.ts";
import type { OptionDef } from "../options/types.ts";
import { DEFAULT_PARSE_CONTEXT } from "../options/types.ts";
import { findOption } from "../options/registry.ts";
import { parseOptionValue } from "../options/parse.ts";
import { suggestOption } from "../options/suggest.ts";
import { ENGINE_CATALOG, findEngine } from "../engines/catalog.ts";
import type { CliSink } from "./args.ts";

/** Options fio applies before all others (its option priority 1). */
const FIRST = new Set(["kb_base", "unit_base", "lockfile", "cpus_allowed_policy"]);
/** Options fio applies after all others (priority -1). */
const LAST = new Set(["filename", "filename_format"]);

function priority(def: OptionDef): number {
  return FIRST.has(def.name) ? 1 : LAST.has(def.name) ? -1 : 0;
}

function lastIoengine(entries: readonly SectionEntry[]): string | undefined {
  let engine: string | undefined;
  for (const e of entries) if (e.key === "ioengine" && e.value !== undefined) engine = e.value;
  return engine;
}

function entryText(e: SectionEntry): string {
  return e.value === undefined ? e.key : `${e.key}=${e.value}`;
}

function optionText(def: OptionDef, value: string | undefined): string {
  if (value === undefined) return `--${def.name} `;
  // fio quotes the description, and only it, whatever it contains.
  const q = def.name === "description" ? '"' : "";
  return `--${def.name}=${q}${value}${q} `;
}

interface Checked {
  readonly errors: string[];
  readonly text: string;
}

/** Checks one section and renders its options (no `--name`). */
function renderSection(section: Section, engine: string): Checked {
  const errors: string[] = [];
  // fio loads the engine only to look up an option it does not know, so an
  // unknown engine is reported (once) only when such an option follows.
  let engineChecked = ENGINE_CATALOG.length === 0 || findEngine(engine) !== undefined;
  const job: { def: OptionDef; value?: string }[] = [];
  const eng: { def: OptionDef; value?: string }[] = [];
  for (const entry of section.entries) {
    const def = findOption(entry.key, engine);
    if (!def) {
      if (!engineChecked) {
        errors.push(`fio: engine ${engine} not loadable`, "fio: failed to load engine");
        engineChecked = true;
      }
      errors.push(`Bad option <${entryText(entry)}>`);
      const hint = suggestOption(entry.key);
      if (hint) errors.push(`Did you mean ${hint}?`);
      continue;
    }
    try {
      parseOptionValue(def, entry.value, DEFAULT_PARSE_CONTEXT);
    } catch (e) {
      if (!(e instanceof FioError)) throw e;
      errors.push(e.message, ...e.extra);
      continue;
    }
    (def.engines ? eng : job).push({ def, value: entry.value });
  }
  const sorted = job.map((o, i) => ({ o, i })).sort((a, b) =>
    priority(b.o.def) - priority(a.o.def) || a.i - b.i
  ).map((x) => x.o);
  const text = [...sorted, ...eng].map((o) => optionText(o.def, o.value)).join("");
  return { errors, text };
}

/**
 * Prints one job file's command line. `only` is the `--section` list.
 * Returns 0, or 1 when a section was dropped (fio stops there).
 */
export function showJobFile(
  sections: readonly Section[],
  only: readonly string[],
  sink: CliSink,
): number {
  sink.out("fio ");
  let globalEngine = "psync";
  for (const section of sections) {
    const isGlobal = section.name === "global";
    if (!isGlobal && only.length > 0 && !only.includes(section.name)) continue;
    if (!isGlobal) sink.out(`--name=${section.name} `);
    const engine = lastIoengine(section.entries) ?? globalEngine;
    if (isGlobal) globalEngine = engine;
    const { errors, text } = renderSection(section, engine);
    if (errors.length > 0) {
      for (const line of errors) sink.err(`${line}\n`);
      sink.err(`fio: job ${section.name} dropped\n`);
      sink.out("\n");
      return 1;
    }
    sink.out(text);
  }
  sink.out("\n");
  return 0;
}

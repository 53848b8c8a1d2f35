/**
 * `--showcmd`: each job file as the equivalent command line, exactly as fio
 * 3.33 prints it. fio checks every section while it prints: options come
 * out under their canonical names in the order fio applies them (a few
 * options first, file names last, engine options after the job options),
 * and the first bad section stops the file with fio's messages.
 */
import { FioError } from "../errors.ts";
import type { Section } from "../jobfile/types.ts";
import type { OptionDef } from "../options/types.ts";
import { type ParsedEntry, parseSection } from "../job/build.ts";
import { defaultRunConfig } from "./config.ts";
import type { CliSink } from "./args.ts";

/** Options fio applies before all others (its option priority 1). */
const FIRST = new Set(["kb_base", "unit_base", "lockfile", "cpus_allowed_policy"]);
/** Options fio applies after all others (priority -1). */
const LAST = new Set(["filename", "filename_format"]);

function priority(def: OptionDef): number {
  return FIRST.has(def.name) ? 1 : LAST.has(def.name) ? -1 : 0;
}

function optionText(def: OptionDef, value: string | undefined): string {
  if (value === undefined) return `--${def.name} `;
  // fio quotes the description, and only it, whatever it contains.
  const q = def.name === "description" ? '"' : "";
  return `--${def.name}=${q}${value}${q} `;
}

/** A checked section's options in the order fio prints them. */
function renderSection(entries: readonly ParsedEntry[]): string {
  const job = entries.filter((p) => !p.def.engines);
  const eng = entries.filter((p) => p.def.engines);
  const sorted = job.map((o, i) => ({ o, i })).sort((a, b) =>
    priority(b.o.def) - priority(a.o.def) || a.i - b.i
  ).map((x) => x.o);
  return [...sorted, ...eng].map((o) => optionText(o.def, o.set.value)).join("");
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
  const config = { ...defaultRunConfig(), parseOnly: true };
  let globals: ParsedEntry[] = [];
  for (const section of sections) {
    const isGlobal = section.name === "global";
    if (!isGlobal && only.length > 0 && !only.includes(section.name)) continue;
    if (!isGlobal) sink.out(`--name=${section.name} `);
    let entries: ParsedEntry[];
    try {
      entries = parseSection(section, globals, config, () => {});
    } catch (e) {
      if (!(e instanceof FioError)) throw e;
      for (const line of [e.message, ...e.extra]) sink.err(`${line}\n`);
      for (const line of e.stdout) sink.out(`${line}\n`);
      sink.out("\n");
      return 1;
    }
    if (isGlobal) globals = [...globals, ...entries];
    sink.out(renderSection(entries));
  }
  sink.out("\n");
  return 0;
}

/**
 * The long option table fio hands getopt: its run options, then every job
 * option name and alias (in fio's order), then the profile options, then
 * the options of the ioengine the current job uses. Also fio's "Did you
 * mean" hint for a rejected command-line word, which searches this table.
 */
import type { OptionDef } from "../options/types.ts";
import { engineOptionsOf, JOB_OPTIONS, PROFILE_OPTIONS } from "../options/registry.ts";
import { ENGINE_CATALOG, findEngine } from "../engines/catalog.ts";
import { closestName } from "../options/suggest.ts";
import type { HasArg, LongOption } from "./getopt.ts";
import { fioOrderOf } from "../options/fio_order.ts";
import { RUN_OPTIONS, type RunOption } from "./run_options.ts";

/** A table entry with what it stands for. */
export type TableEntry =
  & LongOption
  & (
    | { readonly kind: "run"; readonly run: RunOption }
    | { readonly kind: "job" | "profile" | "engine"; readonly def: OptionDef }
  );

export { fioOrderOf };

/** Job options sorted into fio's order (stable for names fio lacks). */
export function jobOptionsInFioOrder(): OptionDef[] {
  return [...JOB_OPTIONS].sort((a, b) => fioOrderOf(a.name) - fioOrderOf(b.name));
}

/** How a job option takes its value on the command line. */
export function jobHasArg(def: OptionDef): HasArg {
  // fio registers only its "empty or boolean" options with an optional value.
  return def.type === "set" ? "optional" : "required";
}

function defEntries(defs: readonly OptionDef[], kind: "job" | "profile" | "engine"): TableEntry[] {
  const out: TableEntry[] = [];
  for (const def of defs) {
    for (const name of [def.name, ...(def.aliases ?? [])]) {
      out.push({ name, hasArg: jobHasArg(def), kind, def });
    }
  }
  return out;
}

/** Where the command line gets its job, profile and engine options. */
export interface OptionCatalog {
  /** Job options valid for every engine. */
  readonly jobOptions: readonly OptionDef[];
  /** Options of the profiles. */
  readonly profileOptions: readonly OptionDef[];
  /** The options one ioengine adds. */
  engineOptions(engine: string): readonly OptionDef[];
  /** Whether an ioengine of this name exists (an unknown one is refused). */
  engineExists(engine: string): boolean;
}

/** dfio's option registry and engine catalog. */
export const REGISTRY_CATALOG: OptionCatalog = {
  jobOptions: JOB_OPTIONS,
  profileOptions: PROFILE_OPTIONS,
  engineOptions: engineOptionsOf,
  // An empty catalog (engines not registered yet) refuses nothing.
  engineExists: (engine) => ENGINE_CATALOG.length === 0 || findEngine(engine) !== undefined,
};

/** Builds, per ioengine, the long option table fio gives getopt. */
export class OptionTable {
  private staticPart?: TableEntry[];
  private readonly perEngine = new Map<string, TableEntry[]>();

  constructor(readonly catalog: OptionCatalog = REGISTRY_CATALOG) {}

  /** The table while the current job uses `engine`. */
  forEngine(engine: string): readonly TableEntry[] {
    if (!this.staticPart) {
      const jobEntries = defEntries(this.catalog.jobOptions, "job").sort((a, b) =>
        fioOrderOf(a.name) - fioOrderOf(b.name)
      );
      this.staticPart = [
        ...RUN_OPTIONS.map((run): TableEntry => ({
          name: run.name,
          hasArg: run.hasArg,
          kind: "run",
          run,
        })),
        ...jobEntries,
        ...defEntries(this.catalog.profileOptions, "profile"),
      ];
    }
    let table = this.perEngine.get(engine);
    if (!table) {
      table = [...this.staticPart, ...defEntries(this.catalog.engineOptions(engine), "engine")];
      this.perEngine.set(engine, table);
    }
    return table;
  }
}

/**
 * fio's hint for a rejected word: the table name closest to it (leading
 * dashes dropped, any `=value` kept), the first of equals winning, offered
 * when the distance is at most half the word's length rounded up.
 */
export function closestTableName(word: string, table: readonly LongOption[]): string | undefined {
  return closestName(word.replace(/^-+/, ""), table.map((o) => o.name));
}

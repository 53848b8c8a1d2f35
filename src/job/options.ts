/**
 * Reading a job's options in the run core: the value the user set, else the
 * option's parsed default. Option names are fio's canonical names.
 */
import { findOption } from "../options/registry.ts";
import { parseDefault } from "../options/parse.ts";
import { DEFAULT_PARSE_CONTEXT, type ParsedValue } from "../options/types.ts";
import type { JobSpec } from "./spec.ts";

const defaults = new Map<string, ParsedValue | undefined>();

/** The parsed value of option `name` for `spec` (undefined: unset, no default). */
export function optionValue(spec: JobSpec, name: string): ParsedValue | undefined {
  if (Object.hasOwn(spec.options, name)) return spec.options[name];
  const key = `${spec.ioengine}\u0000${name}`;
  if (!defaults.has(key)) {
    const def = findOption(name, spec.ioengine);
    if (!def) throw new Error(`internal: no option named '${name}'`);
    defaults.set(key, parseDefault(def, DEFAULT_PARSE_CONTEXT));
  }
  return defaults.get(key);
}

/** Whether the user set option `name` for this job (globals included). */
export function isSet(spec: JobSpec, name: string): boolean {
  return Object.hasOwn(spec.options, name);
}

/** A numeric option (booleans count as 0/1); `fallback` when unset. */
export function numberOption(spec: JobSpec, name: string, fallback = 0): number {
  const v = optionValue(spec, name);
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  return fallback;
}

/** A boolean option; `fallback` when unset. */
export function boolOption(spec: JobSpec, name: string, fallback = false): boolean {
  const v = optionValue(spec, name);
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  return fallback;
}

/** A string option; `fallback` when unset. */
export function stringOption(spec: JobSpec, name: string, fallback = ""): string {
  const v = optionValue(spec, name);
  return typeof v === "string" ? v : fallback;
}

/** A per-direction numeric option as [read, write, trim]. */
export function perDirOption(spec: JobSpec, name: string, fallback = 0): [number, number, number] {
  const v = optionValue(spec, name);
  if (Array.isArray(v)) {
    return [0, 1, 2].map((i) => (typeof v[i] === "number" ? v[i] as number : fallback)) as [
      number,
      number,
      number,
    ];
  }
  if (typeof v === "number") return [v, v, v];
  return [fallback, fallback, fallback];
}

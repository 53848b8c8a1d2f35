/**
 * The single option table: every section file's entries, looked up by name
 * or alias. Job options and engine options live here; nothing else in dfio
 * defines an option.
 */
import type { OptionDef } from "./types.ts";
import { descriptionOptions } from "./table/description.ts";
import { timeOptions } from "./table/time.ts";
import { fileOptions } from "./table/files.ts";
import { ioTypeOptions } from "./table/io_type.ts";
import { blockSizeOptions } from "./table/block_size.ts";
import { bufferOptions } from "./table/buffers.ts";
import { ioSizeOptions } from "./table/io_size.ts";
import { engineOptions } from "./table/engine.ts";
import { depthOptions } from "./table/depth.ts";
import { rateOptions } from "./table/rate.ts";
import { latencyOptions } from "./table/latency.ts";
import { replayOptions } from "./table/replay.ts";
import { processOptions } from "./table/process.ts";
import { verifyOptions } from "./table/verify.ts";
import { steadyStateOptions } from "./table/steadystate.ts";
import { reportingOptions } from "./table/reporting.ts";
import { errorOptions } from "./table/errors.ts";
import { profileOptions } from "./table/profiles.ts";
import { engineSpecificOptions } from "./table/engine_specific.ts";

/** Job options (valid for every engine), in HOWTO order. */
export const JOB_OPTIONS: readonly OptionDef[] = [
  ...descriptionOptions,
  ...timeOptions,
  ...fileOptions,
  ...ioTypeOptions,
  ...blockSizeOptions,
  ...bufferOptions,
  ...ioSizeOptions,
  ...engineOptions,
  ...depthOptions,
  ...rateOptions,
  ...latencyOptions,
  ...replayOptions,
  ...processOptions,
  ...verifyOptions,
  ...steadyStateOptions,
  ...reportingOptions,
  ...errorOptions,
];

/** Options that exist only while a profile (`--profile=`) is loaded. */
export const PROFILE_OPTIONS: readonly OptionDef[] = profileOptions;

/** Options that exist only for particular ioengines (`engines` is set). */
export const ENGINE_OPTIONS: readonly OptionDef[] = engineSpecificOptions;

function indexByName(defs: readonly OptionDef[]): Map<string, OptionDef> {
  const map = new Map<string, OptionDef>();
  for (const def of defs) {
    for (const key of [def.name, ...(def.aliases ?? [])]) {
      if (!map.has(key)) map.set(key, def);
    }
  }
  return map;
}

const jobIndex = indexByName(JOB_OPTIONS);

/** The job option called `name` (or with that alias), if any. */
export function findJobOption(name: string): OptionDef | undefined {
  return jobIndex.get(name);
}

/**
 * The option called `name` as seen by a job using `engine`: a job option,
 * else an option of that engine.
 */
export function findOption(name: string, engine?: string): OptionDef | undefined {
  const job = jobIndex.get(name);
  if (job || engine === undefined) return job;
  return findEngineOption(engine, name);
}

/** The option `name` that `engine` provides, if any. */
export function findEngineOption(engine: string, name: string): OptionDef | undefined {
  return ENGINE_OPTIONS.find((d) =>
    d.engines?.includes(engine) && (d.name === name || (d.aliases?.includes(name) ?? false))
  );
}

/** All options `engine` provides, in table order. */
export function engineOptionsOf(engine: string): OptionDef[] {
  return ENGINE_OPTIONS.filter((d) => d.engines?.includes(engine));
}

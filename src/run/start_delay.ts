/**
 * A job's `startdelay` in microseconds. A range picks one value per job
 * from the job's own start-delay random stream (seed slot 13), the way fio
 * draws it, so the same randseed gives the same delays.
 */
import type { JobSpec } from "../job/spec.ts";
import { optionValue, stringOption } from "../job/options.ts";
import type { ParsedValue } from "../options/types.ts";
import { makeTausworthe } from "../worker/random/generator.ts";
import { jobSeeds, SeedSlot } from "../worker/random/seeds.ts";
import { randBetween } from "../worker/random/unit.ts";

/** The delay before `spec` may start, counted from the start of the run. */
export function startDelayUs(spec: JobSpec): number {
  const v = optionValue(spec, "startdelay");
  if (typeof v === "number") return v;
  if (v === null || typeof v !== "object" || Array.isArray(v)) return 0;
  const r = v as Record<string, ParsedValue>;
  const min = Number(r["min"] ?? 0);
  const max = Number(r["max"] ?? min);
  if (!(max > min)) return min;
  const seeds = jobSeeds(spec.seed, spec.jobNumber);
  const use64 = stringOption(spec, "random_generator") === "tausworthe64";
  return randBetween(makeTausworthe(use64, seeds[SeedSlot.startDelay]), min, max);
}

/**
 * `random_distribution`: where random offsets land, measured on fio 3.33.
 *
 * - zipf, pareto, normal: each file gets its own generator over
 *   `ceil(min(file size, io size) / min(read bs, write bs))` ranges (see
 *   src/worker/random/zipf.ts, pareto.ts, gauss.ts), all seeded with the
 *   low 32 bits of the job's offset seed. No lfsr.
 * - zoned, zoned_abs: a 32-bit draw in 1..100 from the job's zone stream
 *   picks a zone by its access percentage; the block is then a uniform draw
 *   from the offset stream (or the lfsr's next value) inside that zone.
 * fio 3.33 keeps no random map for any of them: blocks repeat and a pass
 * ends on bytes, whatever `norandommap` says.
 */

import type { JobSpec } from "../../job/spec.ts";
import { isSet, optionValue } from "../../job/options.ts";
import { Gauss } from "../random/gauss.ts";
import { Pareto } from "../random/pareto.ts";
import { seedLow32 } from "../random/seeds.ts";
import { type RangeRandom, Zipf } from "../random/zipf.ts";

/** fio's distribution keywords. */
export type DistributionType = "random" | "zipf" | "pareto" | "normal" | "zoned" | "zoned_abs";

/** One zone of a zoned distribution: access percent and size (percent or bytes). */
export interface ZoneSplit {
  /** Share of the I/Os, percent (integer, as fio keeps it). */
  readonly access: number;
  /** Size: percent of the region (zoned) or bytes (zoned_abs). */
  readonly size: number;
}

/** A job's `random_distribution`, defaults applied. */
export interface OffsetDistribution {
  /** The keyword. */
  readonly type: DistributionType;
  /** θ (zipf, default 1.1), h (pareto, default 0.2), σ (normal, default 0). */
  readonly value: number;
  /** Center in [0, 1], or -1 when none was given. */
  readonly center: number;
  /** Zones per direction (read, write, trim); empty lists for non-zoned types. */
  readonly zones: readonly (readonly ZoneSplit[])[];
}

/** The plain uniform distribution. */
export const UNIFORM: OffsetDistribution = {
  type: "random",
  value: 0,
  center: -1,
  zones: [[], [], []],
};

const DEFAULT_VALUE: Record<string, number> = { zipf: 1.1, pareto: 0.2, normal: 0 };

/** Reads `random_distribution` of `spec` (UNIFORM's shape when unset). */
export function readDistribution(spec: JobSpec): OffsetDistribution {
  if (!isSet(spec, "random_distribution")) return UNIFORM;
  const v = optionValue(spec, "random_distribution") as unknown as {
    type: DistributionType;
    value?: number | null;
    center?: number;
    zones?: ZoneSplit[][];
  };
  if (v.type === "zoned" || v.type === "zoned_abs") {
    const zones = (v.zones ?? [[], [], []]).map((d) =>
      d.map((z) => ({ access: Math.trunc(z.access), size: Math.trunc(z.size) }))
    );
    return { type: v.type, value: 0, center: -1, zones };
  }
  if (v.type === "random") return UNIFORM;
  return {
    type: v.type,
    value: typeof v.value === "number" ? v.value : DEFAULT_VALUE[v.type],
    center: v.center ?? -1,
    zones: [[], [], []],
  };
}

/** Whether `d` draws from a per-file skewed generator (zipf, pareto, normal). */
export function isSkewed(d: OffsetDistribution): boolean {
  return d.type === "zipf" || d.type === "pareto" || d.type === "normal";
}

/**
 * The per-file generator of a skewed distribution over `nranges` ranges.
 * `offsetSeed` is the job's offset seed slot value (fio 3.33 seeds it from
 * the offset seed with or without randrepeat).
 */
export function skewedGenerator(
  d: OffsetDistribution,
  nranges: number,
  offsetSeed: bigint,
): RangeRandom {
  const seed = seedLow32(offsetSeed);
  const n = Math.max(1, nranges);
  if (d.type === "zipf") return new Zipf(n, d.value, d.center, seed);
  if (d.type === "pareto") return new Pareto(n, d.value, d.center, seed);
  return new Gauss(n, d.value, d.center, seed);
}

/**
 * The zone lookup of a zoned distribution for one direction: for each draw
 * v in 1..100, the zone's start and end (percent for zoned, bytes for
 * zoned_abs). `count` 0 means the direction has no zones (uniform).
 */
export class ZoneIndex {
  /** Zones given for the direction. */
  readonly count: number;
  /** Start of the zone drawn for v = i + 1. */
  readonly start = new Float64Array(100);
  /** End of the zone drawn for v = i + 1 (-1: no zone covers this draw). */
  readonly end = new Float64Array(100).fill(-1);

  /** Builds the lookup from a direction's zones. */
  constructor(zones: readonly ZoneSplit[]) {
    this.count = zones.length;
    let accessSoFar = 0, sizeSoFar = 0;
    for (const z of zones) {
      for (let j = accessSoFar; j < accessSoFar + z.access && j < 100; j++) {
        this.start[j] = sizeSoFar;
        this.end[j] = sizeSoFar + z.size;
      }
      accessSoFar += z.access;
      sizeSoFar += z.size;
    }
  }
}

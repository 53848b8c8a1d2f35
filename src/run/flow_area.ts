/**
 * The flow area: shared counters of fio's flow control, one block of
 * int32 words per `flow_id` in use, created by the coordinator for the
 * whole run and posted to every job that belongs to a flow.
 *
 * A flow runs with one of two meanings, decided here once for all its
 * jobs: fio's current weights, or the original signed tokens when any of
 * its jobs has a negative `flow` or sets `flow_watermark` (see
 * src/worker/flow.ts).
 */
import { numberOption } from "../job/options.ts";
import type { JobPlan, JobSpec, SetOption } from "../job/spec.ts";

/** int32 words of one flow. */
export const FlowWord = {
  /** Sum of the weights of the flow's jobs still running. */
  TOTAL_WEIGHT: 0,
  /** I/O count of the flow (weights), low and high 32 bits; starts at 1 as in fio. */
  COUNT_LO: 1,
  COUNT_HI: 2,
  /** Signed token counter (token meaning). */
  TOKENS: 3,
  SIZE: 4,
} as const;

/** fio's flow_watermark when a token flow leaves it unset. */
export const DEFAULT_WATERMARK = 1024;

/** What a job needs to join its flow (part of the StartMessage). */
export interface FlowJoin {
  readonly buffer: SharedArrayBuffer;
  /** Index of the job's flow (its words start at index * FlowWord.SIZE). */
  readonly index: number;
  /** The original token meaning rather than weights. */
  readonly tokens: boolean;
  readonly weight: number;
  readonly watermark: number;
  /** flow_sleep in microseconds. */
  readonly sleepUs: number;
}

/**
 * flow_watermark is a deprecated option whose parsed value is dropped, so
 * its number comes from the text as set (the job's section, else [global]).
 */
function watermarkOf(spec: JobSpec, globals: readonly SetOption[]): number | undefined {
  if (!Object.hasOwn(spec.options, "flow_watermark")) return undefined;
  const own = [...spec.jobOptions].reverse().find((o) => o.name === "flow_watermark");
  const g = [...globals].reverse().find((o) => o.name === "flow_watermark");
  const text = own?.value ?? g?.value;
  const n = text === undefined ? NaN : parseInt(text, 10);
  return Number.isFinite(n) ? n : DEFAULT_WATERMARK;
}

/**
 * The flow area of a run and each flow job's part of it, by job index;
 * null when no job uses flow control.
 */
export function planFlows(
  plan: JobPlan,
): { area: SharedArrayBuffer; joins: (FlowJoin | null)[] } | null {
  const ids = new Map<number, number>();
  const tokens: boolean[] = [];
  const members = plan.jobs.map((spec) => {
    const weight = numberOption(spec, "flow");
    if (weight === 0) return null;
    const id = numberOption(spec, "flow_id");
    if (!ids.has(id)) {
      ids.set(id, ids.size);
      tokens.push(false);
    }
    const index = ids.get(id)!;
    const watermark = watermarkOf(spec, plan.globalOptions);
    if (weight < 0 || watermark !== undefined) tokens[index] = true;
    return { index, weight, watermark, sleepUs: numberOption(spec, "flow_sleep") };
  });
  if (ids.size === 0) return null;
  const area = new SharedArrayBuffer(ids.size * FlowWord.SIZE * 4);
  const words = new Int32Array(area);
  for (let i = 0; i < ids.size; i++) words[i * FlowWord.SIZE + FlowWord.COUNT_LO] = 1;
  const joins = members.map((m) =>
    m === null ? null : {
      buffer: area,
      index: m.index,
      tokens: tokens[m.index],
      weight: m.weight,
      watermark: m.watermark ?? DEFAULT_WATERMARK,
      sleepUs: m.sleepUs,
    }
  );
  return { area, joins };
}

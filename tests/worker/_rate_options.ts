import type { RateOptions } from "../../src/worker/rate.ts";

/**
 * Rate options that limit nothing (fio's defaults), for tests to spread and
 * then set only the limit they exercise.
 */
export const NO_RATE: RateOptions = {
  bps: [0, 0, 0],
  iops: [0, 0, 0],
  minBps: [0, 0, 0],
  minIops: [0, 0, 0],
  cycleMs: 1000,
  poisson: false,
  ignoreThinktime: false,
};

/**
 * Checks fio makes while it fixes up each job's options, before it prints
 * anything: option combinations the Workers would otherwise only reject
 * after the job header is out (zones, random_distribution, dedupe, replay).
 */
import { FioError } from "../errors.ts";
import { isSet } from "../job/options.ts";
import type { JobSpec } from "../job/spec.ts";
import { dedupeOptionError, readDedupeChoice } from "../worker/dedupe.ts";
import { checkIologOptions } from "../worker/iolog/options.ts";
import { readDistribution } from "../worker/offsets/distribution.ts";
import { readZones } from "../worker/offsets/zones.ts";
import { readClockSource } from "../worker/job_options.ts";
import { checkOffload } from "../worker/offload.ts";
import { cpuClockMissing } from "../sys/clock.ts";
import { cpuCounterUsable } from "../sys/cpu_clock.ts";

/**
 * Throws fio's error for the first job whose workload shape cannot run.
 * `readonly` (--readonly): fio skips a replayed trace's writes; dfio cannot
 * yet, so it refuses the replay rather than write.
 */
export function checkWorkloadShapes(jobs: readonly JobSpec[], readonly = false): void {
  for (const spec of jobs) {
    if (readonly && isSet(spec, "read_iolog")) {
      throw new FioError("fio: read_iolog under --readonly is not supported yet");
    }
    readZones(spec);
    readDistribution(spec);
    checkIologOptions(spec);
    const err = dedupeOptionError(readDedupeChoice(spec));
    if (err !== null) throw new FioError(err);
    if (readClockSource(spec) === "cpu" && !cpuCounterUsable()) throw cpuClockMissing();
    checkOffload(spec);
  }
}

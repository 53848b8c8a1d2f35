/**
 * fio's `fill_device` (alias fill_fs): a writing job runs until the device
 * or file system is full. ENOSPC (or EDQUOT) on a write ends the job
 * without an error (errors_policy.ts); fio still prints the io_u error line
 * and counts the failed write as issued, and the file is kept at the size
 * written. Without `size=` fio uses "something really large": dfio takes
 * 2^52 bytes, which only a sequential write can use (a random one would
 * need a random map of that size), so dfio refuses the rest for now, as it
 * does read jobs (fio fills the file system first, then reads).
 */

import { FioError } from "../errors.ts";
import { isSet, numberOption, optionValue } from "../job/options.ts";
import type { JobSpec } from "../job/spec.ts";

/** The size dfio gives a fill_device job without `size=`. */
export const FILL_SIZE = 2 ** 52;

/**
 * The `size` a job's files are sized with: the option's value, or
 * {@link FILL_SIZE} for a sequential fill_device write without one. Throws
 * the refusal for fill_device setups dfio does not run yet.
 */
export function fillDeviceSize(spec: JobSpec): unknown {
  const size = optionValue(spec, "size");
  if (numberOption(spec, "fill_device") === 0) return size;
  const rw = optionValue(spec, "rw") as { rw?: string } | undefined;
  const name = rw?.rw ?? "read";
  if (name !== "write") {
    const sized = isSet(spec, "size") && name === "randwrite";
    if (!sized) {
      throw new FioError(`fio: option 'fill_device' is not supported yet with rw=${name}`);
    }
    return size;
  }
  return isSet(spec, "size") ? size : FILL_SIZE;
}

/**
 * Per-job random seeds, derived the way fio does when a seed is fixed
 * (`randseed`, fio 3.35+ always; fio 3.33 with `randrepeat=0` and an explicit
 * `randseed`). BigInt is used here only, once per job, never per number.
 */

/** Multiplier fio applies to walk from one seed slot to the next. */
const GOLDEN = 0x9e370001n;
const U64 = 0xffff_ffff_ffff_ffffn;

/** fio's default `randseed` (0x89). */
export const DEFAULT_RANDSEED = 0x89n;

/** Seed slot of each random stream, by fio's order. */
export const SeedSlot = {
  /** Block size choice for reads (writes +1, trims +2). */
  bs: 0,
  /** Block size choice for writes. */
  bsWrite: 1,
  /** Block size choice for trims. */
  bsTrim: 2,
  /** Verify pattern. */
  verify: 3,
  /** rwmixread/rwmixwrite direction choice. */
  rwmix: 4,
  /** File choice (file_service_type=random). */
  file: 5,
  /** Random offsets (and the lfsr seed). */
  offset: 6,
  /** File size within filesize= ranges. */
  fileSize: 7,
  /** trim_percentage. */
  trim: 8,
  /** Buffer contents. */
  buffer: 9,
  /** percentage_random for reads (writes +1, trims +2). */
  seqRandRead: 10,
  /** percentage_random for writes. */
  seqRandWrite: 11,
  /** percentage_random for trims. */
  seqRandTrim: 12,
  /** startdelay ranges. */
  startDelay: 13,
  /** dedupe_percentage. */
  dedupe: 14,
  /** Poisson rate process. */
  poisson: 15,
  /** Zone choice. */
  zone: 16,
} as const;

/** Number of seed slots computed by {@link jobSeeds}. */
export const SEED_SLOTS = 17;

/**
 * The seeds of one job: `randseed` multiplied by 0x9e370001 four times, then
 * slot i gets `seed * jobNumber + i` before the seed is multiplied again.
 * All arithmetic wraps at 64 bits. `jobNumber` counts from 1 in creation
 * order, numjobs clones included.
 */
export function jobSeeds(
  randseed: bigint | number = DEFAULT_RANDSEED,
  jobNumber: number,
  slots: number = SEED_SLOTS,
): BigUint64Array {
  let seed = BigInt(randseed) & U64;
  for (let i = 0; i < 4; i++) seed = (seed * GOLDEN) & U64;
  const job = BigInt(jobNumber);
  const out = new BigUint64Array(slots);
  for (let i = 0; i < slots; i++) {
    out[i] = (seed * job + BigInt(i)) & U64;
    seed = (seed * GOLDEN) & U64;
  }
  return out;
}

/** The low 32 bits of a seed, which is what a 32-bit generator takes. */
export function seedLow32(seed: bigint): number {
  return Number(seed & 0xffff_ffffn);
}

/** The high 32 bits of a 64-bit seed. */
export function seedHigh32(seed: bigint): number {
  return Number((seed >> 32n) & 0xffff_ffffn);
}

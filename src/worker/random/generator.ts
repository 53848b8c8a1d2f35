/**
 * Choosing and building the random offset generator of a job the way fio
 * does (`random_generator`, with the switch to 64 bits for huge files).
 */

import { seedLow32 } from "./seeds.ts";
import { Taus88 } from "./taus88.ts";
import { Tausworthe64 } from "./tausworthe64.ts";
import type { ScaledRandom } from "./unit.ts";

/** fio's `random_generator` values. */
export type RandomGeneratorKind = "tausworthe" | "tausworthe64" | "lfsr";

/** Largest value of a 32-bit generator; more blocks than this need 64 bits. */
export const RAND32_MAX = 0xffffffff;

/** The generator a file gets, with the lines fio prints about the choice. */
export interface GeneratorChoice {
  /** Generator to use. */
  kind: RandomGeneratorKind;
  /** Lines for stderr (complete, `fio: ...`), possibly none. */
  messages: string[];
}

/**
 * fio's check of the 32-bit generator against the file's block count
 * (file size / smallest block size). With more than 2^32 - 1 blocks and
 * `tausworthe`, fio warns; when the user did not set `random_generator`
 * it switches to tausworthe64 (fio 3.33 prints the switch but keeps drawing
 * 32-bit numbers; dfio really switches, as later fio does).
 */
export function chooseGenerator(
  requested: RandomGeneratorKind,
  explicitlySet: boolean,
  blocks: number,
  fileName: string,
): GeneratorChoice {
  if (blocks <= RAND32_MAX || requested !== "tausworthe") {
    return { kind: requested, messages: [] };
  }
  const first = `fio: file ${fileName} exceeds 32-bit tausworthe random generator.`;
  if (!explicitlySet) {
    return {
      kind: "tausworthe64",
      messages: [
        first,
        "fio: Switching to tausworthe64. Use the random_generator= option to get rid of this warning.",
      ],
    };
  }
  return {
    kind: "tausworthe",
    messages: [first, "fio: Use the random_generator= option to switch to lfsr or tausworthe64."],
  };
}

/**
 * A Tausworthe generator from a 64-bit seed: the 32-bit one takes the
 * seed's low half, the 64-bit one all of it.
 */
export function makeTausworthe(use64: boolean, seed: bigint): ScaledRandom {
  return use64 ? new Tausworthe64(seed) : new Taus88(seedLow32(seed));
}

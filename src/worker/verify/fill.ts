/**
 * The data of a verified write: fio fills the block from the job's verify
 * random stream (seed slot 3; the seed and fill are buffer_rand.ts's, the
 * seed going into the header as rand_seed). With verify_pattern the block
 * is the pattern instead (seed 0), `%o` slots holding the block offset.
 */

/**
 * Fills `buf[0, len)` with `pattern` repeated from the start, each `%o`
 * slot (8 bytes at the positions in `offsets`) holding `blockOffset`.
 */
export function fillPattern(
  buf: Uint8Array,
  len: number,
  pattern: Uint8Array,
  offsets: readonly number[],
  blockOffset: number,
): void {
  const n = Math.min(pattern.length, len);
  buf.set(pattern.subarray(0, n), 0);
  for (const at of offsets) {
    let v = blockOffset;
    for (let b = 0; b < 8 && at + b < n; b++) {
      buf[at + b] = v % 256;
      v = Math.floor(v / 256);
    }
  }
  for (let have = n; have < len; have *= 2) buf.copyWithin(have, 0, Math.min(have, len - have));
}

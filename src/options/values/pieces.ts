/**
 * fio's handling of several values in one option value, measured on fio
 * 3.33 with `--debug=parse`:
 *
 * - Numeric options (int, size, time, bool, set) split the value at the
 *   first ','; when there is none, at the first ':', else the first '-'.
 *   Each piece is parsed on its own, left to right. So `bs=4k,8k`,
 *   `bs=4k:8k` and `bs=4k-8k` all mean read 4k, write 8k. Ranges and float
 *   lists split only at ','.
 * - A ',' that ends the value is dropped but still counts as "more follows",
 *   so one empty piece is parsed last (and fails silently).
 * - Per-direction store rule: piece 0 sets read, piece 1 write, piece 2
 *   trim; the LAST piece also fills every later direction. Hence
 *   `bs=4k,8k` gives trim 8k, `bs=,8k` keeps read and sets write and trim to
 *   8k, `bs=4k,8k,` keeps trim, `bs=,,8k` sets only trim.
 * - The option is accepted when ANY piece parses (a failing piece only
 *   prints its message): `iodepth=-1` is accepted because piece "1" is
 *   fine, after printing the min-value error of piece "-1". This is why
 *   negative numbers "work" in odd ways: `-4k` is pieces "-4k" and "4k".
 */

/** One piece of a value, as fio hands it to the value parser. */
export interface Piece {
  /** The rest of the value from the piece start (parsers cut at ','). */
  readonly text: string;
  /** Whether another piece follows. */
  readonly more: boolean;
}

/** Splits a value into pieces; `colonDash` also splits at ':' and '-'. */
export function splitPieces(raw: string, colonDash: boolean): Piece[] {
  const pieces: Piece[] = [];
  let s = raw;
  let start = 0;
  for (;;) {
    let cur = start <= s.length ? s.slice(start) : "";
    let idx = cur.indexOf(",");
    if (idx >= 0 && idx === cur.length - 1) {
      s = s.slice(0, start + idx);
      cur = cur.slice(0, idx);
    }
    if (idx < 0 && colonDash) {
      idx = cur.indexOf(":");
      if (idx < 0) idx = cur.indexOf("-");
    }
    pieces.push({ text: cur, more: idx >= 0 });
    if (idx < 0) break;
    start += idx + 1;
  }
  return pieces;
}

/** Result of parsing one piece. */
export type PieceResult<T> = { ok: true; value: T } | { ok: false; messages: string[] };

/**
 * Runs `parse` over the pieces and applies fio's store rule. `slots` is the
 * number of directions (3 for per-direction options, 1 otherwise);
 * `initial` gives each slot's value before this option (inherited or
 * default). `lastWins` mimics options whose fio callback sees every piece
 * (size, offset, ...): for one slot the last good piece wins, not the first.
 * Returns undefined values in `ok: false` when no piece parsed.
 */
export function applyPieces<T>(
  pieces: readonly Piece[],
  slots: number,
  initial: readonly (T | undefined)[],
  parse: (text: string) => PieceResult<T>,
  lastWins = false,
): { ok: boolean; values: (T | undefined)[]; messages: string[] } {
  const values = initial.slice(0, slots);
  while (values.length < slots) values.push(undefined);
  const messages: string[] = [];
  let anyOk = false;
  let stored = false;
  pieces.forEach((piece, curr) => {
    const r = parse(piece.text);
    if (!r.ok) {
      messages.push(...r.messages);
      return;
    }
    anyOk = true;
    if (slots === 1) {
      if (lastWins || curr === 0 || !stored) values[0] = r.value;
      stored = true;
      return;
    }
    if (curr < slots) values[curr] = r.value;
    if (!piece.more) { for (let d = curr + 1; d < slots; d++) values[d] = r.value; }
  });
  return { ok: anyOk, values, messages };
}

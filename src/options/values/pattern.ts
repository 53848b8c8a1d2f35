/**
 * `buffer_pattern=` / `verify_pattern=` (and the engines' pattern options):
 * a byte pattern built from tokens written back to back, measured on fio
 * 3.33 by writing files and dumping them:
 * - `0x...` hex bytes in written order; an odd digit count gets a leading
 *   0 (`0xdeadbee` is 0d ea db ee); hex stops before a following "0x", so
 *   `0xab0xcd` is ab cd;
 * - decimal (C strtol: leading blanks, sign): a signed 32-bit value stored
 *   little-endian in as few bytes as hold it (256 is 00 01), negatives take
 *   four bytes (-12 is f4 ff ff ff); out of int32 range fails; it stops
 *   before a following "0x" too (`"abc"-120xdeadface` is abc, -12, de ad fa ce);
 * - `"text"` the bytes of text; `'path'` the contents of a file (read now,
 *   cut to what still fits);
 * - `%o` (verify_pattern only): the block offset, 8 bytes filled per block.
 * At most 512 bytes. Anything else (a trailing blank, `*N` repeat counts,
 * a ',') fails. An empty result (`""`) makes fio 3.33 abort on an assertion
 * (exit 134); we mirror the exit status.
 *
 * Parsed value: `{ bytes: number[], offsets: number[] }`, `offsets` being the
 * byte positions where an 8-byte `%o` slot starts (its bytes are 0 here).
 */
import type { ParsedValue } from "../types.ts";
import { reject, ValueRejected } from "./errors.ts";

/** Largest pattern fio accepts, in bytes. */
export const MAX_PATTERN = 512;

function isHex(c: string | undefined): boolean {
  return c !== undefined && /[0-9a-fA-F]/.test(c);
}

/** Parses a pattern; `formats` allows `%o` (verify_pattern). */
export function parsePattern(text: string, formats: boolean): ParsedValue {
  if (text === "") reject();
  const bytes: number[] = [];
  const offsets: number[] = [];
  const push = (bs: ArrayLike<number>) => {
    if (bytes.length + bs.length > MAX_PATTERN) reject();
    for (let k = 0; k < bs.length; k++) bytes.push(bs[k]);
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) reject();
      const inner = text.slice(i + 1, close);
      if (c === '"') {
        push(new TextEncoder().encode(inner));
      } else {
        let data: Uint8Array;
        try {
          data = Deno.readFileSync(inner);
        } catch {
          reject();
        }
        push(data.subarray(0, MAX_PATTERN - bytes.length));
      }
      i = close + 1;
    } else if (c === "0" && (text[i + 1] === "x" || text[i + 1] === "X")) {
      let j = i + 2;
      let digits = "";
      while (isHex(text[j]) && !(text[j] === "0" && (text[j + 1] === "x" || text[j + 1] === "X"))) {
        digits += text[j];
        j++;
      }
      if (digits === "") reject();
      if (digits.length % 2) digits = "0" + digits;
      const out: number[] = [];
      for (let k = 0; k < digits.length; k += 2) out.push(parseInt(digits.slice(k, k + 2), 16));
      push(out);
      i = j;
    } else if (c === "%") {
      if (!formats || text[i + 1] !== "o") reject();
      offsets.push(bytes.length);
      push(new Array(8).fill(0));
      i += 2;
    } else {
      // Like hex, a number stops before a following "0x" (`-120xab` is -12, 0xab).
      const m = /^[ \t\n\v\f\r]*[+-]?(?:(?!0[xX])\d)+/.exec(text.slice(i));
      if (!m) reject();
      const v = BigInt(m[0].trim());
      if (v > 2147483647n || v < -2147483648n) reject();
      let u = Number(BigInt.asUintN(32, v));
      const out: number[] = [];
      do {
        out.push(u & 0xff);
        u = Math.floor(u / 256);
      } while (u > 0);
      push(out);
      i += m[0].length;
    }
  }
  if (bytes.length === 0) {
    throw new ValueRejected(
      ["fio: lib/pattern.c:360: parse_and_fill_pattern: Assertion `filled' failed."],
      [],
      134,
    );
  }
  return { bytes, offsets };
}

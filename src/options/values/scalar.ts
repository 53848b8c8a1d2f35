/**
 * The generic numeric option types (int, size, time, bool, set, range,
 * float_list) with fio 3.33's checks and messages:
 * - min/max: "NAME: min value out of range: V (MIN min)" and
 *   "NAME: max value out of range: V (MAX max)"; booleans say
 *   "max value out of range: V (1 max)" without the name. A min or max of
 *   0 is not checked (fio treats 0 as "no limit"), so `rwmixread=-5` passes.
 * - a value ending in 'z' (zones) on a non-zone option:
 *   "NAME: 'z' suffix isn't applicable".
 * - no leading number: fails with no message of its own.
 * Booleans and `set` read a plain integer (no unit: `direct=1k` is 1).
 * Multi-piece values follow ./pieces.ts.
 */
import type { OptionDef, ParseContext, ParsedValue } from "../types.ts";
import { reject } from "./errors.ts";
import { parsePlainInt, parseSize, percentMarker, toNumber } from "./number.ts";
import { parseTime } from "./time.ts";
import { parseFloatList } from "./float_list.ts";
import { applyPieces, type PieceResult, splitPieces } from "./pieces.ts";

/** Text of a piece up to its first ',' (what fio's number readers see). */
export function cutComma(text: string): string {
  const i = text.indexOf(",");
  return i >= 0 ? text.slice(0, i) : text;
}

/** Whether a piece asks for zones (ends with 'z'). */
export function endsWithZone(text: string): boolean {
  const cut = cutComma(text);
  return cut.length > 0 && cut[cut.length - 1] === "z";
}

function limitMessages(def: OptionDef, v: bigint, unsigned: boolean): string[] {
  const signed = BigInt.asIntN(64, v);
  const cmp = unsigned ? BigInt.asUintN(64, v) : signed;
  if (def.max && cmp > BigInt(def.max)) {
    return [`${def.name}: max value out of range: ${BigInt.asUintN(64, v)} (${def.max} max)`];
  }
  if (def.min && cmp < BigInt(def.min)) {
    return [`${def.name}: min value out of range: ${signed} (${def.min} min)`];
  }
  return [];
}

/**
 * Parses one piece of an int/size/time option to fio's unsigned 64-bit
 * value, with the zone and min/max checks.
 */
export function numberPiece(
  def: OptionDef,
  text: string,
  ctx: ParseContext,
): PieceResult<bigint> {
  if (endsWithZone(text)) {
    return { ok: false, messages: [`${def.name}: 'z' suffix isn't applicable`] };
  }
  let v: bigint | undefined;
  if (def.type === "time") {
    v = parseTime(text, def.timeUnit ?? "s");
  } else {
    const s = parseSize(cutComma(text), ctx.kbBase);
    v = s && (s.percent ? percentMarker(s.value) : s.value);
  }
  if (v === undefined) return { ok: false, messages: [] };
  const messages = limitMessages(def, v, def.type !== "int");
  return messages.length ? { ok: false, messages } : { ok: true, value: v };
}

function boolPiece(def: OptionDef, text: string): PieceResult<bigint> {
  const v = parsePlainInt(cutComma(text));
  if (v === undefined) return { ok: false, messages: [] };
  if (def.type === "bool" && BigInt.asIntN(64, v) > 1n) {
    return { ok: false, messages: [`max value out of range: ${BigInt.asIntN(64, v)} (1 max)`] };
  }
  return { ok: true, value: v };
}

function rangePiece(text: string, ctx: ParseContext): PieceResult<ParsedValue> {
  const cut = cutComma(text);
  let sep = cut.indexOf("-");
  if (sep < 0) sep = cut.indexOf(":");
  if (sep < 0) return { ok: false, messages: [] };
  const lo = parseSize(cut.slice(0, sep), ctx.kbBase);
  const hi = parseSize(cut.slice(sep + 1), ctx.kbBase);
  if (!lo || !hi) return { ok: false, messages: [] };
  let a = toNumber(lo.percent ? percentMarker(lo.value) : lo.value);
  let b = toNumber(hi.percent ? percentMarker(hi.value) : hi.value);
  if (a > b) [a, b] = [b, a];
  return { ok: true, value: { min: a, max: b } };
}

/** The value of each direction before this assignment. */
export function initialSlots(
  slots: number,
  previous: ParsedValue | undefined,
  parseDefault: () => ParsedValue | undefined,
): (ParsedValue | undefined)[] {
  const base = previous === undefined ? parseDefault() : previous;
  if (slots === 1) return [base ?? undefined];
  if (Array.isArray(base)) return base.slice(0, slots) as ParsedValue[];
  return new Array(slots).fill(base ?? undefined);
}

/** Runs pieces through `parse` and shapes the result; throws on failure. */
export function runPieces(
  raw: string,
  colonDash: boolean,
  initial: (ParsedValue | undefined)[],
  parse: (text: string) => PieceResult<ParsedValue>,
  warn: (line: string) => void,
  lastWins = false,
): ParsedValue {
  const slots = initial.length;
  const r = applyPieces(splitPieces(raw, colonDash), slots, initial, parse, lastWins);
  if (!r.ok) reject(...r.messages);
  for (const m of r.messages) warn(m);
  const values = r.values.map((v) => v === undefined ? null : v);
  return slots === 1 ? values[0] : values;
}

/** Parses a value of a generic (non-special, non-string) option type. */
export function parseScalarOption(
  def: OptionDef,
  raw: string,
  ctx: ParseContext,
  warn: (line: string) => void,
  previous: ParsedValue | undefined,
): ParsedValue {
  const slots = def.perDirection ? 3 : 1;
  const dflt = () => {
    if (def.default === undefined) return undefined;
    try {
      return parseScalarOption(def, def.default, ctx, () => {}, null);
    } catch {
      return undefined;
    }
  };
  const initial = initialSlots(slots, previous, dflt);
  switch (def.type) {
    case "int":
    case "size":
    case "time":
      return runPieces(raw, true, initial, (t) => {
        const r = numberPiece(def, t, ctx);
        return r.ok ? { ok: true, value: toNumber(r.value) } : r;
      }, warn);
    case "bool":
    case "set":
      return runPieces(raw, true, initial, (t) => {
        const r = boolPiece(def, t);
        return r.ok ? { ok: true, value: r.value !== 0n } : r;
      }, warn);
    case "range":
      return runPieces(raw, false, initial, (t) => rangePiece(t, ctx), warn);
    case "float_list":
      return parseFloatList(raw, def.min, def.max, warn);
  }
  throw new Error(`parseScalarOption: unexpected type ${def.type}`);
}

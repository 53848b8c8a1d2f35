/**
 * Dispatch for `type: "special"` options: one branch per member of the
 * `SpecialParser` union. Value shapes are documented in each module.
 */
import type { OptionDef, ParseContext, ParsedValue, SpecialParser } from "../types.ts";
import { reject } from "./errors.ts";
import { parseRw, RW_NAMES } from "./rw.ts";
import { parseBssplit } from "./bssplit.ts";
import { splitColonList } from "./filename.ts";
import { cpusOfMask, parseCpuList } from "./cpus.ts";
import { parseIgnoreError } from "./ignore_error.ts";
import {
  FILE_SERVICE_TYPES,
  parseFileServiceType,
  parseRandomDistribution,
  RANDOM_DISTRIBUTIONS,
} from "./distribution.ts";
import { parsePattern } from "./pattern.ts";
import { parseSteadystate, STEADYSTATE_CRITERIA } from "./steadystate.ts";
import { cutComma, initialSlots, numberPiece, runPieces } from "./scalar.ts";
import { parseSize, percentMarker, toNumber } from "./number.ts";
import type { PieceResult } from "./pieces.ts";
import { MEM_TYPES, parseMem, parseSyncFileRange } from "./mem.ts";
import { parseIoengine } from "./ioengine.ts";

const U64 = (1n << 64n) - 1n;

/** Keywords a special parser matches before its own syntax, if any. */
export function specialKeywords(parser: SpecialParser): string[] | undefined {
  switch (parser) {
    case "rw":
      return [...RW_NAMES];
    case "random_distribution":
      return RANDOM_DISTRIBUTIONS;
    case "file_service_type":
      return FILE_SERVICE_TYPES;
    case "steadystate":
      return STEADYSTATE_CRITERIA;
    case "thinktime_blocks_type":
      return ["complete", "issue"];
    case "mem":
      return [...MEM_TYPES];
    default:
      return undefined;
  }
}

/**
 * A size that may be a percentage (u64 values within 100 of the top are
 * fio's percent markers: `50%` and also `-1`, which fio reads as 0%).
 */
function sizeOrPercent(v: bigint): ParsedValue {
  if (v >= U64 - 100n) return { percent: Number(U64 - v) };
  return toNumber(v);
}

/**
 * One piece of size/offset/io_size-like options. 'z' means zones: the text
 * must be digits then 'z' ("NAME: unexpected zone value 'TEXT'").
 */
function zonedPiece(def: OptionDef, text: string, ctx: ParseContext): PieceResult<ParsedValue> {
  const cut = cutComma(text);
  if (cut.endsWith("z")) {
    const m = /^\d+z/.exec(cut);
    if (!m) return { ok: false, messages: [`${def.name}: unexpected zone value '${cut}'`] };
    return { ok: true, value: { zones: parseInt(m[0], 10) } };
  }
  const s = parseSize(cut, ctx.kbBase);
  if (!s) return { ok: false, messages: [] };
  return { ok: true, value: sizeOrPercent(s.percent ? percentMarker(s.value) : s.value) };
}

/** Parses a special option; `keyword` is the matched keyword, if any. */
export function parseSpecial(
  def: OptionDef,
  raw: string | undefined,
  keyword: string | undefined,
  ctx: ParseContext,
  parseOnly: boolean,
  warn: (line: string) => void,
  previous: ParsedValue | undefined,
): ParsedValue {
  const parser = def.parser;
  // Options whose fio handler accepts a bare key (it gets no value at all).
  if (raw === undefined) {
    switch (parser) {
      case "cpulist":
        return [];
      case "pattern":
        return null;
      case "ignore_error":
        return [[], [], []];
    }
    if (keyword === undefined) reject(`Option ${def.name} requires an argument`);
  }
  const text = raw ?? "";
  const noDefault = () => undefined;
  switch (parser) {
    case "rw":
      return parseRw(keyword!, text, ctx.kbBase, parseOnly);
    case "bssplit":
      return parseBssplit(text, ctx.kbBase, false) as unknown as ParsedValue;
    case "cmdprio_bssplit":
      return parseBssplit(text, ctx.kbBase, true) as unknown as ParsedValue;
    case "filename":
    case "directory":
      return splitColonList(text);
    case "size_or_percent": {
      const initial = initialSlots(1, previous, noDefault);
      return runPieces(text, true, initial, (t) => zonedPiece(def, t, ctx), warn, true);
    }
    case "zone_size": {
      const initial = initialSlots(1, previous, noDefault);
      return runPieces(
        text,
        true,
        initial,
        (t) => {
          const r = numberPiece({ ...def, type: "size" }, t, ctx);
          return r.ok ? { ok: true, value: sizeOrPercent(r.value) } : r;
        },
        warn,
        true,
      );
    }
    case "cpumask": {
      const initial = initialSlots(1, previous, noDefault);
      return runPieces(text, true, initial, (t) => {
        const r = numberPiece({ ...def, type: "int" }, t, ctx);
        return r.ok ? { ok: true, value: cpusOfMask(r.value) } : r;
      }, warn);
    }
    case "cpulist":
      return parseCpuList(text, parseOnly);
    case "ignore_error":
      return parseIgnoreError(text, parseOnly);
    case "random_distribution":
      return parseRandomDistribution(keyword!, text, ctx.kbBase);
    case "file_service_type":
      return parseFileServiceType(keyword!, text);
    case "pattern":
      return parsePattern(text, def.name.includes("verify"));
    case "steadystate":
      return parseSteadystate(keyword!, text, ctx.kbBase);
    case "thinktime_blocks_type":
      return keyword!;
    case "size_range":
    case "time_range": {
      const type = parser === "size_range" ? "size" : "time";
      const typed: OptionDef = { ...def, type, perDirection: false };
      const pair = runPieces(text, true, [undefined, undefined], (t) => {
        const r = numberPiece(typed, t, ctx);
        return r.ok ? { ok: true, value: toNumber(r.value) } : r;
      }, warn) as ParsedValue[];
      return { min: pair[0], max: pair[1] };
    }
    case "mem":
      return parseMem(keyword!, text);
    case "sync_file_range":
      return parseSyncFileRange(def, text);
    case "ioengine":
      return parseIoengine(text);
    case "deprecated_fatal":
      return reject(`Option ${def.name} is deprecated`);
    case "percentage_list": {
      const limited: OptionDef = { ...def, type: "int", min: def.min ?? 0, max: def.max ?? 100 };
      const initial = initialSlots(3, previous, noDefault);
      return runPieces(text, true, initial, (t) => {
        const r = numberPiece(limited, t, ctx);
        return r.ok ? { ok: true, value: toNumber(r.value) } : r;
      }, warn);
    }
  }
  // A parser added to the union but not handled yet: keep the text.
  return text;
}

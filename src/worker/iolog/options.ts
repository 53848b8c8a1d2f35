/**
 * The I/O replay options of a job (write_iolog, read_iolog and the replay_*
 * knobs), read once from its JobSpec into plain fields.
 */

import { FioError } from "../../errors.ts";
import { numberOption, stringOption } from "../../job/options.ts";
import type { JobSpec } from "../../job/spec.ts";

/** What a job does with iologs. */
export interface IologOptions {
  /** write_iolog path ("" when unset, or when read_iolog overrides it). */
  readonly write: string;
  /** read_iolog path picked for this job (clones take the list in turn); "" when unset. */
  readonly read: string;
  /** read_iolog_chunked. */
  readonly chunked: boolean;
  /** replay_no_stall: ignore the trace's timing. */
  readonly noStall: boolean;
  /** replay_redirect: every replayed file is this one ("" when unset). */
  readonly redirect: string;
  /** replay_scale: offsets are divided by this (0 or 1: unchanged). */
  readonly scale: number;
  /** replay_align: offsets are rounded down to this power of two (0: unchanged). */
  readonly align: number;
  /** replay_time_scale in percent (100: the trace's own pace). */
  readonly timeScale: number;
}

/** The kinds replay_skip accepts (fio 3.33 only checks them for iologs). */
const SKIP_KINDS = new Set(["read", "write", "trim", "sync"]);

/**
 * Splits a `:`-separated list where `\:` stands for a colon inside a name
 * (the escape fio uses for file name lists).
 */
export function splitNameList(v: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < v.length; i++) {
    const ch = v[i];
    if (ch === "\\" && v[i + 1] === ":") {
      cur += ":";
      i++;
    } else if (ch === ":") {
      out.push(cur);
      cur = "";
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out.filter((s) => s !== "");
}

/**
 * Checks the values fio rejects while parsing (replay_align must be a power
 * of two, replay_skip takes known kinds). Throws FioError with fio's text.
 */
export function checkIologOptions(spec: JobSpec): void {
  const align = numberOption(spec, "replay_align", 0);
  if (align !== 0 && (align & (align - 1)) !== 0) {
    throw new FioError(
      `replay_align: must be a power-of-2\nfio: failed parsing replay_align=${align}`,
    );
  }
  const skip = stringOption(spec, "replay_skip", "");
  for (const k of skip.split(",")) {
    if (k !== "" && !SKIP_KINDS.has(k)) {
      throw new FioError(`Unknown skip type: ${k}\nfio: failed parsing replay_skip=${skip}`);
    }
  }
}

/** Reads the iolog options of `spec` (`spec.clone` picks its read_iolog). */
export function readIologOptions(spec: JobSpec): IologOptions {
  const reads = splitNameList(stringOption(spec, "read_iolog", ""));
  const read = reads.length === 0 ? "" : reads[(spec.clone ?? 0) % reads.length];
  return {
    write: read === "" ? stringOption(spec, "write_iolog", "") : "",
    read,
    chunked: numberOption(spec, "read_iolog_chunked", 0) !== 0,
    noStall: numberOption(spec, "replay_no_stall", 0) !== 0,
    redirect: stringOption(spec, "replay_redirect", ""),
    scale: numberOption(spec, "replay_scale", 1),
    align: numberOption(spec, "replay_align", 0),
    timeScale: Math.max(1, numberOption(spec, "replay_time_scale", 100)),
  };
}

/** Whether the job sets both logs (fio then only replays, and says so). */
export function readOverridesWrite(spec: JobSpec): boolean {
  return stringOption(spec, "read_iolog", "") !== "" &&
    stringOption(spec, "write_iolog", "") !== "";
}

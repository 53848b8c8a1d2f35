/**
 * The text of fio's ETA line, from numbers the ETA computation (eta.ts)
 * already worked out: one character per job state, runs of equal
 * characters condensed to `R(3)`, the time left as `01h:02m:03s`, and the
 * whole `Jobs: ...` line. Pure functions, so tests can feed them values
 * and compare with lines captured from fio 3.33.
 */
import { fixedW, N2S, num2str } from "../output/format.ts";
import { RunState } from "./thread_area.ts";

/** What a job does, as far as its state character is concerned. */
export interface JobKind {
  readonly read: boolean;
  readonly write: boolean;
  readonly trim: boolean;
  /** Random offsets (randread, randrw, ...). */
  readonly random: boolean;
  /** Percent of reads in a mixed job. */
  readonly rwmixRead: number;
}

/**
 * The character fio shows for a job in `state`. A running job shows its
 * kind: R/W (sequential read/write), r/w (random), M/m (mixed), D/d
 * (trim); a mixed job with rwmixread=100 (or 0) counts as a read (write)
 * job. `failed`: the job ended with an error (X instead of _).
 */
export function stateChar(kind: JobKind, state: number, failed: boolean): string {
  switch (state) {
    case RunState.NOT_CREATED:
      return "P";
    case RunState.CREATED:
      return "C";
    case RunState.INITIALIZED:
    case RunState.SETTING_UP:
      return "I";
    case RunState.RAMP:
      return "/";
    case RunState.RUNNING:
      return runningChar(kind);
    case RunState.PRE_READING:
      return "p";
    case RunState.VERIFYING:
      return "V";
    case RunState.FSYNCING:
      return "F";
    case RunState.FINISHING:
      return "f";
    case RunState.EXITED:
      return "E";
    case RunState.REAPED:
      return failed ? "X" : "_";
  }
  return "?";
}

function runningChar(k: JobKind): string {
  if (k.read && k.write) {
    const c = k.rwmixRead >= 100 ? "R" : k.rwmixRead <= 0 ? "W" : "M";
    return k.random ? c.toLowerCase() : c;
  }
  const c = k.read ? "R" : k.write ? "W" : "D";
  return k.random ? c.toLowerCase() : c;
}

/** Runs of equal characters as fio prints them: `RRW_` -> `R(2),W(1),_(1)`. */
export function condenseStates(chars: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < chars.length;) {
    let j = i + 1;
    while (j < chars.length && chars[j] === chars[i]) j++;
    out.push(`${chars[i]}(${j - i})`);
    i = j;
  }
  return out.join(",");
}

const two = (n: number) => String(n).padStart(2, "0");

/** Seconds as fio's ETA shows them: `05m:03s`, `01h:00m:00s`, `01d:00h:59m:57s`. */
export function etaToStr(sec: number): string {
  if (sec < 0) return "--";
  let left = Math.floor(sec);
  const s = left % 60;
  left = Math.floor(left / 60);
  const m = left % 60;
  left = Math.floor(left / 60);
  const h = left % 24;
  const d = Math.floor(left / 24);
  let out = "";
  if (d > 0) out += `${two(d)}d:`;
  if (h > 0 || d > 0) out += `${two(h)}h:`;
  return `${out}${two(m)}m:${two(s)}s`;
}

/** Everything one ETA line shows. */
export interface EtaLine {
  /** Jobs running (ramp included) and the files they have open. */
  readonly running: number;
  readonly filesOpen: number;
  /** Sums of rate_min/rate (bytes/s) and rate_iops_min/rate_iops of the running jobs. */
  readonly rateMin: number;
  readonly rateMax: number;
  readonly iopsMin: number;
  readonly iopsMax: number;
  /**
   * The detail part (`[states][percent][rates][eta]`) is shown only when
   * this is set: jobs run and the time left is known.
   */
  readonly detail: EtaDetail | null;
  /** kb_base is a power of two (KiB, MiB) and the unit (B/s or bit/s); num2str digits. */
  readonly pow2: boolean;
  readonly bits: boolean;
  readonly sigFigs: number;
}

/** The bracketed part of an ETA line. */
export interface EtaDetail {
  /** Condensed job states. */
  readonly states: string;
  /** Percent done, or null for fio's `-.-%`. */
  readonly percent: number | null;
  /** Current bandwidth per direction in KiB/s and IOPS (read, write, trim). */
  readonly rateKib: readonly number[];
  readonly iops: readonly number[];
  /** Seconds left. */
  readonly etaSec: number;
}

const DIR_LABEL = ["r", "w", "t"];

/** The ETA line's text, without the carriage return or padding. */
export function formatEtaLine(l: EtaLine): string {
  let out = `Jobs: ${l.running} (f=${l.filesOpen})`;
  if (l.rateMin > 0 || l.rateMax > 0) {
    const n = (v: number) => num2str(v, l.sigFigs, 1, l.pow2, N2S.BYTEPERSEC);
    out += `, ${n(l.rateMin)}-${n(l.rateMax)}`;
  } else if (l.iopsMin > 0 || l.iopsMax > 0) {
    out += `, ${l.iopsMin}-${l.iopsMax} IOPS`;
  }
  const d = l.detail;
  if (d === null) return out;
  const perc = d.percent === null ? "-.-%" : `${fixedW(d.percent, 3, 1)}%`;
  out += `: [${d.states}][${perc}]`;
  const unit = l.bits ? N2S.BITPERSEC : N2S.BYTEPERSEC;
  const bw: string[] = [];
  const io: string[] = [];
  for (let i = 0; i < 3; i++) {
    if (!(d.rateKib[i] > 0 || d.iops[i] > 0)) continue;
    bw.push(`${DIR_LABEL[i]}=${num2str(d.rateKib[i], l.sigFigs, 1024, l.pow2, unit)}`);
    io.push(`${DIR_LABEL[i]}=${num2str(d.iops[i], l.sigFigs, 1, false, N2S.NONE)}`);
  }
  if (bw.length > 0) out += `[${bw.join(",")}][${io.join(",")} IOPS]`;
  return `${out}[eta ${etaToStr(d.etaSec)}]`;
}

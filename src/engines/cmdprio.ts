/**
 * fio's per-I/O priorities for io_uring and libaio (`cmdprio_percentage`,
 * `cmdprio_class`, `cmdprio`, `cmdprio_bssplit`): which reads and writes
 * carry a priority, and which one. Measured on fio 3.33:
 * - one random draw per read/write that has something to choose from:
 *   r = floor(100 * x / 2^32) for the next taus88 output x of the job's
 *   seed slot 19 (fio's FIO_RAND_PRIO_CMDS); the I/O is prioritized when
 *   r < percentage. With cmdprio_bssplit only entries of the I/O's exact
 *   block size count: their percentages add up in written order (r < p1
 *   takes the first, r < p1 + p2 the second, ...); an I/O whose size has
 *   no entry draws nothing.
 * - cmdprio_bssplit entries without a percentage (or with 0) are dropped;
 *   `bs/perc/class/level` sets the priority per entry (class 0 means best
 *   effort, a class above 3 or a level above 7 is clamped, a negative one
 *   wraps like C's %u and is clamped too); `bs/perc/x` is an error; the
 *   percentages of one block size may not add up to more than 100.
 * - an I/O without a priority runs at the job's own (prio/prioclass).
 * - the stats keep, per direction with cmdprio, the job's priority at
 *   index 0 and then each distinct cmdprio value in order of appearance.
 */

import { parseSize, percentMarker, toNumber } from "../options/values/number.ts";
import type { JobSpec } from "../job/spec.ts";
import { isSet, numberOption, optionValue, stringOption } from "../job/options.ts";
import { jobSeeds, seedLow32 } from "../worker/random/seeds.ts";
import { Taus88 } from "../worker/random/taus88.ts";
import type { EngineSetupFailure, IoUnit } from "./types.ts";

/** Bit position of the class in an ioprio value. */
export const IOPRIO_CLASS_SHIFT = 13;
/** ioprio classes (linux/ioprio.h). */
export const IOPRIO_CLASS = { NONE: 0, RT: 1, BE: 2, IDLE: 3 } as const;
/** fio's seed slot of the cmdprio random stream (FIO_RAND_PRIO_CMDS). */
export const PRIO_SEED_SLOT = 19;

/** The kernel's ioprio value of a class and a level; class 0 means best effort (as fio). */
export function ioprioValue(cls: number, level: number): number {
  const c = cls === IOPRIO_CLASS.NONE ? IOPRIO_CLASS.BE : cls;
  return (c << IOPRIO_CLASS_SHIFT) | level;
}

/** The class of an ioprio value. */
export function ioprioClass(ioprio: number): number {
  return ioprio >>> IOPRIO_CLASS_SHIFT;
}

/** The level of an ioprio value (fio prints the low three bits). */
export function ioprioLevel(ioprio: number): number {
  return ioprio & 7;
}

/**
 * A job's own ioprio (fio's td->ioprio): 0 unless prio or prioclass is
 * set; prio alone means best effort.
 */
export function jobIoprio(spec: JobSpec): number {
  if (!isSet(spec, "prio") && !isSet(spec, "prioclass")) return 0;
  return ioprioValue(numberOption(spec, "prioclass", 0), numberOption(spec, "prio", 0));
}

/** One `cmdprio_bssplit` entry that takes part (percentage above 0). */
export interface BsPrioEntry {
  /** Block size the entry applies to, bytes. */
  readonly bs: number;
  /** Percentage of those I/Os. */
  readonly perc: number;
  /** The ioprio they get. */
  readonly ioprio: number;
}

/** cmdprio settings of a job, per direction (read, write). */
export interface CmdprioOptions {
  /** Percentage mode: share per direction (0: none). */
  readonly percentage: readonly [number, number];
  /** Percentage mode: the ioprio per direction. */
  readonly ioprio: readonly [number, number];
  /** bssplit mode: entries per direction; null in percentage mode. */
  readonly bssplit: readonly [readonly BsPrioEntry[], readonly BsPrioEntry[]] | null;
}

/** A cmdprio setting fio refuses at engine init: its stderr lines. */
export class CmdprioError extends Error {
  /** Lines printed before "fio: io engine X init failed.". */
  readonly lines: readonly string[];

  constructor(lines: readonly string[]) {
    super(lines.join("\n"));
    this.name = "CmdprioError";
    this.lines = lines;
  }
}

// C's "%u": blanks, optional sign, digits; a negative value wraps to uint32.
function scanUnsigned(text: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(text);
  if (!m) return undefined;
  let v = BigInt(m[2]);
  if (m[1] === "-") v = -v;
  return Number(BigInt.asUintN(32, v));
}

function atoiPerc(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  return m ? Number(BigInt.asIntN(32, BigInt(m[1]))) : 0;
}

function parseDirection(
  text: string,
  kbBase: 1024 | 1000,
  dfltIoprio: number,
): BsPrioEntry[] {
  const out: BsPrioEntry[] = [];
  for (const item of text.split(":")) {
    if (item === "") continue;
    const fields = item.split("/");
    const size = parseSize(fields[0], kbBase);
    if (size === undefined) {
      throw new CmdprioError([
        "fio: split conversion failed",
        "fio: failed to parse cmdprio_bssplit entry",
      ]);
    }
    const bs = toNumber(size.percent ? percentMarker(size.value) : size.value);
    const perc = fields[1] === undefined ? 0 : atoiPerc(fields[1]);
    let ioprio = dfltIoprio;
    if (fields.length > 2) {
      const cls = scanUnsigned(fields[2]);
      const level = fields[3] === undefined ? undefined : scanUnsigned(fields[3]);
      if (cls === undefined || level === undefined) {
        throw new CmdprioError([
          "fio: invalid cmdprio_bssplit format",
          "fio: failed to parse cmdprio_bssplit entry",
        ]);
      }
      ioprio = ioprioValue(Math.min(cls, IOPRIO_CLASS.IDLE), Math.min(level, 7));
    }
    // Entries without a share never draw (measured: no random number used).
    if (perc > 0) out.push({ bs, perc, ioprio });
  }
  return out;
}

/**
 * Parses a `cmdprio_bssplit` value: up to three ','-separated lists (fewer
 * repeat the last; trim's is ignored). `dflt` is the ioprio per direction
 * for entries without class/level. Throws CmdprioError as fio fails.
 */
export function parseCmdprioBssplit(
  text: string,
  kbBase: 1024 | 1000,
  dflt: readonly [number, number],
): [BsPrioEntry[], BsPrioEntry[]] {
  const parts = text.split(",");
  const read = parseDirection(parts[0], kbBase, dflt[0]);
  const write = parseDirection(parts.length > 1 ? parts[1] : parts[0], kbBase, dflt[1]);
  for (const list of [read, write]) {
    const total = new Map<number, number>();
    for (const e of list) {
      const t = (total.get(e.bs) ?? 0) + e.perc;
      total.set(e.bs, t);
      if (t > 100) {
        throw new CmdprioError([
          `fio: cmdprio_bssplit total percentage for bs: ${e.bs} exceeds 100`,
        ]);
      }
    }
  }
  return [read, write];
}

function pair(spec: JobSpec, name: string, fallback: number): [number, number] {
  const v = optionValue(spec, name);
  if (Array.isArray(v)) {
    const r = typeof v[0] === "number" ? v[0] as number : fallback;
    const w = typeof v[1] === "number" ? v[1] as number : r;
    return [r, w];
  }
  if (typeof v === "number") return [v, v];
  return [fallback, fallback];
}

/**
 * A job's cmdprio options, or null when it uses none. Throws CmdprioError
 * for settings fio refuses when the engine starts.
 */
export function readCmdprioOptions(spec: JobSpec): CmdprioOptions | null {
  const hasPerc = isSet(spec, "cmdprio_percentage");
  const hasSplit = isSet(spec, "cmdprio_bssplit");
  if (!hasPerc && !hasSplit) return null;
  if (hasPerc && hasSplit) {
    throw new CmdprioError([
      `${spec.name}: cmdprio_percentage and cmdprio_bssplit options are mutually exclusive`,
    ]);
  }
  // Without cmdprio_class fio uses the highest class (real time), level 0.
  const cls = pair(spec, "cmdprio_class", IOPRIO_CLASS.RT);
  const lvl = pair(spec, "cmdprio", 0);
  const ioprio: [number, number] = [ioprioValue(cls[0], lvl[0]), ioprioValue(cls[1], lvl[1])];
  if (hasSplit) {
    const kb = numberOption(spec, "kb_base", 1024) === 1000 ? 1000 : 1024;
    const bssplit = parseCmdprioBssplit(stringOption(spec, "cmdprio_bssplit"), kb, ioprio);
    return { percentage: [0, 0], ioprio, bssplit };
  }
  return { percentage: pair(spec, "cmdprio_percentage", 0), ioprio, bssplit: null };
}

/** How an engine hands the job's ioprio and cmdprio to its I/Os. */
export interface CmdprioSetup {
  /** The job's own ioprio (prio/prioclass), used by I/Os without cmdprio. */
  readonly ioprio: number;
  /** The selector, or null when the job has no cmdprio. */
  readonly prio: Cmdprio | null;
  /** A refused setting: the lines fio prints; the engine fails its setup. */
  readonly errorLines: readonly string[] | null;
}

/** Reads a job's cmdprio setup for its engine (never throws for bad input). */
export function cmdprioSetup(spec: JobSpec): CmdprioSetup {
  const ioprio = jobIoprio(spec);
  try {
    const o = readCmdprioOptions(spec);
    if (o === null) return { ioprio, prio: null, errorLines: null };
    const seed = jobSeeds(spec.seed, spec.jobNumber, PRIO_SEED_SLOT + 1)[PRIO_SEED_SLOT];
    return { ioprio, prio: new Cmdprio(o, ioprio, seedLow32(seed)), errorLines: null };
  } catch (e) {
    if (!(e instanceof CmdprioError)) throw e;
    return { ioprio, prio: null, errorLines: e.lines };
  }
}

/**
 * The engine's failure for refused cmdprio settings, as fio reports its
 * failed engine init (`where` is fio's source position, e.g.
 * "file:engines/io_uring.c:1096, func=fio_ioring_init").
 */
export function cmdprioFailure(
  lines: readonly string[],
  engine: string,
  where: string,
): EngineSetupFailure {
  return {
    lines: [...lines, `fio: io engine ${engine} init failed.`],
    errno: 22,
    text: `${where}, error=Invalid argument`,
  };
}

/**
 * Chooses each read's and write's priority. Per I/O: at most one random
 * number, a scan of a few small-integer arrays, no allocation.
 */
export class Cmdprio {
  /** The job's own ioprio (stats index 0). */
  readonly defaultIoprio: number;
  /**
   * Per direction (read, write): the ioprio of each stats index (index 0 is
   * the job's own), or null for a direction without cmdprio.
   */
  readonly statPrios: readonly [readonly number[] | null, readonly number[] | null];
  private readonly rand: Taus88;
  // Percentage mode: share, ioprio and stats index per direction.
  private readonly bssplit: boolean;
  private readonly perc = new Int32Array(2);
  private readonly percIoprio = new Int32Array(2);
  private readonly percIndex = new Int32Array(2);
  // bssplit mode, per direction: entries as parallel arrays, cumulative
  // percentage within their block size in written order.
  private readonly bs: Float64Array[] = [];
  private readonly cum: Int32Array[] = [];
  private readonly eIoprio: Int32Array[] = [];
  private readonly eIndex: Int32Array[] = [];

  constructor(o: CmdprioOptions, defaultIoprio: number, seed32: number) {
    this.defaultIoprio = defaultIoprio;
    this.rand = new Taus88(seed32);
    this.bssplit = o.bssplit !== null;
    const stats: (number[] | null)[] = [null, null];
    for (let d = 0; d < 2; d++) {
      const list: number[] = [defaultIoprio];
      const indexOf = (ioprio: number): number => {
        const i = list.indexOf(ioprio, 1);
        if (i > 0) return i;
        list.push(ioprio);
        return list.length - 1;
      };
      if (o.bssplit === null) {
        this.perc[d] = o.percentage[d];
        this.percIoprio[d] = o.ioprio[d];
        if (o.percentage[d] > 0) this.percIndex[d] = indexOf(o.ioprio[d]);
      } else {
        const entries = o.bssplit[d];
        const n = entries.length;
        this.bs.push(new Float64Array(n));
        this.cum.push(new Int32Array(n));
        this.eIoprio.push(new Int32Array(n));
        this.eIndex.push(new Int32Array(n));
        const sums = new Map<number, number>();
        entries.forEach((e, i) => {
          const c = (sums.get(e.bs) ?? 0) + e.perc;
          sums.set(e.bs, c);
          this.bs[d][i] = e.bs;
          this.cum[d][i] = c;
          this.eIoprio[d][i] = e.ioprio;
          this.eIndex[d][i] = indexOf(e.ioprio);
        });
      }
      if (list.length > 1) stats[d] = list;
    }
    this.statPrios = [stats[0], stats[1]];
  }

  /**
   * Picks the priority of read/write `io` (ddir 0 or 1): sets `io.ioprio`
   * and `io.prioIndex` and returns the ioprio. Other directions get the
   * job's own priority.
   */
  select(io: IoUnit): number {
    const d = io.ddir;
    io.prioIndex = 0;
    io.ioprio = this.defaultIoprio;
    if (d > 1) return this.defaultIoprio;
    if (!this.bssplit) {
      const p = this.perc[d];
      if (p === 0 || this.rand.nextBelow(100) >= p) return this.defaultIoprio;
      io.prioIndex = this.percIndex[d];
      return (io.ioprio = this.percIoprio[d]);
    }
    const bs = this.bs[d], cum = this.cum[d], len = io.buflen;
    let r = -1;
    for (let i = 0; i < bs.length; i++) {
      if (bs[i] !== len) continue;
      // The first entry of this size draws; later ones reuse the number.
      if (r < 0) r = this.rand.nextBelow(100);
      if (r < cum[i]) {
        io.prioIndex = this.eIndex[d][i];
        return (io.ioprio = this.eIoprio[d][i]);
      }
    }
    return this.defaultIoprio;
  }
}

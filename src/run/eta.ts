/**
 * fio's live ETA line, computed in the coordinator from the thread area
 * alone (the I/O loop only publishes its counters every 10 ms): job states,
 * percent done, bandwidth and IOPS since the last line, time left. The
 * timing follows fio 3.33: a look every 250 ms, a line once --eta-interval
 * has passed since the previous one (while nothing has been transferred
 * yet, since the run started), nothing while a batch of jobs is being set
 * up and no other job runs, and the detail part only from the run's third
 * second on. A job laying out its files while others run shows as `I`
 * (SETTING_UP): it counts neither as running nor as pending, and it scales
 * the percentage down as in fio.
 *
 * On a terminal the line is rewritten in place (`\r`, padded over the
 * previous one, a newline every --eta-newline); anywhere else each line
 * ends with a newline (dfio: logs and pipes never get carriage returns).
 */
import type { RunConfig } from "../cli/config.ts";
import { boolOption, numberOption, perDirOption, stringOption } from "../job/options.ts";
import type { JobSpec } from "../job/spec.ts";
import type { JobResult } from "../stats/result.ts";
import { reportOptions } from "../stats/job_result.ts";
import { readRunOptions } from "../worker/job_options.ts";
import {
  condenseStates,
  type EtaLine,
  formatEtaLine,
  type JobKind,
  stateChar,
} from "./eta_format.ts";
import { startDelayUs } from "./start_delay.ts";
import { RunState, Slot, type ThreadArea } from "./thread_area.ts";

/** fio's "no estimate yet" (INT_MAX seconds). */
export const ETA_UNKNOWN = 2147483647;
/** How often the coordinator looks at the thread area for the ETA line (fio's helper tick). */
export const ETA_TICK_MS = 250;
/**
 * fio's helper thread ticks a hair before the run clock's whole seconds,
 * a timer here a few ms after them: times are taken this much earlier, so
 * the third second (first estimate) and each interval fall on the same
 * ticks as in fio.
 */
const SLACK_MS = 10;

/** What the ETA needs to know about a job that its thread-area slot does not say. */
export interface EtaJob {
  readonly kind: JobKind;
  readonly timeBased: boolean;
  /** runtime, ramp_time and startdelay in us. */
  readonly runtimeUs: number;
  readonly rampUs: number;
  readonly startDelayUs: number;
  readonly stonewall: boolean;
  /** rate, rate_min (bytes/s), rate_iops, rate_iops_min per direction. */
  readonly rate: readonly number[];
  readonly rateMin: readonly number[];
  readonly iops: readonly number[];
  readonly iopsMin: readonly number[];
  /** Writes are verified afterwards: the job moves more bytes than it writes. */
  readonly verifies: boolean;
  readonly exitall: boolean;
  /**
   * Bytes the job will move as far as its options say (io_size or size,
   * times loops; 0 when they do not say): fio lays out every job's files
   * before the first starts, so it knows this for jobs not started yet.
   */
  readonly plannedBytes: number;
  /** kb_base is a power of two; unit_base is bits; significant_figures. */
  readonly pow2: boolean;
  readonly bits: boolean;
  readonly sigFigs: number;
}

/** A job's ETA facts from its options. */
export function etaJob(spec: JobSpec): EtaJob {
  const o = readRunOptions(spec);
  const verify = stringOption(spec, "verify", "0");
  const report = reportOptions(spec);
  return {
    kind: {
      read: o.rw.read,
      write: o.rw.write,
      trim: o.rw.trim,
      random: o.rw.random,
      rwmixRead: o.rwmixRead,
    },
    timeBased: o.timeBased,
    runtimeUs: o.runtimeNs / 1000,
    rampUs: o.rampNs / 1000,
    startDelayUs: startDelayUs(spec),
    stonewall: spec.stonewall,
    rate: perDirOption(spec, "rate"),
    rateMin: perDirOption(spec, "rate_min"),
    iops: perDirOption(spec, "rate_iops"),
    iopsMin: perDirOption(spec, "rate_iops_min"),
    verifies: o.rw.write && verify !== "0" && verify !== "" &&
      boolOption(spec, "do_verify", true),
    exitall: boolOption(spec, "exitall"),
    plannedBytes: (o.ioSize > 0 ? o.ioSize : Math.max(0, numberOption(spec, "size"))) * o.loops,
    pow2: report.kbBase === 1024,
    bits: report.unitBase === 1,
    sigFigs: report.sigFigs ?? 4,
  };
}

/** A job's slot as the ETA reads it. */
export interface SlotView {
  readonly state: number;
  /** Bytes done (read + write + trim). */
  readonly bytes: number;
  /** Bytes the job expects to move in all (0: not known yet). */
  readonly totalBytes: number;
  /** ms since the job started its I/O (or since its ramp ended). */
  readonly elapsedMs: number;
  /**
   * Whole seconds the jobs reaped so far ran, summed (fio's done_secs): a
   * time_based estimate is capped at runtime + this - elapsed, which is
   * how fio 3.33 counts a later group's runtime as longer.
   */
  readonly doneSecs?: number;
}

/** The time left of one job in seconds, fio's way (from its progress or its limits). */
export function jobEtaSec(job: EtaJob, s: SlotView): number {
  const elapsed = Math.ceil(s.elapsedMs / 1000);
  const timeout = Math.floor(job.runtimeUs / 1e6);
  let total = s.totalBytes > 0 ? s.totalBytes : job.plannedBytes;
  if (job.verifies) {
    // Verification reads back what was written.
    if (job.kind.read) total += Math.floor(total * (100 - job.kind.rwmixRead || 50) / 100);
    else total *= 2;
  }
  if (s.state === RunState.RUNNING || s.state === RunState.VERIFYING) {
    let perc = total > 0 ? Math.min(1, s.bytes / total) : 0;
    if (job.timeBased) perc = timeout > 0 ? Math.min(perc, elapsed / timeout) : 0;
    let eta = perc === 0 ? timeout : Math.floor(elapsed / perc) - elapsed;
    const cap = timeout + (s.doneSecs ?? 0) - elapsed;
    if (timeout > 0 && cap >= 0 && eta > cap) eta = cap;
    return eta;
  }
  if (s.state > RunState.RUNNING && s.state !== RunState.PRE_READING) return 0;
  // Not running yet: assume it runs its full runtime, or at its rate.
  let tEta = 0;
  if (job.runtimeUs > 0) {
    tEta = Math.floor((job.runtimeUs + job.startDelayUs + job.rampUs) / 1e6);
    if (s.state === RunState.RAMP && elapsed <= tEta) tEta -= elapsed;
  }
  let rateBytes = 0;
  if (job.kind.read) rateBytes += job.rate[0];
  if (job.kind.write) rateBytes += job.rate[1];
  if (job.kind.trim) rateBytes += job.rate[2];
  const rEta = rateBytes > 0
    ? Math.floor(total / rateBytes) + Math.floor(job.startDelayUs / 1e6)
    : 0;
  if (rEta > 0 && tEta > 0) return Math.min(rEta, tEta);
  return rEta > 0 ? rEta : tEta;
}

/**
 * The run's time left in seconds as fio works it out from every job's
 * estimate (`elapsedSec`: the run's age in whole seconds, rounded up): the
 * longest, plus those of stonewalled jobs not started yet; the shortest
 * when a job has exitall. Unknown (ETA_UNKNOWN) before the third second.
 */
export function runEtaSec(
  area: ThreadArea,
  jobs: readonly EtaJobRef[],
  elapsedSec: number,
): number {
  let doneSecs = 0;
  for (const { slot } of jobs) {
    if (area.state(slot) === RunState.REAPED) {
      doneSecs += Math.floor(area.slots[area.at(slot, Slot.ELAPSED_MS)] / 1000);
    }
  }
  let eta = 0, stoneEta = 0, minEta = ETA_UNKNOWN, exitall = false;
  for (const { slot, job } of jobs) {
    const at = (f: number) => area.slots[area.at(slot, f)];
    const state = at(Slot.STATE);
    exitall ||= job.exitall;
    let jobEta = ETA_UNKNOWN;
    if (elapsedSec >= 3) {
      jobEta = jobEtaSec(job, {
        state,
        bytes: at(Slot.BYTES) + at(Slot.BYTES + 1) + at(Slot.BYTES + 2),
        totalBytes: at(Slot.TOTAL_BYTES),
        elapsedMs: at(Slot.ELAPSED_MS),
        doneSecs,
      });
    }
    if (state === RunState.NOT_CREATED && job.stonewall) stoneEta += jobEta;
    else if (jobEta > eta) eta = jobEta;
    if (jobEta < minEta) minEta = jobEta;
  }
  // fio adds the estimates of stonewalled jobs not started yet in 32 bits:
  // unknown ones (before the third second) add up to a 49710-day estimate.
  return exitall ? minEta : (eta + stoneEta) % 2 ** 32;
}

/** Where ETA lines go. */
export interface EtaTarget {
  write(text: string): void;
  /** A terminal: rewrite the line in place. */
  readonly terminal: boolean;
  /** Which stream it is. */
  readonly stream: "stdout" | "stderr";
}

/**
 * Where the ETA line goes for this run, or null for none. fio shows it
 * with --eta=always, or with auto when stdout is a terminal, and only
 * when stdout is not carrying a machine-readable report. dfio beyond fio:
 * with --eta=always and json/terse on stdout it goes to stderr instead.
 */
export function etaTarget(
  config: RunConfig,
  out: (text: string) => void,
  err: (text: string) => void,
  isTerminal: { stdout: boolean; stderr: boolean } = {
    stdout: Deno.stdout.isTerminal(),
    stderr: Deno.stderr.isTerminal(),
  },
): EtaTarget | null {
  if (config.eta === "never") return null;
  const machine = config.outputFormats.some((f) => f !== "normal");
  if (config.output === undefined && machine) {
    return config.eta === "always"
      ? { write: err, terminal: isTerminal.stderr, stream: "stderr" }
      : null;
  }
  if (config.eta === "always" || isTerminal.stdout) {
    return { write: out, terminal: isTerminal.stdout, stream: "stdout" };
  }
  return null;
}

/** A job as the ETA printer sees it: its slot and its option facts. */
export interface EtaJobRef {
  readonly slot: number;
  readonly job: EtaJob;
}

/** Settings of an EtaPrinter. */
export interface EtaPrinterOptions {
  readonly target: EtaTarget;
  /** --eta-interval and --eta-newline (0: never) in ms. */
  readonly intervalMs: number;
  readonly newlineMs: number;
  /** Run start on `now`'s clock (start() moves it to when the ticks begin). */
  readonly startMs: number;
  /** Monotonic ms clock (tests pass their own). */
  readonly now?: () => number;
}

/** Prints the ETA line of a run while it goes. */
export class EtaPrinter {
  readonly #area: ThreadArea;
  readonly #jobs: readonly EtaJobRef[];
  readonly #o: EtaPrinterOptions;
  readonly #now: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Byte and I/O counts at the previous line, and when it was made. */
  readonly #prevBytes = new Float64Array(3);
  readonly #prevIos = new Float64Array(3);
  #prevMs: number;
  #startMs: number;
  /** A real percentage was shown once (until then a zero ETA shows `-.-%`). */
  #etaGood = false;
  #lastLen = 0;
  #newlineAt = -1;
  #newlinePending = false;
  /** Something was printed (so a terminal line may need ending). */
  printed = false;

  constructor(area: ThreadArea, jobs: readonly EtaJobRef[], opts: EtaPrinterOptions) {
    this.#area = area;
    this.#jobs = jobs;
    this.#o = opts;
    this.#now = opts.now ?? (() => performance.now());
    this.#startMs = opts.startMs;
    this.#prevMs = opts.startMs;
  }

  /** Starts looking every ETA_TICK_MS; no line while `stalled()` (jobs being set up). */
  start(stalled: () => boolean): void {
    // The ticks are the clock fio's estimate counts in (see SLACK_MS).
    this.#startMs = this.#now();
    this.#prevMs = this.#startMs;
    // Each tick is scheduled against the start, so timer lateness never adds up.
    let n = 0;
    const next = () => {
      n++;
      const wait = Math.max(0, this.#startMs + n * ETA_TICK_MS - this.#now());
      this.#timer = setTimeout(() => {
        if (!stalled()) this.tick();
        if (this.#timer !== undefined) next();
      }, wait);
    };
    next();
  }

  /**
   * Stops the line. On a terminal, ends the current line unless a normal
   * report follows on stdout (`normalOnStdout`) and the line is there too:
   * that report starts with its own newline.
   */
  stop(normalOnStdout: boolean): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const t = this.#o.target;
    const reportFollows = normalOnStdout && t.stream === "stdout";
    if (this.printed && t.terminal && !reportFollows) t.write("\n");
  }

  /** One look at the thread area; prints a line when one is due. Returns the line (tests). */
  tick(): string | null {
    const line = this.compute();
    if (line === null) return null;
    this.#emit(line);
    return line;
  }

  /** The line due now (updating the interval state), or null when none is due. */
  compute(): string | null {
    const now = this.#now();
    const area = this.#area;
    const elapsedSec = Math.max(0, Math.ceil((now - SLACK_MS - this.#startMs) / 1000));
    let running = 0, ramp = 0, pending = 0, settingUp = 0, files = 0;
    let rateMin = 0, rateMax = 0, iopsMin = 0, iopsMax = 0;
    const bytes = [0, 0, 0], ios = [0, 0, 0];
    const chars: string[] = [];
    const last = this.#jobs[this.#jobs.length - 1]?.job;
    const eta = runEtaSec(area, this.#jobs, elapsedSec);
    for (const { slot, job } of this.#jobs) {
      const at = (f: number) => area.slots[area.at(slot, f)];
      const state = at(Slot.STATE);
      const k = job.kind;
      if (state >= RunState.RUNNING && state <= RunState.FINISHING) {
        running++;
        for (let d = 0; d < 3; d++) {
          if (!(d === 0 ? k.read : d === 1 ? k.write : k.trim)) continue;
          rateMax += job.rate[d];
          rateMin += job.rateMin[d];
          iopsMax += job.iops[d];
          iopsMin += job.iopsMin[d];
        }
        files += at(Slot.FILES_OPEN);
      } else if (state === RunState.RAMP) {
        running++;
        ramp++;
      } else if (state === RunState.SETTING_UP) {
        settingUp++;
      } else if (state < RunState.RUNNING) {
        pending++;
      }
      chars.push(stateChar(k, state, at(Slot.ERROR) !== 0));
      if (state > RunState.SETTING_UP) {
        for (let d = 0; d < 3; d++) {
          bytes[d] += at(Slot.BYTES + d);
          ios[d] += at(Slot.IOS + d);
        }
      }
    }

    // Rates are measured from the previous line; until anything moved, from the start.
    if (this.#prevBytes[0] + this.#prevBytes[1] + this.#prevBytes[2] === 0) {
      this.#prevMs = this.#startMs;
    }
    const dispMs = Math.floor(now - this.#prevMs);
    if (dispMs + SLACK_MS < this.#o.intervalMs) return null;
    const rateKib = [0, 0, 0], iops = [0, 0, 0];
    for (let d = 0; d < 3; d++) {
      if (dispMs > 0) {
        rateKib[d] = Math.floor(Math.floor((bytes[d] - this.#prevBytes[d]) * 1000 / dispMs) / 1024);
        iops[d] = Math.floor((ios[d] - this.#prevIos[d]) * 1000 / dispMs);
      }
      this.#prevBytes[d] = bytes[d];
      this.#prevIos[d] = ios[d];
    }
    this.#prevMs = now;
    if (running === 0 && pending === 0) return null;

    let detail: EtaLine["detail"] = null;
    if (eta !== ETA_UNKNOWN && running > 0) {
      let percent: number | null = null;
      if (!((eta === 0 && !this.#etaGood) || ramp === running)) {
        this.#etaGood = true;
        // fio scales the percentage by 1 - (jobs setting up / jobs running):
        // 0.0% with one of each, negative with more jobs setting up.
        const mult = settingUp > 0 ? 100 * (1 - settingUp / running) : 100;
        percent = elapsedSec > 0 ? elapsedSec * mult / (elapsedSec + eta) : 0;
      }
      detail = { states: condenseStates(chars), percent, rateKib, iops, etaSec: eta };
    }
    return formatEtaLine({
      running,
      filesOpen: files,
      rateMin,
      rateMax,
      iopsMin,
      iopsMax,
      detail,
      pow2: this.#jobs.some((j) => j.job.pow2),
      bits: last?.bits ?? false,
      sigFigs: last?.sigFigs ?? 4,
    });
  }

  #emit(line: string): void {
    const t = this.#o.target;
    this.printed = true;
    if (!t.terminal) {
      t.write(`${line}\n`);
      return;
    }
    let text = line;
    if (this.#newlinePending) {
      this.#newlinePending = false;
      this.#lastLen = 0;
      text = `\n${text}`;
    }
    const len = text.length;
    if (this.#lastLen > len) text += " ".repeat(this.#lastLen - len);
    this.#lastLen = len;
    t.write(`${text}\r`);
    // fio marks a newline as due once --eta-newline has passed; the next line starts with it.
    const now = this.#now();
    if (this.#newlineAt < 0) this.#newlineAt = now;
    else if (this.#o.newlineMs > 0 && now - this.#newlineAt > this.#o.newlineMs) {
      this.#newlineAt = now;
      this.#newlinePending = true;
    }
  }
}

/**
 * Sets up the ETA line of a run, or returns null when it shows none.
 * `jobs` are every job's spec and slot.
 */
export function startEta(
  area: ThreadArea,
  jobs: readonly { readonly spec: JobSpec; readonly slot: number }[],
  config: RunConfig,
  target: EtaTarget | null,
  startMs: number,
  stalled: () => boolean,
): EtaPrinter | null {
  if (target === null) return null;
  const refs = jobs.map((j) => ({ slot: j.slot, job: etaJob(j.spec) }));
  const printer = new EtaPrinter(area, refs, {
    target,
    intervalMs: config.etaIntervalMs,
    newlineMs: config.etaNewlineMs,
    startMs,
  });
  printer.start(stalled);
  return printer;
}

/**
 * `results` (one per job, in job order) with the run's estimate at `atMs`
 * in each job's `etaSec`: fio's JSON "eta" is the run-wide estimate when
 * the report is made (0 at the end of a run of 3 s or more, unknown
 * before). `startMs` and `atMs` are Unix ms; `refs` may be passed when
 * already built.
 */
export function stampRunEta(
  area: ThreadArea,
  jobs: readonly { readonly slot: number; readonly spec: JobSpec }[],
  results: readonly JobResult[],
  startMs: number,
  atMs: number,
  refs: readonly EtaJobRef[] = jobs.map((j) => ({ slot: j.slot, job: etaJob(j.spec) })),
): JobResult[] {
  const age = Math.max(1, Math.ceil((atMs - startMs) / 1000));
  const etaSec = runEtaSec(area, refs, age);
  return results.map((r) => ({ ...r, etaSec }));
}

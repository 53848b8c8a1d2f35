/**
 * The benchmark script's own command line.
 */

import { parseArgs } from "node:util";

/** Parsed benchmark settings. */
export interface BenchArgs {
  /** Data file size in bytes. */
  readonly sizeBytes: number;
  /** Runtime as passed to fio (`5`, `500ms`, ...). */
  readonly runtime: string;
  /** The same runtime in milliseconds. */
  readonly runtimeMs: number;
  /** Rounds per tool per workload. */
  readonly rounds: number;
  /** `--only` patterns (empty: every workload). */
  readonly only: readonly string[];
  /** Parent directory for the temporary directory, if given. */
  readonly dir?: string;
  /** Real fio executable. */
  readonly fio: string;
  /** dfio launcher. */
  readonly dfio: string;
  /** Forced peak-RSS method, or undefined to pick GNU time when present. */
  readonly rss?: "time" | "proc";
  /** Print the workloads and exit. */
  readonly list: boolean;
  /** Print usage and exit. */
  readonly help: boolean;
}

/** Usage text for `--help`. */
export const USAGE = `usage: deno task bench [options]
  --size SIZE      data file size, binary units (default 1g; e.g. 64m)
  --runtime TIME   runtime of each measured run (default 5 = seconds; 500ms, 2s, 1m)
  --rounds N       runs per tool per workload, alternating dfio, fio (default 3)
  --only NAME      run workload NAME (or, if none has that name, the NAME-* family);
                   repeat or comma-separate
  --dir DIR        create the temporary data directory under DIR (default: system temp)
  --fio PATH       real fio binary (default: fio from PATH)
  --dfio PATH      dfio launcher (default: scripts/fio of this checkout)
  --rss METHOD     peak RSS via 'time' (GNU time -v) or 'proc' (VmHWM polling);
                   default: time when /usr/bin/time -v works, else proc
  --list           list the workloads and exit
  --help           this text`;

const SIZE_UNITS: Record<string, number> = {
  "": 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
};

/**
 * Parses a size like `64m`, `1g`, `512KiB` or `4096` (binary units, any
 * case). Throws on anything else or a result that is not a positive
 * multiple of 4 KiB (direct I/O needs whole blocks).
 */
export function parseSize(text: string): number {
  const m = /^(\d+)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  if (!m) throw new Error(`bench: bad size '${text}'`);
  const bytes = Number(m[1]) * SIZE_UNITS[m[2].toLowerCase()];
  if (bytes <= 0 || bytes % 4096 !== 0) {
    throw new Error(`bench: size '${text}' must be a positive multiple of 4k`);
  }
  return bytes;
}

/** Parses a runtime (`5`, `5s`, `500ms`, `1m`) into milliseconds. */
export function parseRuntimeMs(text: string): number {
  const m = /^(\d+)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new Error(`bench: bad runtime '${text}' (use e.g. 5, 2s, 500ms, 1m)`);
  const n = Number(m[1]);
  const ms = m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1000;
  if (ms <= 0) throw new Error(`bench: runtime '${text}' must be positive`);
  return ms;
}

/** Parses the script's arguments. Throws an Error with a one-line message. */
export function parseBenchArgs(argv: readonly string[], defaultDfio: string): BenchArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        size: { type: "string", default: "1g" },
        runtime: { type: "string", default: "5" },
        rounds: { type: "string", default: "3" },
        only: { type: "string", multiple: true, default: [] },
        dir: { type: "string" },
        fio: { type: "string", default: "fio" },
        dfio: { type: "string", default: defaultDfio },
        rss: { type: "string" },
        list: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: false,
      strict: true,
    });
  } catch (e) {
    throw new Error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  }
  const v = parsed.values;
  const rounds = Number(v.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new Error(`bench: --rounds wants a positive integer, got '${v.rounds}'`);
  }
  if (v.rss !== undefined && v.rss !== "time" && v.rss !== "proc") {
    throw new Error(`bench: --rss wants 'time' or 'proc', got '${v.rss}'`);
  }
  const runtime = v.runtime.trim();
  return {
    sizeBytes: parseSize(v.size),
    runtime,
    runtimeMs: parseRuntimeMs(runtime),
    rounds,
    only: v.only,
    dir: v.dir,
    fio: v.fio,
    dfio: v.dfio,
    rss: v.rss as "time" | "proc" | undefined,
    list: v.list,
    help: v.help,
  };
}

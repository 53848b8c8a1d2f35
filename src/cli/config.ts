/** Output formats fio can write; several may be selected at once. */
export type OutputFormat = "normal" | "terse" | "json" | "json+";

/** When the ETA line is printed. */
export type EtaMode = "auto" | "always" | "never";

/**
 * Everything the command line says about the run itself (not about jobs).
 * Times are in milliseconds.
 */
export interface RunConfig {
  /** Selected output formats (in fio's printing order when several). */
  outputFormats: OutputFormat[];
  /** `--output`: file for the report instead of stdout. */
  output?: string;
  /** `--terse-version` (2..5, default 3). */
  terseVersion: 2 | 3 | 4 | 5;
  /** `--append-terse`. */
  appendTerse: boolean;
  /** `--eta`. */
  eta: EtaMode;
  /** `--eta-newline` in ms (0 = off). */
  etaNewlineMs: number;
  /** `--eta-interval` in ms. */
  etaIntervalMs: number;
  /** `--status-interval` in ms (0 = off). */
  statusIntervalMs: number;
  /** `--readonly`: write and trim workloads are refused. */
  readonly: boolean;
  /** `--warnings-fatal`. */
  warningsFatal: boolean;
  /** `--max-jobs`. */
  maxJobs: number;
  /** `--parse-only`. */
  parseOnly: boolean;
  /** `--section` names (repeatable); empty means all sections. */
  sections: string[];
  /** `--debug` categories enabled. */
  debug: string[];
  /** `--bandwidth-log`: aggregate bandwidth log requested (name if given). */
  bandwidthLog?: string;
  /** `--aux-path`. */
  auxPath?: string;
}

/** fio's defaults for a run with no run options. */
export function defaultRunConfig(): RunConfig {
  return {
    outputFormats: ["normal"],
    terseVersion: 3,
    appendTerse: false,
    eta: "auto",
    etaNewlineMs: 0,
    etaIntervalMs: 1000,
    statusIntervalMs: 0,
    readonly: false,
    warningsFatal: false,
    maxJobs: 4096,
    parseOnly: false,
    sections: [],
    debug: [],
  };
}

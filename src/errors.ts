/**
 * An error caused by the user's input or environment. main.ts prints its
 * message on stderr (no stack trace) and exits with `exitCode`.
 * Messages are complete lines as fio would print them, usually starting
 * with `fio: `.
 */
export class FioError extends Error {
  /** Process exit status to use. */
  readonly exitCode: number;
  /** Extra stderr lines printed after the message (e.g. "Did you mean bs?"). */
  readonly extra: readonly string[];
  /** Lines fio prints on stdout with this error (an enum's valid values). */
  readonly stdout: readonly string[];

  constructor(
    message: string,
    opts: { exitCode?: number; extra?: readonly string[]; stdout?: readonly string[] } = {},
  ) {
    super(message);
    this.name = "FioError";
    this.exitCode = opts.exitCode ?? 1;
    this.extra = opts.extra ?? [];
    this.stdout = opts.stdout ?? [];
  }
}

/** Collects warnings so `--warnings-fatal` can turn them into an error. */
export interface WarningSink {
  warn(message: string): void;
}

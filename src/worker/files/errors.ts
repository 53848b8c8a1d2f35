/**
 * Errors of file setup. fio reports a failed job setup with its own line
 * (e.g. "fio: file creation disallowed by allow_file_create=0") and, for
 * system call failures, a td_verror line naming the call and errno; the
 * Worker turns those into the job's error state.
 */
import { FioError } from "../../errors.ts";

/** What the failed setup step was, for the job's error report. */
export interface SetupFailure {
  /** Lines fio writes on stdout for this failure (rare). */
  readonly stdout?: readonly string[];
  /** errno of the failure (fio's td->error), 0 when not a system error. */
  readonly errno?: number;
  /** The call or step fio names in its error report (e.g. "open", "total_file_size"). */
  readonly func?: string;
  /** Extra stderr lines after the message. */
  readonly extra?: readonly string[];
  /**
   * The error the job's report shows; defaults to `errno`. fio leaves it 0
   * for failures it only prints a message for (allow_file_create=0).
   */
  readonly jobError?: number;
}

/** A job's files could not be set up; `message` is fio's first stderr line. */
export class FileSetupError extends FioError {
  /** errno of the failure, 0 when none. */
  readonly errno: number;
  /** The failing call or step as fio names it. */
  readonly func: string;
  /** The error the job's report shows. */
  readonly jobError: number;

  constructor(message: string, failure: SetupFailure = {}) {
    super(message, { extra: failure.extra ?? [], stdout: failure.stdout ?? [] });
    this.name = "FileSetupError";
    this.errno = failure.errno ?? 0;
    this.func = failure.func ?? "";
    this.jobError = failure.jobError ?? this.errno;
  }
}

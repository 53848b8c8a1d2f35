/**
 * A log file written with blocking writes from the job's Worker. Text is
 * only produced when a batch of entries is flushed, never per I/O.
 */

import { errnoMessage, errnoNumber } from "../../sys/errno.ts";

const encoder = new TextEncoder();

/** strerror() text of a failed open (Deno errors carry the errno name as `code`). */
function openErrorText(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  const n = typeof code === "string" ? errnoNumber(code) : undefined;
  if (n !== undefined) return errnoMessage(n);
  return e instanceof Error ? e.message : String(e);
}

/** One open log file. */
export class LogFile {
  /** The path as opened. */
  readonly path: string;
  private file: Deno.FsFile | null;

  /**
   * Opens (creates) `path`. `append` keeps what is there (fio's
   * per_job_logs=0 shares one file between jobs and runs); otherwise the
   * file starts empty. A file that cannot be opened is reported through
   * `onError` as fio reports it and the log is dropped: the job still runs.
   */
  constructor(path: string, append: boolean, onError: (line: string) => void = () => {}) {
    this.path = path;
    try {
      this.file = Deno.openSync(path, {
        write: true,
        create: true,
        append,
        truncate: !append,
      });
    } catch (e) {
      this.file = null;
      onError(`fopen log: ${openErrorText(e)}`);
    }
  }

  /** Writes `text` whole (a failed write drops the text: logs never stop a job). */
  write(text: string): void {
    if (text !== "") this.writeBytes(encoder.encode(text));
  }

  /** Writes `bytes` whole, as `write` does. */
  writeBytes(bytes: Uint8Array): void {
    if (this.file === null || bytes.length === 0) return;
    let off = 0;
    try {
      while (off < bytes.length) off += this.file.writeSync(bytes.subarray(off));
    } catch {
      // A full disk must not end the job; fio also drops what it cannot write.
    }
  }

  /** Closes the file (idempotent). */
  close(): void {
    if (this.file === null) return;
    this.file.close();
    this.file = null;
  }
}

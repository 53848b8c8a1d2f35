/**
 * A submit Worker's view of the job's files (io_submit_mode=offload, see
 * offload.ts). Descriptors are process-wide, so most engines just use the
 * job's descriptor number. Engines that keep state per file reopen it
 * instead (`privateFiles`): sync and vsync seek and transfer on a file
 * position of their own, so concurrent submit Workers never move each
 * other's offsets (fio's submit threads share one position and race), and
 * mmap maps the file in the Worker that copies through the mapping. A
 * reopened file goes through `/proc/self/fd/N`, which gives a new open file
 * description of the same file; the job numbers each opening of a
 * descriptor, so a number reused for another file is reopened too.
 */

import { EngineFile, type IoEngine } from "../engines/types.ts";
import { O } from "../sys/libc.ts";

/** Flags that must not apply again when the job's open file is reopened. */
const CREATE_FLAGS = O.CREAT | O.EXCL | O.TRUNC;

/** One reopened file: the Worker's own descriptor and which opening it mirrors. */
class Reopened {
  /** The Worker's own file. */
  readonly file: EngineFile;
  /** The job's opening number it was reopened for. */
  readonly gen: number;

  constructor(file: EngineFile, gen: number) {
    this.file = file;
    this.gen = gen;
  }
}

/** The files a submit Worker's engine works on, by the job's descriptor. */
export class WorkerFiles {
  private readonly engine: IoEngine;
  private readonly reopen: boolean;
  private readonly shared = new Map<number, EngineFile>();
  private readonly own = new Map<number, Reopened>();
  /** errno of the last failed reopen (when `file` returned null). */
  error = 0;

  /** `reopen`: the engine works on files of its own (see the module doc). */
  constructor(engine: IoEngine, reopen: boolean) {
    this.engine = engine;
    this.reopen = reopen;
  }

  /**
   * The file for an I/O on the job's descriptor `fd` (`flags` and `gen`:
   * how and which time the job opened it), or null when reopening failed
   * (`error` says why).
   */
  file(fd: number, flags: number, gen: number, isBlock: boolean): EngineFile | null {
    if (!this.reopen || fd < 0) return this.sharedFile(fd, isBlock);
    const r = this.own.get(fd);
    if (r !== undefined && r.gen === gen) return r.file;
    // A new opening of this number: the old one's descriptor (and mapping) go.
    if (r !== undefined) this.engine.closeFile(r.file);
    this.own.delete(fd);
    const f = new EngineFile(`/proc/self/fd/${fd}`, flags & ~CREATE_FLAGS);
    const rc = this.engine.openFile(f);
    if (rc < 0) {
      this.error = -rc;
      return null;
    }
    this.own.set(fd, new Reopened(f, gen));
    return f;
  }

  // The job's descriptor itself; the job may close it and open another file
  // on the same number, so the per-I/O fields are rewritten every time.
  private sharedFile(fd: number, isBlock: boolean): EngineFile {
    let f = this.shared.get(fd);
    if (f === undefined) {
      f = new EngineFile("");
      f.fd = fd;
      this.shared.set(fd, f);
    }
    f.isBlockDevice = isBlock;
    f.lastPos = -1;
    return f;
  }

  /** Closes the Worker's own files (not the job's descriptors). */
  closeAll(): void {
    for (const r of this.own.values()) this.engine.closeFile(r.file);
    this.own.clear();
  }
}

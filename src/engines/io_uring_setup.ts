/**
 * The io_uring engine's one-time setup steps, fio's post_init: registering
 * buffers and files with the ring, and the reports fio gives when setup
 * fails, plus the hint dfio adds when io_uring is not available at all.
 */

import { errnoMessage } from "../sys/errno.ts";
import { IORING_REGISTER, type Ring } from "../sys/io_uring.ts";
import { type Libc, O } from "../sys/libc.ts";
import { openEngineFile } from "./fileops.ts";
import { IMPLEMENTED_ENGINES } from "./registry.ts";
import type { EngineFile, EngineSetupFailure, IoUnit } from "./types.ts";

const EPERM = 1, EACCES = 13, ENOSYS = 38;

/** fio 3.33's source position for a failed ring setup or buffer registration. */
export const SETUP_ERROR_WHERE = "file:engines/io_uring.c:998, func=io_queue_init";
/** fio 3.33's source position for a failed file registration. */
export const REGISTER_FILES_WHERE = "file:engines/io_uring.c:1012, func=ioring_register_files";

/** fio's refusal of registerfiles when openfiles is below nrfiles. */
export const REGISTER_NEEDS_ALL_FILES: EngineSetupFailure = {
  lines: [
    "fio: io_uring registered files require nr_files to be identical to open_files",
    "fio: io engine io_uring init failed.",
  ],
  errno: 1,
  text: "",
};

/** A failed setup call reported as fio's td_verror does (`where, error=...`). */
export function setupFailure(where: string, errno: number): EngineSetupFailure {
  return { lines: [], errno, text: `${where}, error=${errnoMessage(errno)}` };
}

/**
 * IORING_REGISTER_BUFFERS with one iovec per io unit (its whole buffer), so
 * READ_FIXED/WRITE_FIXED can name buffer `index`. Returns the kernel's
 * answer and the iovec table (keep it alive while the ring lives).
 */
export function registerBuffers(
  ring: Ring,
  units: readonly IoUnit[],
): { rc: number; iovs: BigUint64Array } {
  const iovs = new BigUint64Array(units.length * 2);
  for (const io of units) {
    iovs[io.index * 2] = io.bufAddr;
    iovs[io.index * 2 + 1] = BigInt(io.buf.byteLength);
  }
  const addr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(iovs)));
  return { rc: ring.register(IORING_REGISTER.BUFFERS, addr, units.length), iovs };
}

/**
 * fio's registerfiles: opens every file up front (leaving `f.fd` at -1: the
 * engine hands the descriptor out on open) and registers the descriptors,
 * so SQEs name file i by slot i with IOSQE_FIXED_FILE. Returns the kernel's
 * answer (or the failed open's negative errno), the fds opened, and a table
 * from fd number to slot (-1 elsewhere).
 */
export function registerFiles(
  c: Libc,
  ring: Ring,
  files: readonly EngineFile[],
): { rc: number; fds: number[]; slotOfFd: Int32Array } {
  const fds: number[] = [];
  for (const f of files) {
    let rc = openEngineFile(c, f);
    if (rc === -EPERM && (f.flags & O.NOATIME) !== 0) {
      // As the job's own open does: drop O_NOATIME where it is refused.
      f.flags &= ~O.NOATIME;
      rc = openEngineFile(c, f);
    }
    if (rc < 0) return { rc, fds, slotOfFd: new Int32Array(0) };
    fds.push(f.fd);
    f.fd = -1;
  }
  const slotOfFd = new Int32Array(Math.max(0, ...fds) + 1).fill(-1);
  fds.forEach((fd, i) => slotOfFd[fd] = i);
  const table = Int32Array.from(fds);
  const addr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(table)));
  return { rc: ring.register(IORING_REGISTER.FILES, addr, fds.length), fds, slotOfFd };
}

/**
 * The report for an io_uring_setup failure: fio's own line for ENOSYS, and
 * for the errnos a sandbox gives (EPERM, ENOSYS, EACCES) a line that says
 * io_uring is unavailable here and which engines work without it.
 */
export function unavailable(errno: number): EngineSetupFailure {
  const lines: string[] = [];
  if (errno === ENOSYS) lines.push("fio: your kernel doesn't support io_uring");
  if (errno === EPERM || errno === ENOSYS || errno === EACCES) {
    const alt = ["psync", "libaio", "posixaio"].filter((n) => IMPLEMENTED_ENGINES.includes(n));
    const list = alt.length > 1
      ? `${alt.slice(0, -1).join(", ")} or ${alt[alt.length - 1]}`
      : alt[0] ?? "psync";
    lines.push(
      `fio: io_uring is unavailable here: io_uring_setup failed with ${
        errnoMessage(errno)
      } (errno ${errno}), as under a container's default seccomp profile or with ` +
        `kernel.io_uring_disabled set; use ioengine=${list} instead`,
    );
  }
  return { lines, errno, text: setupFailure(SETUP_ERROR_WHERE, errno).text };
}

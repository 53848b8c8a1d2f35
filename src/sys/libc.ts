/**
 * The one libc symbol table dfio calls through `Deno.dlopen`.
 *
 * Every Worker is its own isolate, so each one evaluates this module anew and
 * opens its own handle on first use; pointers and handles never cross Workers
 * (send addresses as BigInt and rebuild them with `Deno.UnsafePointer.create`).
 *
 * Result types: `ssize_t` results of read/write style calls are declared `i32`
 * because a 64-bit FFI result always comes back as a freshly allocated BigInt,
 * which the I/O loop must not pay for. A single transfer above 2 GiB - 1 would
 * wrap, and Linux caps one read/write at 0x7ffff000 bytes anyway. Calls whose
 * 64-bit result matters (lseek for a size, mmap addresses) have a BigInt or
 * pointer form.
 *
 * Parameter types: `i64`/`u64`/`usize` parameters take BigInt. Passing a JS
 * number there works but leaves V8's fast call path (100+ ns per call); see
 * `off64` in src/engines/offset.ts for how the engines build offsets without
 * allocating.
 */

/** The libc symbols dfio uses, with FFI signatures for x86-64 Linux glibc. */
export const LIBC_SYMBOLS = {
  // int open(const char *path, int flags, mode_t mode): path NUL-terminated.
  open: { parameters: ["buffer", "i32", "u32"], result: "i32" },
  openat: { parameters: ["i32", "buffer", "i32", "u32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  // Buffer and iovec addresses are passed as `usize` BigInts cached per io
  // unit, not as pointer objects: with a `pointer` parameter V8 boxes the
  // computed i64 offset on every call (see src/engines/offset.ts).
  read: { parameters: ["i32", "usize", "usize"], result: "i32" },
  write: { parameters: ["i32", "usize", "usize"], result: "i32" },
  pread: { parameters: ["i32", "usize", "usize", "i64"], result: "i32" },
  pwrite: { parameters: ["i32", "usize", "usize", "i64"], result: "i32" },
  readv: { parameters: ["i32", "usize", "i32"], result: "i32" },
  writev: { parameters: ["i32", "usize", "i32"], result: "i32" },
  preadv: { parameters: ["i32", "usize", "i32", "i64"], result: "i32" },
  pwritev: { parameters: ["i32", "usize", "i32", "i64"], result: "i32" },
  preadv2: { parameters: ["i32", "usize", "i32", "i64", "i32"], result: "i32" },
  pwritev2: { parameters: ["i32", "usize", "i32", "i64", "i32"], result: "i32" },
  // Hot-path form: only success/-1 matters (low 32 bits of the new offset).
  lseek: { parameters: ["i32", "i64", "i32"], result: "i32" },
  // Cold-path form with the full 64-bit offset (e.g. SEEK_END for a size).
  lseek64: { name: "lseek", parameters: ["i32", "i64", "i32"], result: "i64" },
  fsync: { parameters: ["i32"], result: "i32" },
  fdatasync: { parameters: ["i32"], result: "i32" },
  sync_file_range: { parameters: ["i32", "i64", "i64", "u32"], result: "i32" },
  fallocate: { parameters: ["i32", "i32", "i64", "i64"], result: "i32" },
  ftruncate: { parameters: ["i32", "i64"], result: "i32" },
  // Returns an errno value directly (0 on success), not -1.
  posix_fadvise: { parameters: ["i32", "i64", "i64", "i32"], result: "i32" },
  unlink: { parameters: ["buffer"], result: "i32" },
  mmap: {
    parameters: ["pointer", "usize", "i32", "i32", "i32", "i64"],
    result: "pointer",
  },
  munmap: { parameters: ["pointer", "usize"], result: "i32" },
  madvise: { parameters: ["pointer", "usize", "i32"], result: "i32" },
  // Returns an errno value directly; the out-pointer is an 8-byte buffer.
  posix_memalign: { parameters: ["buffer", "usize", "usize"], result: "i32" },
  free: { parameters: ["pointer"], result: "void" },
  clock_gettime: { parameters: ["i32", "pointer"], result: "i32" },
  getrusage: { parameters: ["i32", "pointer"], result: "i32" },
  // Raw syscalls take every argument as a 64-bit register. `syscall` is the
  // cold form (full result); `syscall_i32` keeps the result unboxed for hot
  // loops (io_uring_enter, io_getevents). Pass pointers as BigInt addresses.
  syscall: {
    parameters: ["i64", "i64", "i64", "i64", "i64", "i64", "i64"],
    result: "i64",
  },
  syscall_i32: {
    name: "syscall",
    parameters: ["i64", "i64", "i64", "i64", "i64", "i64", "i64"],
    result: "i32",
  },
  sched_setaffinity: { parameters: ["i32", "usize", "buffer"], result: "i32" },
  sched_getaffinity: { parameters: ["i32", "usize", "buffer"], result: "i32" },
  // ioctl(fd, request, void *arg): the request is an unsigned long.
  ioctl: { parameters: ["i32", "u64", "buffer"], result: "i32" },
  // statx(dirfd, path, flags, mask, buf): exported since glibc 2.28, unlike
  // fstat (2.33), so it also works on older test machines.
  statx: { parameters: ["i32", "buffer", "i32", "u32", "buffer"], result: "i32" },
  __errno_location: { parameters: [], result: "pointer" },
  strerror: { parameters: ["i32"], result: "pointer" },
  getpid: { parameters: [], result: "i32" },
  sysconf: { parameters: ["i32"], result: "i64" },
  // POSIX AIO (glibc, in libc.so.6 since 2.34): every aiocb is passed as a
  // `usize` address of native memory, which glibc's helper threads write.
  aio_read: { parameters: ["usize"], result: "i32" },
  aio_write: { parameters: ["usize"], result: "i32" },
  aio_fsync: { parameters: ["i32", "usize"], result: "i32" },
  aio_error: { parameters: ["usize"], result: "i32" },
  // ssize_t, but one transfer is below 2 GiB: i32 keeps it unboxed.
  aio_return: { parameters: ["usize"], result: "i32" },
  aio_suspend: { parameters: ["usize", "i32", "usize"], result: "i32" },
  aio_cancel: { parameters: ["i32", "usize"], result: "i32" },
  // The mmap engine: copies between a unit buffer and a file mapping.
  memcpy: { parameters: ["usize", "usize", "usize"], result: "void" },
  msync: { parameters: ["usize", "usize", "i32"], result: "i32" },
  // Returns an errno value directly (0 on success), not -1.
  posix_madvise: { parameters: ["usize", "usize", "i32"], result: "i32" },
  // SysV shared memory for mem=shm/shmhuge (src/sys/shm.ts).
  shmget: { parameters: ["i32", "usize", "i32"], result: "i32" },
  shmat: { parameters: ["i32", "pointer", "i32"], result: "pointer" },
  shmdt: { parameters: ["pointer"], result: "i32" },
  shmctl: { parameters: ["i32", "i32", "pointer"], result: "i32" },
  // lockfile= (src/worker/files/lock.ts): advisory locks per open file description.
  flock: { parameters: ["i32", "i32"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The callable symbols of {@link LIBC_SYMBOLS}. */
export type Libc = Deno.DynamicLibrary<typeof LIBC_SYMBOLS>["symbols"];

/** open(2) flags and related constants for x86-64 Linux. */
export const O = {
  RDONLY: 0,
  WRONLY: 1,
  RDWR: 2,
  CREAT: 0o100,
  EXCL: 0o200,
  NOCTTY: 0o400,
  TRUNC: 0o1000,
  APPEND: 0o2000,
  NONBLOCK: 0o4000,
  DSYNC: 0o10000,
  DIRECT: 0o40000,
  LARGEFILE: 0o100000,
  DIRECTORY: 0o200000,
  NOATIME: 0o1000000,
  CLOEXEC: 0o2000000,
  SYNC: 0o4010000,
} as const;

/** lseek whence values. */
export const SEEK_SET = 0;
/** lseek whence: relative to the current position. */
export const SEEK_CUR = 1;
/** lseek whence: relative to the end of the file. */
export const SEEK_END = 2;

/** fallocate(2) modes. */
export const FALLOC_FL = { KEEP_SIZE: 1, PUNCH_HOLE: 2, ZERO_RANGE: 0x10 } as const;

/** posix_fadvise(2) advice values. */
export const POSIX_FADV = {
  NORMAL: 0,
  RANDOM: 1,
  SEQUENTIAL: 2,
  WILLNEED: 3,
  DONTNEED: 4,
  NOREUSE: 5,
} as const;

/** sync_file_range(2) flags. */
export const SYNC_FILE_RANGE = { WAIT_BEFORE: 1, WRITE: 2, WAIT_AFTER: 4 } as const;

/** preadv2/pwritev2 per-call flags (RWF_*). */
export const RWF = { HIPRI: 1, DSYNC: 2, SYNC: 4, NOWAIT: 8, APPEND: 16 } as const;

/** mmap protection and flags. */
export const PROT = { NONE: 0, READ: 1, WRITE: 2, EXEC: 4 } as const;
/** mmap flags. */
export const MAP = {
  SHARED: 0x01,
  PRIVATE: 0x02,
  FIXED: 0x10,
  ANONYMOUS: 0x20,
  NORESERVE: 0x4000,
  POPULATE: 0x8000,
  HUGETLB: 0x40000,
} as const;

/** clock ids for clock_gettime. */
export const CLOCK = { REALTIME: 0, MONOTONIC: 1, MONOTONIC_RAW: 4, BOOTTIME: 7 } as const;

/** getrusage `who` values; RUSAGE_THREAD suits dfio's one-Worker-per-job. */
export const RUSAGE = { SELF: 0, CHILDREN: -1, THREAD: 1 } as const;

/** x86-64 syscall numbers dfio issues through `syscall()`. */
export const SYS = {
  gettid: 186,
  io_setup: 206,
  io_destroy: 207,
  io_getevents: 208,
  io_submit: 209,
  io_cancel: 210,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
} as const;

/** ioctl request: size in bytes of a block device (u64 out). */
export const BLKGETSIZE64 = 0x80081272n;

/** sysconf name for the page size. */
export const SC_PAGESIZE = 30;

let lib: Deno.DynamicLibrary<typeof LIBC_SYMBOLS> | undefined;
let errnoCell: Int32Array | undefined;

/**
 * The libc symbols for the calling isolate (main thread or Worker), opened
 * on first use. Needs `--allow-ffi`.
 */
export function libc(): Libc {
  if (lib === undefined) lib = Deno.dlopen("libc.so.6", LIBC_SYMBOLS);
  return lib.symbols;
}

/**
 * A live view of this thread's `errno`. The address from __errno_location is
 * fixed for a thread's lifetime, so reading `[0]` right after a failed call
 * costs one typed-array load instead of an FFI call.
 */
export function errnoView(): Int32Array {
  if (errnoCell === undefined) {
    const p = libc().__errno_location();
    if (p === null) throw new Error("__errno_location returned NULL");
    errnoCell = new Int32Array(Deno.UnsafePointerView.getArrayBuffer(p, 4));
  }
  return errnoCell;
}

/** The calling thread's current errno value. */
export function errno(): number {
  return errnoView()[0];
}

/** libc's message for an errno value (what strerror(3) and fio print). */
export function strerror(err: number): string {
  const p = libc().strerror(err | 0);
  return p === null ? `Unknown error ${err}` : Deno.UnsafePointerView.getCString(p);
}

/** The kernel thread id of the calling thread (Worker). */
export function gettid(): number {
  return Number(libc().syscall(BigInt(SYS.gettid), 0n, 0n, 0n, 0n, 0n, 0n));
}

/** A NUL-terminated copy of `path` for the `buffer` path parameters. */
export function cPath(path: string): Uint8Array<ArrayBuffer> {
  const enc = new TextEncoder().encode(path);
  const out = new Uint8Array(enc.length + 1);
  out.set(enc);
  return out;
}

/** The system page size in bytes. */
export function pageSize(): number {
  return Number(libc().sysconf(SC_PAGESIZE));
}

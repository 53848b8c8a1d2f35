/**
 * The benchmark's data file: written once, fully allocated, left in the page
 * cache, and probed for O_DIRECT support.
 */

const CHUNK = 1 << 20;

/**
 * Writes `sizeBytes` of non-repeating data to `path` (no holes, so reads hit
 * real blocks), syncs it so direct reads see it on disk, then reads it back
 * once so the cached workloads start warm.
 */
export function createDataFile(path: string, sizeBytes: number): void {
  const buf = new Uint8Array(CHUNK);
  for (let off = 0; off < CHUNK; off += 65536) {
    crypto.getRandomValues(buf.subarray(off, off + 65536));
  }
  const stamp = new DataView(buf.buffer);
  const f = Deno.openSync(path, { write: true, create: true, truncate: true });
  try {
    for (let done = 0; done < sizeBytes;) {
      // A different first word per chunk keeps the file free of duplicates.
      stamp.setFloat64(0, done);
      const n = Math.min(CHUNK, sizeBytes - done);
      let w = 0;
      while (w < n) w += f.writeSync(buf.subarray(w, n));
      done += n;
    }
    f.syncSync();
  } finally {
    f.close();
  }
  warmCache(path);
}

/**
 * Reads the whole file so its pages are in the page cache. Needed before
 * each cached workload: the direct workloads keep fio's default
 * `invalidate=1`, which drops the file's cached pages at job start.
 */
export function warmCache(path: string): void {
  const buf = new Uint8Array(CHUNK);
  const r = Deno.openSync(path, { read: true });
  try {
    while ((r.readSync(buf) ?? 0) > 0) {
      // Reading is the point: it pulls every page into the cache.
    }
  } finally {
    r.close();
  }
}

const O_RDONLY = 0;
const O_DIRECT = 0x4000; // Linux x86-64 and arm64 value.

/**
 * Opens `path` with O_DIRECT through libc. Returns undefined when that works,
 * otherwise the reason (tmpfs and some FUSE filesystems refuse O_DIRECT with
 * EINVAL).
 */
export function probeDirect(path: string): string | undefined {
  if (Deno.build.os !== "linux") return "O_DIRECT probe needs Linux";
  const libc = Deno.dlopen("libc.so.6", {
    open: { parameters: ["buffer", "i32"], result: "i32" },
    close: { parameters: ["i32"], result: "i32" },
    __errno_location: { parameters: [], result: "pointer" },
  });
  try {
    const cpath = new TextEncoder().encode(path + "\0");
    const fd = libc.symbols.open(cpath, O_RDONLY | O_DIRECT);
    if (fd >= 0) {
      libc.symbols.close(fd);
      return undefined;
    }
    const p = libc.symbols.__errno_location();
    const errno = p === null ? 0 : new Deno.UnsafePointerView(p).getInt32();
    return errno === 22
      ? "O_DIRECT is not supported on this filesystem (open: EINVAL)"
      : `O_DIRECT open failed (errno ${errno})`;
  } finally {
    libc.close();
  }
}

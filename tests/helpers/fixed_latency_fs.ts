/**
 * A file system whose reads take a fixed time, for comparing latency
 * percentiles of dfio and fio on a device that has no latency spread of its
 * own. This machine has no dm-delay and no null_blk, but it has FUSE, so the
 * "device" is a tiny FUSE daemon that speaks the /dev/fuse protocol itself
 * (no libfuse) through FFI to libc, and holds each READ reply for a fixed
 * delay: it sleeps through most of it and busy-waits the last millisecond,
 * at real-time priority (SCHED_FIFO), so the delay ends on time.
 *
 * The module has two roles. Imported, it gives tests `CAN_FUSE`,
 * `fuseSkipReason` and `mountFixedLatencyFs`. Run as a program
 * (`deno run -A fixed_latency_fs.ts MOUNTPOINT SIZE NAME=DELAY_US...`) it is
 * the daemon: it mounts, prints "ready" (or "error: ...") on stdout, and
 * serves until the file system is unmounted.
 *
 * The mount holds one directory of read-only files of SIZE bytes of zeros;
 * each READ of file NAME is answered DELAY_US after the daemon receives it.
 * OPEN replies carry FOPEN_DIRECT_IO, so every read(2) reaches the daemon
 * and the page cache never answers one. Requests are served one at a time,
 * so the latency is only fixed for one outstanding read (iodepth 1).
 */
import { exists } from "./fs.ts";

const SELF = new URL(import.meta.url).pathname;

function kernelHasFuse(): boolean {
  try {
    return /\tfuse$/m.test(Deno.readTextFileSync("/proc/filesystems"));
  } catch {
    return false;
  }
}

/** Whether this process may mount the FUSE file system (root, /dev/fuse, kernel support). */
export const CAN_FUSE: boolean = Deno.uid() === 0 && exists("/dev/fuse") && kernelHasFuse();

/** A mounted fixed-latency file system. */
export interface FixedLatencyFs {
  /** The mount point (a fresh temporary directory). */
  readonly dir: string;
  /** Path of each file by name. */
  readonly paths: Readonly<Record<string, string>>;
  /** Unmounts, stops the daemon and removes the mount point; safe to call twice. */
  close(): Promise<void>;
}

/** Options of `mountFixedLatencyFs`. */
export interface FixedLatencyOptions {
  /** The files to serve: name -> delay of each READ in microseconds. */
  files: Record<string, number>;
  /** Size of each file in bytes (default 16 MiB). */
  sizeBytes?: number;
  /** Give up waiting for the daemon after this many ms (default 10 s). */
  startTimeoutMs?: number;
}

const MNT_DETACH = 2;

function umount(dir: string): void {
  const lib = Deno.dlopen(
    "libc.so.6",
    {
      umount2: { parameters: ["buffer", "i32"], result: "i32" },
    } as const,
  );
  try {
    const path = new TextEncoder().encode(dir + "\0");
    // A plain unmount fails with EBUSY while something still holds a file
    // open; detaching then still takes the mount out of the tree.
    if (lib.symbols.umount2(path, 0) !== 0) lib.symbols.umount2(path, MNT_DETACH);
  } finally {
    lib.close();
  }
}

function isMounted(dir: string): boolean {
  try {
    return Deno.readTextFileSync("/proc/self/mounts").split("\n")
      .some((l) => l.split(" ")[1] === dir);
  } catch {
    return false;
  }
}

async function firstLine(stream: ReadableStream<Uint8Array>, ms: number): Promise<string> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`error: daemon not ready after ${ms} ms`), ms);
  });
  const read = (async () => {
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) return text === "" ? "error: daemon exited before mounting" : text;
      text += value;
    }
    return text.slice(0, text.indexOf("\n"));
  })();
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => {});
  }
}

/**
 * Starts the daemon on a fresh temporary mount point. Resolves to the mounted
 * file system, or to a string saying why it could not be mounted.
 */
export async function mountFixedLatencyFs(
  opts: FixedLatencyOptions,
): Promise<FixedLatencyFs | string> {
  if (!CAN_FUSE) return "needs root, /dev/fuse and fuse in /proc/filesystems";
  const dir = await Deno.makeTempDir({ prefix: "dfio_fixlat_" });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "--quiet",
      "--no-config",
      "--no-lock",
      SELF,
      dir,
      String(opts.sizeBytes ?? 16 << 20),
      ...Object.entries(opts.files).map(([name, us]) => `${name}=${us}`),
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (isMounted(dir)) umount(dir);
    // After the unmount the daemon's read of /dev/fuse fails with ENODEV and
    // it exits by itself; the kill is for a daemon that never mounted.
    const timer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, 2000);
    try {
      await child.status;
    } finally {
      clearTimeout(timer);
    }
    // A daemon that mounted late (after its start timed out) left a mount.
    if (isMounted(dir)) umount(dir);
    await Deno.remove(dir).catch(() => {});
  };
  const line = await firstLine(child.stdout, opts.startTimeoutMs ?? 10_000);
  if (line !== "ready") {
    await close();
    return line.replace(/^error: /, "");
  }
  return {
    dir,
    paths: Object.fromEntries(Object.keys(opts.files).map((n) => [n, `${dir}/${n}`])),
    close,
  };
}

/**
 * Why a test of the fixed-latency file system must be skipped, or null when
 * it can run: checks the static conditions, then mounts and unmounts once.
 */
export async function fuseSkipReason(): Promise<string | null> {
  const fs = await mountFixedLatencyFs({ files: { probe: 0 }, sizeBytes: 4096 });
  if (typeof fs === "string") return fs;
  try {
    const st = await Deno.stat(fs.paths.probe);
    return st.size === 4096 ? null : `mounted file has size ${st.size}, expected 4096`;
  } catch (e) {
    return `mounted file not readable: ${(e as Error).message}`;
  } finally {
    await fs.close();
  }
}

// ---------------------------------------------------------------------------
// The daemon. Structure offsets follow <linux/fuse.h> (x86-64, little endian).

const OP = {
  LOOKUP: 1,
  FORGET: 2,
  GETATTR: 3,
  OPEN: 14,
  READ: 15,
  STATFS: 17,
  RELEASE: 18,
  FLUSH: 25,
  INIT: 26,
  OPENDIR: 27,
  READDIR: 28,
  RELEASEDIR: 29,
  ACCESS: 34,
  INTERRUPT: 36,
  DESTROY: 38,
  BATCH_FORGET: 42,
} as const;
const ENOENT = 2, EINTR = 4, EAGAIN = 11, ENODEV = 19, EROFS = 30, ENOSYS = 38;
const IN_HEADER = 40;
const OUT_HEADER = 16;
const FOPEN_DIRECT_IO = 1;
const ROOT_INO = 1n;
const MAX_IO = 1 << 20;
const SCHED_FIFO = 1;
const RT_PRIORITY = 10;
/** The last part of each delay, busy-waited, in ms. */
const SPIN_MS = 1;

const DAEMON_LIBC = {
  open: { parameters: ["buffer", "i32", "u32"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32" },
  mount: { parameters: ["buffer", "buffer", "buffer", "u64", "buffer"], result: "i32" },
  umount2: { parameters: ["buffer", "i32"], result: "i32" },
  getppid: { parameters: [], result: "i32" },
  nanosleep: { parameters: ["buffer", "pointer"], result: "i32" },
  sched_setscheduler: { parameters: ["i32", "i32", "buffer"], result: "i32" },
  strerror: { parameters: ["i32"], result: "pointer" },
  __errno_location: { parameters: [], result: "pointer" },
} as const;

/** One file the daemon serves. */
interface Node {
  ino: bigint;
  name: string;
  delayMs: number;
}

/** Runs the daemon: `args` are MOUNTPOINT SIZE NAME=DELAY_US... Never returns. */
function serveFuse(args: string[]): never {
  const [mnt, sizeArg, ...fileArgs] = args;
  const size = BigInt(sizeArg);
  const files: Node[] = fileArgs.map((a, i) => {
    const [name, us] = a.split("=");
    return { ino: BigInt(i + 2), name, delayMs: Number(us) / 1000 };
  });
  const libc = Deno.dlopen("libc.so.6", DAEMON_LIBC).symbols;
  const cstr = (s: string) => new TextEncoder().encode(s + "\0");
  const errno = () => new Deno.UnsafePointerView(libc.__errno_location()!).getInt32();
  const fail = (what: string): never => {
    const e = errno();
    const msg = Deno.UnsafePointerView.getCString(libc.strerror(e)!);
    Deno.stdout.writeSync(new TextEncoder().encode(`error: ${what}: ${msg}\n`));
    Deno.exit(1);
  };

  const fd = libc.open(cstr("/dev/fuse"), 2 | 0o2000000, 0); // O_RDWR | O_CLOEXEC
  if (fd < 0) fail("open /dev/fuse");
  const opts = `fd=${fd},rootmode=40000,user_id=0,group_id=0`;
  // MS_NOSUID | MS_NODEV, as fusermount mounts.
  if (libc.mount(cstr("dfio_fixlat"), cstr(mnt), cstr("fuse"), 6n, cstr(opts)) !== 0) {
    fail(`mount fuse on ${mnt}`);
  }
  Deno.stdout.writeSync(new TextEncoder().encode("ready\n"));
  // Nothing more goes to stdout: the parent stops reading after "ready".

  const req = new Uint8Array(MAX_IO + 4096);
  const reqView = new DataView(req.buffer);
  const out = new Uint8Array(OUT_HEADER + MAX_IO); // data area stays zero
  const outView = new DataView(out.buffer);
  const pollfd = new Uint8Array(8);
  new DataView(pollfd.buffer).setInt32(0, fd, true);
  pollfd[4] = 1; // POLLIN
  const parent = libc.getppid();

  // Every reply is built in `out`, whose body is all zeros between replies:
  // a READ reply is then just the header in front of the data it needs.
  const reply = (unique: bigint, error: number, bodyLen: number) => {
    outView.setUint32(0, OUT_HEADER + bodyLen, true);
    outView.setInt32(4, -error, true);
    outView.setBigUint64(8, unique, true);
    // A failure (ENOENT) means the request was interrupted: nothing to do.
    libc.write(fd, out, BigInt(OUT_HEADER + bodyLen));
  };
  const replyAndClear = (unique: bigint, bodyLen: number) => {
    reply(unique, 0, bodyLen);
    out.fill(0, OUT_HEADER, OUT_HEADER + bodyLen);
  };
  const putAttr = (at: number, ino: bigint) => {
    const o = OUT_HEADER + at;
    const dir = ino === ROOT_INO;
    outView.setBigUint64(o, ino, true);
    outView.setBigUint64(o + 8, dir ? 0n : size, true);
    outView.setBigUint64(o + 16, dir ? 0n : (size + 511n) / 512n, true);
    outView.setUint32(o + 60, dir ? 0o40555 : 0o100444, true);
    outView.setUint32(o + 64, dir ? 2 : 1, true);
    outView.setUint32(o + 80, 4096, true);
  };
  const byIno = (ino: bigint) => files.find((f) => f.ino === ino);

  // Real-time priority: the daemon's wake-ups and its spin are not delayed
  // by ordinary processes (other tests) competing for the CPUs.
  const prio = new Uint8Array(4);
  new DataView(prio.buffer).setInt32(0, RT_PRIORITY, true);
  if (libc.sched_setscheduler(0, SCHED_FIFO, prio) !== 0) {
    console.error("fixed_latency_fs: no SCHED_FIFO, latencies may spread");
  }
  // Sleeps through most of the delay and spins the rest: the spin makes the
  // end exact, the sleep keeps a real-time thread from using a whole CPU
  // (which the kernel's real-time throttling would punish with long stalls).
  const ts = new Uint8Array(16);
  const tsView = new DataView(ts.buffer);
  const holdUntil = (until: number) => {
    const sleepMs = until - SPIN_MS - performance.now();
    if (sleepMs > 0) {
      const ns = Math.floor(sleepMs * 1e6);
      tsView.setBigInt64(0, BigInt(Math.floor(ns / 1e9)), true);
      tsView.setBigInt64(8, BigInt(ns % 1e9), true);
      libc.nanosleep(ts, null);
    }
    while (performance.now() < until) { /* spin */ }
  };

  for (;;) {
    const ready = libc.poll(pollfd, 1n, 500);
    if (ready === 0) {
      // The test that started us is gone: take the mount away and leave.
      if (libc.getppid() !== parent) {
        libc.umount2(cstr(mnt), 2);
        try {
          Deno.removeSync(mnt);
        } catch { /* not empty or gone: leave it */ }
        Deno.exit(1);
      }
      continue;
    }
    const n = Number(libc.read(fd, req, BigInt(req.length)));
    const arrived = performance.now();
    if (n < 0) {
      const e = errno();
      if (e === EINTR || e === EAGAIN || e === ENOENT) continue;
      Deno.exit(e === ENODEV ? 0 : 1); // ENODEV: unmounted
    }
    const opcode = reqView.getUint32(4, true);
    const unique = reqView.getBigUint64(8, true);
    const nodeid = reqView.getBigUint64(16, true);
    switch (opcode) {
      case OP.INIT: {
        outView.setUint32(OUT_HEADER, 7, true);
        outView.setUint32(OUT_HEADER + 4, reqView.getUint32(IN_HEADER + 4, true), true);
        outView.setUint32(OUT_HEADER + 20, 4096, true); // max_write: nothing is writable
        outView.setUint32(OUT_HEADER + 24, 1, true); // time_gran
        replyAndClear(unique, 64);
        break;
      }
      case OP.LOOKUP: {
        const end = req.indexOf(0, IN_HEADER);
        const name = new TextDecoder().decode(req.subarray(IN_HEADER, end));
        const f = nodeid === ROOT_INO ? files.find((x) => x.name === name) : undefined;
        if (f === undefined) {
          reply(unique, ENOENT, 0);
          break;
        }
        outView.setBigUint64(OUT_HEADER, f.ino, true);
        outView.setBigUint64(OUT_HEADER + 16, 1n, true); // entry_valid, s
        outView.setBigUint64(OUT_HEADER + 24, 1n, true); // attr_valid, s
        putAttr(40, f.ino);
        replyAndClear(unique, 128);
        break;
      }
      case OP.GETATTR: {
        if (nodeid !== ROOT_INO && byIno(nodeid) === undefined) {
          reply(unique, ENOENT, 0);
          break;
        }
        outView.setBigUint64(OUT_HEADER, 1n, true);
        putAttr(16, nodeid);
        replyAndClear(unique, 104);
        break;
      }
      case OP.OPEN:
      case OP.OPENDIR: {
        if ((reqView.getUint32(IN_HEADER, true) & 3) !== 0) {
          reply(unique, EROFS, 0);
          break;
        }
        if (opcode === OP.OPEN) outView.setUint32(OUT_HEADER + 8, FOPEN_DIRECT_IO, true);
        replyAndClear(unique, 16);
        break;
      }
      case OP.READ: {
        const f = byIno(nodeid);
        const off = reqView.getBigUint64(IN_HEADER + 8, true);
        const want = BigInt(Math.min(reqView.getUint32(IN_HEADER + 16, true), MAX_IO));
        const len = off >= size ? 0 : Number(size - off < want ? size - off : want);
        if (f !== undefined && f.delayMs > 0) holdUntil(arrived + f.delayMs);
        reply(unique, 0, len);
        break;
      }
      case OP.READDIR: {
        // Entries: ".", "..", then the files; the offset is the next index.
        const names = [".", "..", ...files.map((f) => f.name)];
        const inos = [ROOT_INO, ROOT_INO, ...files.map((f) => f.ino)];
        const max = reqView.getUint32(IN_HEADER + 16, true);
        let at = 0;
        for (let i = Number(reqView.getBigUint64(IN_HEADER + 8, true)); i < names.length; i++) {
          const nameBytes = new TextEncoder().encode(names[i]);
          const recLen = (24 + nameBytes.length + 7) & ~7;
          if (at + recLen > max) break;
          const o = OUT_HEADER + at;
          outView.setBigUint64(o, inos[i], true);
          outView.setBigUint64(o + 8, BigInt(i + 1), true);
          outView.setUint32(o + 16, nameBytes.length, true);
          outView.setUint32(o + 20, i < 2 ? 4 : 8, true); // DT_DIR, DT_REG
          out.set(nameBytes, o + 24);
          at += recLen;
        }
        replyAndClear(unique, at);
        break;
      }
      case OP.STATFS: {
        outView.setUint32(OUT_HEADER + 40, 4096, true); // bsize
        outView.setUint32(OUT_HEADER + 44, 255, true); // namelen
        outView.setUint32(OUT_HEADER + 48, 4096, true); // frsize
        replyAndClear(unique, 80);
        break;
      }
      case OP.RELEASE:
      case OP.RELEASEDIR:
      case OP.FLUSH:
      case OP.ACCESS:
        reply(unique, 0, 0);
        break;
      case OP.FORGET:
      case OP.BATCH_FORGET:
      case OP.INTERRUPT:
        break; // no reply expected
      case OP.DESTROY:
        reply(unique, 0, 0);
        Deno.exit(0);
        break;
      default:
        reply(unique, ENOSYS, 0);
    }
  }
}

if (import.meta.main) serveFuse(Deno.args);

/** What dfio knows about an ioengine before any I/O: its name and status. */
export interface EngineInfo {
  /** Name as given to `ioengine=`. */
  readonly name: string;
  /** One line in our own words for `--enghelp`. */
  readonly help: string;
  /** Whether dfio can run jobs on it yet (else a run fails, parse-only passes). */
  readonly implemented: boolean;
}

import { IMPLEMENTED_ENGINES } from "./registry.ts";

// A getter: the engines import option code that reaches this module, so the
// registry's list may not be initialised yet while this one is built.
const e = (name: string, help: string): EngineInfo => ({
  name,
  help,
  get implemented() {
    return IMPLEMENTED_ENGINES.includes(name);
  },
});

/**
 * Every ioengine fio 3.33 can load on Linux, in the order `--enghelp` lists
 * them. An engine outside this list is rejected as fio rejects an engine it
 * cannot load.
 */
export const ENGINE_CATALOG: readonly EngineInfo[] = [
  e("cpuio", "Burns CPU time instead of moving data"),
  e("mmap", "Copies data to and from a memory-mapped file"),
  e("sync", "read(2)/write(2), positioned with lseek(2)"),
  e("psync", "pread(2)/pwrite(2) at explicit offsets (fio's default)"),
  e("vsync", "readv(2)/writev(2), merging neighbouring I/Os into one call"),
  e("pvsync", "preadv(2)/pwritev(2) at explicit offsets"),
  e("pvsync2", "preadv2(2)/pwritev2(2) with per-call RWF_* flags"),
  e("null", "Completes every I/O at once without touching data"),
  e("net", "Streams data over TCP, UDP or a UNIX domain socket"),
  e("netsplice", "Like net, but moves data with splice(2) and vmsplice(2)"),
  e("ftruncate", "Turns each write into ftruncate(2) to that offset"),
  e("filecreate", "Only creates the job's files; no data I/O"),
  e("filestat", "Only stats the job's files; no data I/O"),
  e("filedelete", "Only unlinks the job's files; no data I/O"),
  e("exec", "Runs an external program alongside the other jobs"),
  e("posixaio", "POSIX aio_read(3)/aio_write(3) queued I/O"),
  e("falloc", "Turns reads, writes and trims into fallocate(2) calls"),
  e("e4defrag", "Moves file extents with ext4's EXT4_IOC_MOVE_EXT ioctl"),
  e("splice", "Moves data through a pipe with splice(2) and vmsplice(2)"),
  e("gfapi", "GlusterFS volumes through libgfapi, synchronous calls"),
  e("gfapi_async", "GlusterFS volumes through libgfapi, asynchronous calls"),
  e("mtd", "Reads, writes and erases an MTD flash character device"),
  e("sg", "SCSI commands through the sg v3 interface"),
  e("io_uring", "Linux io_uring queued reads and writes"),
  e("io_uring_cmd", "Linux io_uring passthrough commands to NVMe char devices"),
  e("nbd", "A Network Block Device export through libnbd"),
  e("libaio", "Linux kernel AIO (io_submit/io_getevents)"),
  e("rdma", "RDMA reads/writes or send/recv over InfiniBand, RoCE or iWARP"),
  e("rados", "Ceph RADOS objects through librados"),
  e("rbd", "Ceph RBD images through librbd, without the kernel driver"),
  e("pmemblk", "Persistent-memory blocks through PMDK libpmemblk"),
  e("dev-dax", "A device-DAX persistent memory device through PMDK libpmem"),
  e("libpmem", "Files on a DAX filesystem through PMDK libpmem"),
];

/**
 * Engines the HOWTO describes that fio 3.33 here rejects with
 * `fio: engine NAME not loadable` (not built into this fio). dfio rejects
 * them too, and their options with them.
 */
export const UNLOADABLE_ENGINES: readonly string[] = [
  "solarisaio",
  "windowsaio",
  "libzbc",
  "http",
  "libhdfs",
  "external",
  "ime_psync",
  "ime_psyncv",
  "ime_aio",
  "libiscsi",
  "libcufile",
  "dfs",
  "nfs",
  "xnvme",
  "libblkio",
  "librpma_apm_client",
  "librpma_apm_server",
  "librpma_gpspm_client",
  "librpma_gpspm_server",
];

/**
 * The names `--cmdhelp=ioengine` lists as valid values. Only these may be
 * followed by `:anything` in `ioengine=` (fio drops the suffix); any other
 * value is taken whole, so `ftruncate:x` is not loadable while `sync:x` is.
 * `external` takes a file path after the colon.
 */
export const IOENGINE_LISTED_NAMES: readonly string[] = [
  "sync",
  "psync",
  "vsync",
  "pvsync",
  "pvsync2",
  "libaio",
  "io_uring",
  "posixaio",
  "rbd",
  "mmap",
  "splice",
  "netsplice",
  "sg",
  "null",
  "net",
  "cpuio",
  "rdma",
  "e4defrag",
  "falloc",
  "gfapi",
  "gfapi_async",
  "pmemblk",
  "dev-dax",
  "filecreate",
  "external",
  "libpmem",
  "nbd",
];

/** The catalog entry for `name`, if fio 3.33 knows that engine. */
export function findEngine(name: string): EngineInfo | undefined {
  return ENGINE_CATALOG.find((e) => e.name === name);
}

/**
 * fio's alias rule at engine load: any name that starts with `linuxaio` or
 * `aio` loads libaio (so `aio`, `aioX` and `linuxaio:q` all do). Applies to
 * `ioengine=` and to `--enghelp=NAME` alike.
 */
export function canonicalEngineName(name: string): string {
  return name.startsWith("linuxaio") || name.startsWith("aio") ? "libaio" : name;
}

/** What an `ioengine=` value asks fio to load. */
export interface EngineRequest {
  /**
   * The name fio tries to load, as its "engine NAME not loadable" message
   * shows it: the value, or its listed prefix, or the external path.
   */
  readonly name: string;
  /**
   * Set for `external:PATH`: the path with blanks trimmed. fio first
   * requires it to be a regular file (else `fio: invalid external ioengine
   * path "PATH"` then `fio: failed parsing ioengine=VALUE`), then dlopens it;
   * dfio cannot load a C engine, so a valid path ends as "not loadable".
   */
  readonly externalPath?: string;
}

/**
 * Reads an `ioengine=` value the way fio 3.33 does: `NAME:suffix` selects
 * NAME only when NAME is in {@link IOENGINE_LISTED_NAMES}; `external:PATH`
 * names a file; no trimming beyond what the job-file reader already did
 * (` psync` on the command line is not loadable).
 */
export function engineRequestOf(value: string): EngineRequest {
  const colon = value.indexOf(":");
  if (colon >= 0) {
    const head = value.slice(0, colon);
    if (head === "external") {
      const path = value.slice(colon + 1).trim();
      return { name: path, externalPath: path };
    }
    if (IOENGINE_LISTED_NAMES.includes(head)) return { name: head };
  }
  return { name: value };
}

/**
 * The engine an `ioengine=` value loads in fio 3.33 (suffix and alias rules
 * applied), or undefined when fio would say `engine NAME not loadable`
 * with NAME = `engineRequestOf(value).name`.
 */
export function resolveEngine(value: string): EngineInfo | undefined {
  const req = engineRequestOf(value);
  if (req.externalPath !== undefined) return undefined;
  return findEngine(canonicalEngineName(req.name));
}

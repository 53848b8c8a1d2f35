/**
 * Options that exist only for particular ioengines (HOWTO "I/O engine
 * specific parameters"), for exactly the engines fio 3.33 here can load.
 * Options of engines it cannot load (http, nfs, dfs, libcufile, xnvme,
 * libblkio, librpma_*, libhdfs, ...) are absent on purpose: fio rejects
 * them as bad options, so dfio must too.
 *
 * An entry is shared by several engines when fio gives them the same
 * option (same type, default and range). Table order matters: each
 * engine's options, filtered in table order, are in fio's `--enghelp=ENGINE`
 * order.
 */
import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";
import { netEngineOptions } from "./engine_specific_net.ts";

const CAT = "I/O engine specific parameters" as const;
const o = (d: Omit<OptionDef, "category" | "implemented">): OptionDef => ({
  ...d,
  category: CAT,
  implemented: isImplemented(d.name),
});

const URING = ["io_uring", "io_uring_cmd"] as const;
const PRIO = ["io_uring", "io_uring_cmd", "libaio"] as const;

/** cpuio: a CPU burner, no data I/O. */
const cpuioOptions: readonly OptionDef[] = [
  o({
    name: "cpuload",
    type: "int",
    help: "Percentage of one CPU the job keeps busy",
    engines: ["cpuio"],
  }),
  o({
    name: "cpuchunks",
    type: "int",
    help: "Length of each busy cycle, in microseconds",
    default: "50000",
    parent: "cpuload",
    engines: ["cpuio"],
  }),
  o({
    name: "cpumode",
    type: "enum",
    help: "What the busy cycles compute",
    default: "noop",
    values: [
      { name: "noop", help: "Spin on no-op instructions" },
      { name: "qsort", help: "Sort arrays with qsort, drawing more power" },
    ],
    engines: ["cpuio"],
  }),
  o({
    name: "exit_on_io_done",
    type: "bool",
    help: "Stop burning once every I/O job has finished",
    default: "0",
    engines: ["cpuio"],
  }),
];

/** mmap: memory-mapped files. */
const mmapOptions: readonly OptionDef[] = [
  o({
    name: "thp",
    type: "int",
    help: "Ask for transparent huge pages on the mapping (madvise)",
    engines: ["mmap"],
  }),
];

/**
 * pvsync2, libaio, io_uring, io_uring_cmd and sg. One shared order keeps
 * each engine's `--enghelp` order (see the file comment).
 */
const queuedOptions: readonly OptionDef[] = [
  o({
    name: "hipri",
    type: "set",
    help: "Issue I/O as high priority, completed by polling (RWF_HIPRI / polled queues)",
    engines: ["pvsync2", "sg", ...URING],
  }),
  o({
    name: "hipri_percentage",
    type: "int",
    help: "Share of I/Os, in percent, that get RWF_HIPRI when hipri is set",
    default: "100",
    min: 0,
    max: 100,
    engines: ["pvsync2"],
  }),
  o({
    name: "userspace_reap",
    type: "set",
    help: "Reap completions from the AIO ring in user space, not via io_getevents",
    engines: ["libaio"],
  }),
  o({
    name: "cmdprio_percentage",
    type: "int",
    help: "Percent of I/Os sent with the cmdprio priority (read,write)",
    min: 0,
    max: 100,
    perDirection: true,
    engines: PRIO,
  }),
  o({
    name: "cmdprio_class",
    type: "int",
    help: "I/O priority class for the prioritized I/Os: 1 RT, 2 BE, 3 idle (read,write)",
    min: 1,
    max: 3,
    perDirection: true,
    engines: PRIO,
  }),
  o({
    name: "cmdprio",
    type: "int",
    help: "I/O priority level within the class for the prioritized I/Os (read,write)",
    min: 0,
    max: 7,
    perDirection: true,
    engines: PRIO,
  }),
  // fio stores the text as given and only reads it when the engine starts
  // (a bad value fails there with "fio: split conversion failed"), so
  // --parse-only accepts anything; the engine parses it with the
  // "cmdprio_bssplit" special parser at init.
  o({
    name: "cmdprio_bssplit",
    type: "str",
    help: "Priorities per block size: bs/pct[/class/level]:...[,write list]",
    engines: PRIO,
  }),
  o({
    name: "fixedbufs",
    type: "set",
    help: "Register the I/O buffers with the ring once, up front",
    engines: URING,
  }),
  o({
    name: "registerfiles",
    type: "set",
    help: "Open all files at start and register them with the ring",
    engines: URING,
  }),
  o({
    name: "sqthread_poll",
    type: "set",
    help: "Let a kernel thread poll the submission queue (SQPOLL)",
    engines: URING,
  }),
  o({
    name: "sqthread_poll_cpu",
    type: "int",
    help: "CPU the SQPOLL kernel thread is bound to",
    engines: URING,
  }),
  o({
    name: "nonvectored",
    type: "int",
    help: "Use plain READ/WRITE opcodes instead of READV/WRITEV (-1: probe)",
    default: "-1",
    engines: URING,
  }),
  o({
    name: "uncached",
    type: "int",
    help: "Buffered I/O with RWF_UNCACHED, dropping pages after use",
    engines: ["pvsync2", ...URING],
  }),
  o({
    name: "nowait",
    type: "bool",
    help: "Fail I/O with EAGAIN rather than block (RWF_NOWAIT)",
    engines: ["pvsync2", ...PRIO],
  }),
  o({
    name: "force_async",
    type: "int",
    help: "Mark every Nth request IOSQE_ASYNC so the kernel punts it to a worker",
    engines: URING,
  }),
  o({
    name: "cmd_type",
    type: "enum",
    help: "Kind of passthrough command io_uring_cmd sends",
    default: "nvme",
    values: [{ name: "nvme", help: "NVMe commands to an NVMe generic char device" }],
    engines: URING,
  }),
  o({
    name: "readfua",
    type: "bool",
    help: "Set Force Unit Access on every SCSI read",
    default: "0",
    engines: ["sg"],
  }),
  o({
    name: "writefua",
    type: "bool",
    help: "Set Force Unit Access on every SCSI write",
    default: "0",
    engines: ["sg"],
  }),
  o({
    name: "sg_write_mode",
    type: "enum",
    help: "Which SCSI command carries a write",
    default: "write",
    values: [
      { name: "write", help: "Plain SCSI WRITE" },
      { name: "write_and_verify", help: "WRITE AND VERIFY" },
      { name: "verify", help: "Old spelling of write_and_verify" },
      { name: "write_same", help: "WRITE SAME" },
      { name: "same", help: "Old spelling of write_same" },
      { name: "write_same_ndob", help: "WRITE SAME(16) with no data buffer (NDOB)" },
      { name: "verify_bytchk_00", help: "VERIFY with BYTCHK 00 (medium check only)" },
      { name: "verify_bytchk_01", help: "VERIFY with BYTCHK 01 (compare a full buffer)" },
      { name: "verify_bytchk_11", help: "VERIFY with BYTCHK 11 (compare one block pattern)" },
      { name: "write_stream", help: "WRITE STREAM(16) tagged with stream_id" },
    ],
    engines: ["sg"],
  }),
  o({
    name: "stream_id",
    type: "int",
    help: "Stream identifier placed in WRITE STREAM(16) commands",
    default: "0",
    engines: ["sg"],
  }),
];

/** Engines that act on files without data I/O, plus exec and e4defrag. */
const fileEngineOptions: readonly OptionDef[] = [
  o({
    name: "stat_type",
    type: "enum",
    help: "Which stat call filestat times",
    default: "stat",
    values: [
      { name: "stat", help: "stat(2)" },
      { name: "lstat", help: "lstat(2)" },
      { name: "statx", help: "statx(2), where the system has it" },
    ],
    engines: ["filestat"],
  }),
  o({
    name: "program",
    type: "str",
    help: "Program exec starts for the job",
    engines: ["exec"],
  }),
  o({
    name: "arguments",
    type: "str",
    help: "Argument string for the program (%r: job length in seconds, %n: job name)",
    engines: ["exec"],
  }),
  o({
    name: "grace_time",
    type: "int",
    help: "Seconds between SIGTERM and SIGKILL when stopping the program",
    default: "1",
    engines: ["exec"],
  }),
  o({
    name: "std_redirect",
    type: "bool",
    help: "Send the program's stdout/stderr to per-job files",
    default: "1",
    engines: ["exec"],
  }),
  o({
    name: "donorname",
    type: "str",
    help: "File e4defrag takes replacement blocks from",
    engines: ["e4defrag"],
  }),
  o({
    name: "inplace",
    type: "int",
    help: "1: allocate and free donor blocks inside each defrag step; 0: preallocate once",
    min: 0,
    max: 1,
    engines: ["e4defrag"],
  }),
  o({
    name: "skip_bad",
    type: "bool",
    help: "Leave out erase blocks the MTD device marks bad",
    default: "0",
    engines: ["mtd"],
  }),
];

/** Options of the HOWTO section(s) held in this file. */
export const engineSpecificOptions: readonly OptionDef[] = [
  ...cpuioOptions,
  ...mmapOptions,
  ...queuedOptions,
  ...fileEngineOptions,
  ...netEngineOptions,
];

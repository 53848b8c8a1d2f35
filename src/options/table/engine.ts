import type { EnumValue, OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/**
 * The engines `fio --enghelp` lists in fio 3.33 on Linux, in that order, plus
 * `external` (written `external:/path/engine.so`). The list documents the
 * accepted names; the "ioengine" parser also takes a bare path to a `.so`.
 */
export const IOENGINE_VALUES: readonly EnumValue[] = [
  { name: "cpuio", help: "Burn CPU cycles instead of doing I/O" },
  { name: "mmap", help: "Map the file into memory and copy to or from it" },
  { name: "sync", help: "Plain read(2)/write(2) after an lseek" },
  { name: "psync", help: "Positional pread(2)/pwrite(2)" },
  { name: "vsync", help: "readv(2)/writev(2), merging adjacent requests" },
  { name: "pvsync", help: "Positional vectored preadv(2)/pwritev(2)" },
  { name: "pvsync2", help: "preadv2(2)/pwritev2(2) with per-call flags" },
  { name: "null", help: "Completes every request without moving data" },
  { name: "net", help: "Send or receive over TCP/UDP sockets" },
  { name: "netsplice", help: "Network I/O moved through splice(2)" },
  { name: "ftruncate", help: "Each write becomes an ftruncate(2) to its offset" },
  { name: "filecreate", help: "Measures how long creating files takes" },
  { name: "filestat", help: "Measures how long stat()-ing files takes" },
  { name: "filedelete", help: "Measures how long deleting files takes" },
  { name: "exec", help: "Runs an external program as the workload" },
  { name: "posixaio", help: "POSIX aio_read/aio_write queued I/O" },
  { name: "falloc", help: "Each request becomes an fallocate(2) call" },
  { name: "e4defrag", help: "Drives ext4 online defragmentation ioctls" },
  { name: "splice", help: "Data moved through a pipe with splice/vmsplice" },
  { name: "gfapi", help: "GlusterFS through libgfapi, synchronous" },
  { name: "gfapi_async", help: "GlusterFS through libgfapi, asynchronous" },
  { name: "mtd", help: "Raw MTD flash devices through libmtd" },
  { name: "sg", help: "SCSI generic v3 pass-through" },
  { name: "io_uring", help: "Linux io_uring submission/completion rings" },
  { name: "io_uring_cmd", help: "io_uring pass-through commands (NVMe)" },
  { name: "nbd", help: "Network Block Device client via libnbd" },
  { name: "libaio", help: "Linux native asynchronous I/O (io_submit)" },
  { name: "rdma", help: "RDMA transfers through libibverbs" },
  { name: "rados", help: "Ceph RADOS objects through librados" },
  { name: "rbd", help: "Ceph RBD images through librbd" },
  { name: "pmemblk", help: "PMDK libpmemblk block pools" },
  { name: "dev-dax", help: "Device DAX persistent memory" },
  { name: "libpmem", help: "PMDK libpmem on DAX-mapped files" },
  { name: "external", help: "Load an engine from a shared object: external:/path.so" },
];

/** Options of the HOWTO section "I/O engine" (only those valid for every engine). */
export const engineOptions: readonly OptionDef[] = [
  {
    name: "ioengine",
    type: "special",
    parser: "ioengine",
    help: "Which I/O engine issues the job's requests",
    category: "I/O engine",
    default: "psync",
    values: IOENGINE_VALUES,
    implemented: isImplemented("ioengine"),
  },
];

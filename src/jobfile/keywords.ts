/**
 * Machine values behind fio's reserved job-file keywords `$pagesize`,
 * `$mb_memory` and `$ncpus`. Read lazily, once, and only when a job file uses
 * one, because each costs a file read.
 */

/** Values substituted for the reserved keywords. */
export interface KeywordValues {
  /** `$pagesize`: the system page size in bytes. */
  readonly pagesize: number;
  /** `$mb_memory`: total memory in MiB (rounded down). */
  readonly mb_memory: number;
  /** `$ncpus`: number of online CPUs. */
  readonly ncpus: number;
}

/** AT_PAGESZ in the ELF auxiliary vector. */
const AT_PAGESZ = 6n;

/** The page size the kernel gave this process, from /proc/self/auxv. */
function pageSize(): number {
  try {
    const bytes = Deno.readFileSync("/proc/self/auxv");
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let off = 0; off + 16 <= bytes.byteLength; off += 16) {
      const type = view.getBigUint64(off, true);
      if (type === 0n) break;
      if (type === AT_PAGESZ) return Number(view.getBigUint64(off + 8, true));
    }
  } catch {
    // Not Linux, or /proc hidden: fall through to the common value.
  }
  return 4096;
}

/** Total memory in MiB, as sysconf(_SC_PHYS_PAGES) * page size would give. */
function memoryMiB(): number {
  try {
    return Math.floor(Deno.systemMemoryInfo().total / (1024 * 1024));
  } catch {
    try {
      const m = /^MemTotal:\s+(\d+) kB/m.exec(Deno.readTextFileSync("/proc/meminfo"));
      if (m) return Math.floor(Number(m[1]) / 1024);
    } catch {
      // Fall through.
    }
  }
  return 0;
}

/** Counts the CPUs in a kernel CPU list such as `0-3,6,8-9`. */
export function countCpuList(list: string): number {
  let n = 0;
  for (const part of list.trim().split(",")) {
    if (part === "") continue;
    const [a, b] = part.split("-").map(Number);
    n += b === undefined ? 1 : b - a + 1;
  }
  return n;
}

/**
 * Online CPUs like sysconf(_SC_NPROCESSORS_ONLN); navigator.hardwareConcurrency
 * is a fallback only because it honours the affinity mask, which fio does not.
 */
function onlineCpus(): number {
  try {
    const n = countCpuList(Deno.readTextFileSync("/sys/devices/system/cpu/online"));
    if (n > 0) return n;
  } catch {
    // Fall through.
  }
  return navigator.hardwareConcurrency;
}

let cached: KeywordValues | undefined;

/** This machine's keyword values (computed on first use). */
export function machineKeywords(): KeywordValues {
  cached ??= { pagesize: pageSize(), mb_memory: memoryMiB(), ncpus: onlineCpus() };
  return cached;
}

/**
 * CPU sets: `cpumask=` (an integer bit mask) and `cpus_allowed=`-style lists
 * (`0-3,5`). Parsed value: the sorted list of CPU numbers.
 *
 * fio 3.33 is lax with lists: every ',' item is `A` or `A-B` read with C
 * atoi (`abc` is CPU 0, `1k` is 1), a reversed range selects nothing. The
 * only error is a CPU beyond the machine ("fio: CPU 5 too large (max=1)"),
 * and fio checks it only when really running, not under --parse-only.
 */
import { atoi, reject } from "./errors.ts";

/** Number of CPUs of this machine. */
export function cpuCount(): number {
  return navigator.hardwareConcurrency || 1;
}

/** Parses a CPU list like `0-3,5`. */
export function parseCpuList(text: string, parseOnly: boolean): number[] {
  const set = new Set<number>();
  const max = cpuCount() - 1;
  for (const item of text.split(",")) {
    if (item === "") continue;
    const dash = item.indexOf("-");
    const lo = atoi(dash >= 0 ? item.slice(0, dash) : item);
    const hi = dash >= 0 ? atoi(item.slice(dash + 1)) : lo;
    for (let cpu = lo; cpu <= hi; cpu++) {
      if (cpu > max && !parseOnly) reject(`fio: CPU ${cpu} too large (max=${max})`);
      set.add(cpu);
      if (set.size > 4096) break;
    }
  }
  return [...set].sort((a, b) => a - b);
}

/** The CPUs whose bits are set in `mask` (read as an unsigned 64-bit value). */
export function cpusOfMask(mask: bigint): number[] {
  const out: number[] = [];
  const m = BigInt.asUintN(64, mask);
  for (let i = 0; i < 64; i++) if ((m >> BigInt(i)) & 1n) out.push(i);
  return out;
}

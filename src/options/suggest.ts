/**
 * fio's "Did you mean X?" hint for an unknown option: the candidate with the
 * smallest edit distance (the first of equals, in fio's table order),
 * offered only when that distance is at most half the typed word's length
 * rounded up. Case matters.
 */
import { JOB_OPTIONS } from "./registry.ts";
import { fioOrderOf } from "./fio_order.ts";

/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The candidate closest to `typed`, if close enough to suggest. */
export function closestName(typed: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const name of candidates) {
    const d = editDistance(typed, name);
    if (d < bestDist) {
      best = name;
      bestDist = d;
    }
  }
  return best !== undefined && bestDist <= Math.floor((typed.length + 1) / 2) ? best : undefined;
}

let jobNames: string[] | undefined;

/** The closest job option name or alias to `typed` (fio's job-file hint). */
export function suggestOption(typed: string): string | undefined {
  jobNames ??= JOB_OPTIONS.flatMap((d) => [d.name, ...(d.aliases ?? [])])
    .sort((a, b) => fioOrderOf(a) - fioOrderOf(b));
  return closestName(typed, jobNames);
}

/** Test helpers: an in-memory file tree for JobFileOptions.readText, error asserts. */

import assert from "node:assert/strict";
import { FioError } from "../../src/errors.ts";
import type { JobFileOptions } from "../../src/jobfile/read.ts";

/** Asserts that fn throws a FioError with exactly this message (and extra lines). */
export function assertFioError(fn: () => unknown, message: string, extra: string[] = []): void {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof FioError, `not a FioError: ${e}`);
    assert.equal(e.message, message);
    assert.deepEqual(e.extra, extra);
    assert.equal(e.exitCode, 1);
    return true;
  });
}

/** Options reading from `files` (missing paths throw NotFound), fixed env and keywords. */
export function memOpts(
  files: Record<string, string>,
  env: Record<string, string> = {},
): JobFileOptions & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    env: new Map(Object.entries(env)),
    keywords: { pagesize: 4096, mb_memory: 24105, ncpus: 2 },
    readText(path: string): string {
      reads.push(path);
      const text = files[path];
      if (text === undefined) throw new Deno.errors.NotFound(`no ${path}`);
      return text;
    },
  };
}

/** Sections reduced to `[name]` plus `key=value` / `key` strings, for compact asserts. */
export function flat(
  sections: readonly { name: string; entries: readonly { key: string; value?: string }[] }[],
): string[] {
  const out: string[] = [];
  for (const s of sections) {
    out.push(`[${s.name}]`);
    for (const e of s.entries) out.push(e.value === undefined ? e.key : `${e.key}=${e.value}`);
  }
  return out;
}

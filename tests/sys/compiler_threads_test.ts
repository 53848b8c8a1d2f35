import assert from "node:assert/strict";
import { favourCompilerThreads } from "../../src/sys/compiler_threads.ts";

/** The nice value of thread `tid` of this process (field 19 of its stat). */
function niceOf(tid: string): number {
  const stat = Deno.readTextFileSync(`/proc/self/task/${tid}/stat`);
  // Fields after the parenthesised comm, which may hold spaces.
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(rest[16]);
}

function compilerThreads(): string[] {
  return [...Deno.readDirSync("/proc/self/task")].map((e) => e.name).filter((tid) =>
    Deno.readTextFileSync(`/proc/self/task/${tid}/comm`).startsWith("V8 DefaultWorke")
  );
}

Deno.test("favourCompilerThreads raises V8's background threads to nice -20 where allowed", () => {
  const threads = compilerThreads();
  assert.ok(threads.length > 0, "Deno runs V8 background threads");
  const before = threads.map(niceOf);
  const mainBefore = niceOf(String(Deno.pid));
  const done = favourCompilerThreads();
  if (Deno.uid() === 0) {
    assert.equal(done, threads.length);
    for (const tid of threads) assert.equal(niceOf(tid), -20);
  } else {
    // Unprivileged: setpriority refuses a lower nice and nothing changes.
    assert.equal(done, 0);
    assert.deepEqual(threads.map(niceOf), before);
  }
  // The calling thread keeps its own priority.
  assert.equal(niceOf(String(Deno.pid)), mainBefore);
});

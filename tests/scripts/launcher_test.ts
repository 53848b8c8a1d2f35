/**
 * scripts/fio must run main.ts as the compiled binary does: the same
 * permissions and V8 flags as deno.json's `compile` task (and `fio` task).
 */
import assert from "node:assert/strict";

const root = new URL("../../", import.meta.url);

/** The permission and V8 flags in a command line. */
function runtimeFlags(words: string[]): string[] {
  return words.filter((w) => w.startsWith("--allow-") || w.startsWith("--v8-flags=")).sort();
}

Deno.test("the launcher passes the compile task's permissions and V8 flags", () => {
  const tasks = JSON.parse(Deno.readTextFileSync(new URL("deno.json", root))).tasks;
  const compile = runtimeFlags(tasks.compile.split(/\s+/));
  assert.ok(compile.some((f) => f.startsWith("--v8-flags=")), "compile sets V8 flags");
  assert.deepEqual(runtimeFlags(tasks.fio.split(/\s+/)), compile);
  // The launcher keeps them in shell variables (perms=..., v8=...).
  const sh = Deno.readTextFileSync(new URL("scripts/fio", root));
  const vars = [...sh.matchAll(/^(perms|v8)="([^"]*)"$/gm)].flatMap((m) => m[2].split(/\s+/));
  assert.deepEqual(runtimeFlags(vars), compile);
  for (const line of sh.split("\n").filter((l) => l.startsWith("exec "))) {
    assert.ok(line.includes("$perms $v8"), line);
  }
});

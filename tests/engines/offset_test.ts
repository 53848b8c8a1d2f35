import assert from "node:assert/strict";
import { off64, u64 } from "../../src/engines/offset.ts";

Deno.test("off64: exact for offsets across both 32-bit words", () => {
  const values = [
    0,
    1,
    4096,
    2 ** 31 - 1,
    2 ** 31,
    2 ** 32 - 1,
    2 ** 32,
    2 ** 32 + 4096,
    2 ** 40 + 12345,
    2 ** 53 - 1,
  ];
  for (const v of values) assert.equal(off64(v), BigInt(v), `${v}`);
  for (let i = 0; i < 1000; i++) {
    const v = Math.floor(Math.random() * 2 ** 53);
    assert.equal(off64(v), BigInt(v));
  }
});

Deno.test("u64: lengths below 4 GiB", () => {
  for (const v of [0, 512, 4096, 2 ** 31, 2 ** 32 - 1]) assert.equal(u64(v), BigInt(v));
});

function scavenges(mode: string, path: string): number {
  const fixture = new URL("./fixtures/alloc_loop.ts", import.meta.url).pathname;
  const out = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--v8-flags=--trace-gc,--max-semi-space-size=1",
      fixture,
      mode,
      path,
      "250000",
    ],
    stdout: "piped",
    stderr: "inherit",
  }).outputSync();
  assert.equal(out.code, 0);
  // V8's GC trace is buffered apart from console output, so count the whole
  // run; warm-up contributes at most a GC or two.
  const text = new TextDecoder().decode(out.stdout);
  return text.split("\n").filter((l) => l.includes("Scavenge")).length;
}

Deno.test("psync hot path: no heap allocation per I/O (GC count in a subprocess)", () => {
  // A sparse 64 GiB file: reads of holes are cheap and offsets need 36 bits.
  const path = Deno.makeTempFileSync({ prefix: "dfio-alloc-" });
  try {
    Deno.truncateSync(path, 64 * 2 ** 30);
    const control = scavenges("pointer", path);
    const engine = scavenges("engine", path);
    // The control boxes a BigInt per call (~40 bytes): dozens of GCs over
    // 400k reads with a 1 MiB young generation. The engine path must not.
    assert.ok(control >= 5, `control loop should allocate (saw ${control} GCs)`);
    assert.ok(engine <= 3, `psync loop allocated: ${engine} GCs over 250k I/Os`);
  } finally {
    Deno.removeSync(path);
  }
});

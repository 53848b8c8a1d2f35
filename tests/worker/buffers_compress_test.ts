/**
 * buffer_compress_percentage / buffer_compress_chunk / dedupe: measured
 * properties (deflate ratio, unique blocks, fio-dedupe's estimate) and
 * byte equality with files written by fio 3.33 (live, skipped without fio).
 */

import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import { BufferContents } from "../../src/worker/buffers.ts";
import { HAVE_FIO, specOf } from "./files/helpers.ts";

const BS = 4096;

if (!HAVE_FIO) console.log("buffers_compress_test: live cases skipped, fio is not on PATH");

/**
 * The bytes a psync rw=write job of `count` blocks writes: the io unit's
 * buffer is filled once at setup, then refilled before every write.
 */
function written(args: string[], count: number, bs = BS): Uint8Array {
  const c = new BufferContents(
    specOf(["rw=write", "randrepeat=0", "randseed=137", `bs=${bs}`, `size=${count * bs}`, ...args]),
  );
  const buf = new Uint8Array(bs);
  c.fill(buf, bs);
  const out = new Uint8Array(count * bs);
  for (let i = 0; i < count; i++) {
    c.fill(buf, bs);
    out.set(buf, i * bs);
  }
  return out;
}

function deflateRatio(b: Uint8Array): number {
  return deflateSync(b, { level: 6 }).length / b.length;
}

function uniqueBlocks(b: Uint8Array, bs = BS): number {
  const seen = new Set<string>();
  for (let i = 0; i < b.length; i += bs) {
    seen.add(new TextDecoder("latin1").decode(b.subarray(i, i + bs)));
  }
  return seen.size;
}

Deno.test("buffer_compress_percentage: the data deflates to about (100 - p)%", () => {
  for (const p of [20, 50, 80]) {
    const r = deflateRatio(written([`buffer_compress_percentage=${p}`], 512));
    assert.ok(Math.abs(r - (100 - p) / 100) < 0.03, `p=${p}: ratio ${r.toFixed(3)}`);
  }
});

Deno.test("buffer_compress_chunk: each chunk is random then zeros (default 512)", () => {
  for (const chunk of [512, 1024]) {
    const args = ["buffer_compress_percentage=50", `buffer_compress_chunk=${chunk}`];
    const b = written(args, 4);
    const half = chunk / 2;
    for (let at = 0; at < b.length; at += chunk) {
      assert.ok(b.subarray(at, at + half).some((x) => x !== 0), `random bytes at ${at}`);
      assert.ok(b.subarray(at + half, at + chunk).every((x) => x === 0), `zeros after ${at}`);
    }
    const r = deflateRatio(written(args, 512));
    assert.ok(Math.abs(r - 0.5) < 0.03, `chunk ${chunk}: ratio ${r}`);
  }
  // Without the option the chunk is fio's default, 512.
  assert.deepEqual(
    written(["buffer_compress_percentage=50"], 2),
    written([
      "buffer_compress_percentage=50",
      "buffer_compress_chunk=512",
    ], 2),
  );
});

Deno.test("buffer_compress_percentage=100 writes zeros; a pattern fills the compressible part", () => {
  assert.ok(written(["buffer_compress_percentage=100"], 4).every((x) => x === 0));
  const b = written(["buffer_compress_percentage=50", "buffer_pattern=0xdeadbeef"], 2);
  // Default chunk 512: bytes 256..511 of each chunk hold the pattern.
  assert.deepEqual([...b.subarray(256, 264)], [0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef]);
});

Deno.test("dedupe_percentage: about p% of the blocks repeat earlier ones", () => {
  const n = 2048;
  for (
    const args of [["dedupe_percentage=30"], ["dedupe_percentage=60"], [
      "dedupe_percentage=40",
      "dedupe_mode=working_set",
      "dedupe_working_set_percentage=10",
    ]]
  ) {
    const p = Number(args[0].split("=")[1]);
    const dup = 1 - uniqueBlocks(written(args, n)) / n;
    assert.ok(Math.abs(dup - p / 100) < 0.04, `${args.join(" ")}: ${dup.toFixed(3)} repeated`);
  }
  assert.equal(uniqueBlocks(written(["dedupe_percentage=100"], 64)), 1);
});

Deno.test("dedupe working set: repeats come from a set of size * ws% / bs pages", () => {
  const n = 2048;
  const b = written([
    "dedupe_percentage=80",
    "dedupe_mode=working_set",
    "dedupe_working_set_percentage=5",
  ], n);
  // 20% unique writes plus at most 102 working-set pages.
  assert.ok(uniqueBlocks(b) <= Math.ceil(n * 0.25) + 102, String(uniqueBlocks(b)));
  assert.throws(
    () =>
      written([
        "dedupe_percentage=70",
        "dedupe_mode=working_set",
        "dedupe_working_set_percentage=50",
      ], 1),
    { message: /^fio: impossible to reach expected dedupe percentage 70 since 50 percentage/ },
  );
});

/** Cases compared byte for byte with the file fio 3.33 writes. */
const LIVE: string[][] = [
  ["buffer_compress_percentage=50"],
  ["buffer_compress_percentage=70", "buffer_compress_chunk=512"],
  ["dedupe_percentage=30"],
  ["dedupe_percentage=30", "buffer_compress_percentage=40", "random_generator=tausworthe64"],
  ["dedupe_percentage=40", "dedupe_mode=working_set", "dedupe_working_set_percentage=20"],
];

function fioWrites(args: string[], count: number): Uint8Array {
  const dir = Deno.makeTempDirSync({ prefix: "dfio_compress_" });
  try {
    const r = new Deno.Command("fio", {
      args: [
        `--output=${dir}/out`,
        "--name=j",
        `--filename=${dir}/data`,
        "--ioengine=psync",
        "--rw=write",
        "--randrepeat=0",
        "--randseed=137",
        `--bs=${BS}`,
        `--size=${count * BS}`,
        ...args.map((a) => `--${a}`),
      ],
      stdout: "null",
      stderr: "piped",
    }).outputSync();
    assert.ok(r.success, new TextDecoder().decode(r.stderr));
    return Deno.readFileSync(`${dir}/data`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

for (const args of LIVE) {
  Deno.test({
    name: `written data equals fio 3.33's byte for byte: ${args.join(" ")}`,
    ignore: !HAVE_FIO,
    fn: () => {
      const fio = fioWrites(args, 256);
      const mine = written(args, 256);
      const first = mine.findIndex((b, i) => b !== fio[i]);
      assert.equal(first, -1, `first differing byte ${first}`);
      assert.equal(mine.length, fio.length);
    },
  });
}

const FIO_DEDUPE = (() => {
  try {
    Deno.statSync("/usr/bin/fio-dedupe");
    return true;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "fio-dedupe estimates the dedupe_percentage asked for",
  ignore: !FIO_DEDUPE,
  fn: () => {
    const dir = Deno.makeTempDirSync({ prefix: "dfio_dedupe_" });
    try {
      for (const p of [25, 50]) {
        Deno.writeFileSync(`${dir}/data`, written([`dedupe_percentage=${p}`], 2048));
        const r = new Deno.Command("/usr/bin/fio-dedupe", {
          args: ["-b", String(BS), `${dir}/data`],
          stdout: "piped",
          stderr: "piped",
        }).outputSync();
        const text = new TextDecoder().decode(r.stdout);
        const got = Number(/dedupe_percentage=(\d+)/.exec(text)?.[1]);
        assert.ok(Math.abs(got - p) <= 3, `asked ${p}, fio-dedupe says ${got}`);
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

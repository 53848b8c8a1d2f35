/**
 * Microbenchmark of the sync-engine hot path: 4 KiB random reads from a
 * cached 256 MiB file through the real PsyncEngine (or the NullEngine), two
 * clock reads per I/O, for a few seconds; then the same job on real fio.
 *
 *   deno run -A scripts/microbench/pread_loop.ts [--engine=psync|null]
 *     [--offset=off64|bigint|slot|pointer|number] [--secs=3] [--file=PATH] [--no-fio]
 *
 * `--offset` swaps how the loop hands the 64-bit offset to pread, to compare
 * the technique psync uses (off64) with the alternatives (psync only; the
 * variants call libc directly instead of going through the engine).
 */

import { makeNowNs } from "../../src/sys/clock.ts";
import { libc } from "../../src/sys/libc.ts";
import { allocAligned } from "../../src/sys/memory.ts";
import { off64 } from "../../src/engines/offset.ts";
import { NullEngine } from "../../src/engines/null.ts";
import { openFlags } from "../../src/engines/fileops.ts";
import { PsyncEngine } from "../../src/engines/psync.ts";
import { DDIR, EngineFile, type IoEngine, IoUnit } from "../../src/engines/types.ts";

const args = new Map(
  Deno.args.map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? "1"] as [string, string];
  }),
);
const engineName = args.get("engine") ?? "psync";
const offsetMode = args.get("offset") ?? "off64";
const secs = Number(args.get("secs") ?? 3);
const path = args.get("file") ?? "/tmp/dfio-microbench-256m";
const SIZE = 256 * 1024 * 1024;
const BS = 4096;
const NBLOCKS = SIZE / BS;

function ensureFile(): void {
  try {
    if (Deno.statSync(path).size === SIZE) return;
  } catch {
    // create below
  }
  const f = Deno.openSync(path, { write: true, create: true, truncate: true });
  const chunk = new Uint8Array(1 << 20);
  for (let i = 0; i < SIZE / chunk.length; i++) {
    crypto.getRandomValues(chunk.subarray(0, 65536));
    f.writeSync(chunk);
  }
  f.close();
  // Read it once so every later read hits the page cache.
  Deno.readFileSync(path);
}

/** IOPS of the engine loop: fio-style offsets, 2 clock reads per I/O. */
function engineLoop(engine: IoEngine, io: IoUnit, runSecs: number): number {
  const now = makeNowNs();
  let s = 0x12345678 | 0;
  let n = 0;
  let latSum = 0;
  const end = now() + runSecs * 1e9;
  for (;;) {
    for (let i = 0; i < 1024; i++) {
      // xorshift32, scaled to a block the way fio maps a 32-bit random value.
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      io.offset = Math.floor(NBLOCKS * ((s >>> 0) / 4294967296)) * BS;
      const t0 = now();
      io.startNs = t0;
      engine.queue(io);
      latSum += now() - t0;
      if (io.result !== BS) throw new Error(`short or failed I/O: ${io.result}`);
    }
    n += 1024;
    if (now() >= end) break;
  }
  return n / runSecs + latSum * 0;
}

/** IOPS of a bare pread loop with one of the offset-passing variants. */
function variantLoop(fd: number, addr: bigint, ptr: Deno.PointerObject, runSecs: number): number {
  const c = libc();
  // The `pointer`-typed pread shows what psync avoids by passing addresses
  // as usize: with a pointer object argument V8 boxes the i64 offset.
  const withPtr = Deno.dlopen("libc.so.6", {
    pread: { parameters: ["i32", "pointer", "usize", "i64"], result: "i32" },
  }).symbols.pread;
  const now = makeNowNs();
  const big = new BigInt64Array(1);
  const big32 = new Uint32Array(big.buffer);
  const bs = BigInt(BS);
  let s = 0x12345678 | 0;
  let n = 0;
  const end = now() + runSecs * 1e9;
  for (;;) {
    for (let i = 0; i < 1024; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const off = Math.floor(NBLOCKS * ((s >>> 0) / 4294967296)) * BS;
      now();
      let r: number;
      if (offsetMode === "bigint") {
        r = c.pread(fd, addr, bs, BigInt(off));
      } else if (offsetMode === "slot") {
        big32[0] = off >>> 0;
        big32[1] = (off / 4294967296) | 0;
        r = c.pread(fd, addr, bs, big[0]);
      } else if (offsetMode === "pointer") {
        r = withPtr(fd, ptr, bs, off64(off));
      } else {
        // deno-lint-ignore no-explicit-any
        r = c.pread(fd, addr, bs, off as any);
      }
      now();
      if (r !== BS) throw new Error(`short or failed I/O: ${r}`);
    }
    n += 1024;
    if (now() >= end) break;
  }
  return n / runSecs;
}

function runFio(): number | undefined {
  const common = ["--name=x", "--rw=randread", "--bs=4k", "--size=256m", "--time_based"];
  const engineArgs = engineName === "null"
    ? ["--ioengine=null"]
    : ["--ioengine=psync", `--filename=${path}`, "--invalidate=0"];
  try {
    const out = new Deno.Command("fio", {
      args: [...common, ...engineArgs, "--runtime=5", "--norandommap", "--output-format=json"],
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    const json = JSON.parse(new TextDecoder().decode(out.stdout));
    return json.jobs[0].read.iops as number;
  } catch {
    return undefined;
  }
}

ensureFile();
const buf = allocAligned(BS, 4096);
const io = new IoUnit(0);
io.setBuffer(buf.bytes, buf.pointer);
io.ddir = DDIR.READ;
io.buflen = BS;
const file = new EngineFile(path, openFlags({ read: true, write: false }));
io.file = file;

let label: string;
let iops: number;
if (engineName === "null") {
  const engine = new NullEngine();
  engine.init({ iodepth: 1, options: {} });
  engineLoop(engine, io, 0.5);
  iops = engineLoop(engine, io, secs);
  label = "dfio null engine";
} else {
  const engine = new PsyncEngine();
  engine.init({ iodepth: 1, options: {} });
  if (engine.openFile(file) !== 0) throw new Error(`cannot open ${path}`);
  if (offsetMode === "off64") {
    engineLoop(engine, io, 0.5);
    iops = engineLoop(engine, io, secs);
    label = "dfio psync engine (off64)";
  } else {
    variantLoop(file.fd, buf.address, buf.pointer, 0.5);
    iops = variantLoop(file.fd, buf.address, buf.pointer, secs);
    label = `bare pread loop (offset=${offsetMode})`;
  }
  engine.closeFile(file);
}
const mem = Deno.memoryUsage();
console.log(`${label}: ${(iops / 1000).toFixed(0)}k IOPS (heapUsed ${mem.heapUsed >> 10} KiB)`);
if (args.get("no-fio") === undefined) {
  const fioIops = runFio();
  if (fioIops === undefined) console.log("fio: not run (not on PATH?)");
  else {
    console.log(
      `fio ${engineName}: ${(fioIops / 1000).toFixed(0)}k IOPS; ratio dfio/fio ${
        (iops / fioIops).toFixed(2)
      }`,
    );
  }
}

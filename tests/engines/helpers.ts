/**
 * Test scaffolding for engines: temp files with known contents and io units
 * wired to native buffers, as the run core will build them.
 */

import { allocAligned, type NativeBuffer } from "../../src/sys/memory.ts";
import type { CmdprioSetup } from "../../src/engines/cmdprio.ts";
import { IoUringEngine } from "../../src/engines/io_uring.ts";
import { EngineFile, type IoEngine, IoUnit } from "../../src/engines/types.ts";
import { O } from "../../src/sys/libc.ts";

/** Bytes where byte i is a function of i (and a seed), for read checks. */
export function pattern(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed * 17 + (i >> 12)) & 0xff;
  return out;
}

/** A temp file holding `data`. */
export function tempFile(data: Uint8Array): string {
  const path = Deno.makeTempFileSync({ prefix: "dfio-engine-" });
  Deno.writeFileSync(path, data);
  return path;
}

/** An engine with an open file and `depth` io units of `bs` bytes each. */
export interface Rig {
  engine: IoEngine;
  file: EngineFile;
  units: IoUnit[];
  buffers: NativeBuffer[];
  close(): void;
}

/**
 * Inits `engine` (with `cmdprio` when given), builds its io units (as many
 * as the engine's unitCount asks for), runs its postInit and opens `path`
 * with `flags`, in the run core's order.
 */
export function rig(
  engine: IoEngine,
  path: string,
  flags: number,
  opts: {
    depth?: number;
    bs?: number;
    options?: Record<string, number | boolean>;
    cmdprio?: CmdprioSetup;
  } = {},
): Rig {
  const depth = opts.depth ?? 1;
  const bs = opts.bs ?? 4096;
  const init = { iodepth: depth, options: opts.options ?? {}, cmdprio: opts.cmdprio };
  if (engine.init(init) !== 0) throw new Error("init");
  const file = new EngineFile(path, flags);
  const buffers: NativeBuffer[] = [];
  const units: IoUnit[] = [];
  const n = engine.unitCount?.(depth) ?? depth;
  for (let i = 0; i < n; i++) {
    const b = allocAligned(bs, 4096);
    const io = new IoUnit(i);
    io.setBuffer(b.bytes, b.pointer);
    io.file = file;
    if (opts.cmdprio !== undefined) io.ioprio = opts.cmdprio.ioprio;
    buffers.push(b);
    units.push(io);
  }
  const failure = engine.postInit?.(units, [file]) ?? null;
  if (failure !== null) throw new Error(`postInit: ${JSON.stringify(failure)}`);
  const rc = engine.openFile(file);
  if (rc !== 0) throw new Error(`open ${path}: ${rc}`);
  return {
    engine,
    file,
    units,
    buffers,
    close() {
      engine.closeFile(file);
      engine.cleanup();
      for (const b of buffers) b.release();
    },
  };
}

/**
 * Runs `body` on a {@link rig} over a temp file holding `data`, then closes
 * the rig and removes the file, whether `body` passes or throws. With
 * O_DIRECT in `flags`, a filesystem that refuses it skips the test (logged)
 * instead of failing it: the temp directory may be on tmpfs.
 */
export function withRig(
  engine: IoEngine,
  data: Uint8Array,
  flags: number,
  opts: Parameters<typeof rig>[3],
  body: (r: Rig, path: string) => void,
): void {
  const path = tempFile(data);
  try {
    let r: Rig;
    try {
      r = rig(engine, path, flags, opts);
    } catch (e) {
      if ((flags & O.DIRECT) === 0) throw e;
      console.log("skipped: O_DIRECT is not supported on the temp directory's filesystem");
      return;
    }
    try {
      body(r, path);
    } finally {
      r.close();
    }
  } finally {
    Deno.removeSync(path);
  }
}

/** Reaps until `n` I/Os are back (any order), asking for at least `min` per call. */
export function reapAll(engine: IoEngine, n: number, min = 1): IoUnit[] {
  const out: IoUnit[] = [];
  while (out.length < n) {
    const left = n - out.length;
    const got = engine.getEvents(Math.min(min, left), left, -1);
    if (got < 0) throw new Error(`getEvents: ${got}`);
    for (let i = 0; i < got; i++) out.push(engine.event(i));
  }
  return out;
}

/** Whether this kernel lets the process set up an io_uring ring (tests skip without). */
export function uringAvailable(): boolean {
  const e = new IoUringEngine();
  e.init({ iodepth: 1, options: {} });
  const failure = e.postInit([new IoUnit(0)], []);
  e.cleanup();
  return failure === null;
}

/**
 * Test scaffolding for engines: temp files with known contents and io units
 * wired to native buffers, as the run core will build them.
 */

import { allocAligned, type NativeBuffer } from "../../src/sys/memory.ts";
import { EngineFile, type IoEngine, IoUnit } from "../../src/engines/types.ts";

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

/** Inits `engine`, opens `path` with `flags`, builds the io units. */
export function rig(
  engine: IoEngine,
  path: string,
  flags: number,
  opts: { depth?: number; bs?: number; options?: Record<string, number | boolean> } = {},
): Rig {
  const depth = opts.depth ?? 1;
  const bs = opts.bs ?? 4096;
  if (engine.init({ iodepth: depth, options: opts.options ?? {} }) !== 0) throw new Error("init");
  const file = new EngineFile(path, flags);
  const rc = engine.openFile(file);
  if (rc !== 0) throw new Error(`open ${path}: ${rc}`);
  const buffers: NativeBuffer[] = [];
  const units: IoUnit[] = [];
  for (let i = 0; i < depth; i++) {
    const b = allocAligned(bs, 4096);
    const io = new IoUnit(i);
    io.setBuffer(b.bytes, b.pointer);
    io.file = file;
    buffers.push(b);
    units.push(io);
  }
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

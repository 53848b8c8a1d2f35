/**
 * Builds the engine object for an `ioengine=` name. Only engines dfio
 * implements are here; src/engines/catalog.ts lists every name fio knows.
 */

import { IoUringEngine } from "./io_uring.ts";
import { LibaioEngine } from "./libaio.ts";
import { MmapEngine } from "./mmap.ts";
import { NullEngine } from "./null.ts";
import { PosixaioEngine } from "./posixaio.ts";
import { PsyncEngine } from "./psync.ts";
import { PvsyncEngine } from "./pvsync.ts";
import { Pvsync2Engine } from "./pvsync2.ts";
import { SyncEngine } from "./sync.ts";
import type { IoEngine } from "./types.ts";
import { VsyncEngine } from "./vsync.ts";

const FACTORIES: Readonly<Record<string, () => IoEngine>> = {
  sync: () => new SyncEngine(),
  psync: () => new PsyncEngine(),
  vsync: () => new VsyncEngine(),
  pvsync: () => new PvsyncEngine(),
  pvsync2: () => new Pvsync2Engine(),
  null: () => new NullEngine(),
  libaio: () => new LibaioEngine(),
  posixaio: () => new PosixaioEngine(),
  mmap: () => new MmapEngine(),
  io_uring: () => new IoUringEngine(),
};

/** Names of the engines {@link createEngine} can build. */
export const IMPLEMENTED_ENGINES: readonly string[] = Object.keys(FACTORIES);

/**
 * A new engine for `name`, or undefined when dfio does not implement it.
 * Call inside the job's Worker: engines open libc for their own thread.
 */
export function createEngine(name: string): IoEngine | undefined {
  return Object.hasOwn(FACTORIES, name) ? FACTORIES[name]() : undefined;
}

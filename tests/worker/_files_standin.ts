/**
 * Test stand-in for the file setup API (src/worker/files/setup.ts and
 * src/worker/buffers.ts): one file per job from `filename`, laid out with
 * zeros to `size` when missing, all files opened by the loop on demand.
 * Enough to drive the I/O loop in-process; the real setup does far more.
 */

import { openFlags } from "../../src/engines/fileops.ts";
import { EngineFile, type IoEngine, type IoUnit } from "../../src/engines/types.ts";
import { optionValue } from "../../src/job/options.ts";
import type { JobSpec } from "../../src/job/spec.ts";
import { findOption } from "../../src/options/registry.ts";
import { parseOptionValue } from "../../src/options/parse.ts";
import { DEFAULT_PARSE_CONTEXT, type ParsedValue } from "../../src/options/types.ts";
import { allocAligned } from "../../src/sys/memory.ts";
import type { FilesApi, SetupFile, SetupFiles } from "../../src/worker/run_job.ts";

/** A JobSpec from `key=value` strings, parsed with the option table. */
export function specOf(opts: Record<string, string>, ioengine = "psync", jobNumber = 1): JobSpec {
  const options: Record<string, ParsedValue> = {};
  const jobOptions = [];
  for (const [k, v] of Object.entries(opts)) {
    const def = findOption(k, ioengine);
    if (!def) throw new Error(`no option ${k}`);
    options[def.name] = parseOptionValue(def, v, DEFAULT_PARSE_CONTEXT);
    jobOptions.push({ name: def.name, value: v });
  }
  return {
    name: "job",
    jobNumber,
    clone: 0,
    groupId: 0,
    stonewall: false,
    sourceIndex: 0,
    options,
    jobOptions,
    ioengine,
    seed: typeof options["randseed"] === "number" ? BigInt(options["randseed"]) : 0x89n,
  };
}

function sizeOf(spec: JobSpec): number {
  const v = optionValue(spec, "size");
  return typeof v === "number" ? v : 0;
}

/** The stand-in API. */
export const STANDIN_FILES: FilesApi = {
  setupJobFiles(spec: JobSpec, engine: IoEngine): SetupFiles {
    const given = optionValue(spec, "filename") as string[] | undefined;
    const names = given && given.length > 0 ? given : [`${spec.name}.${spec.jobNumber - 1}.0`];
    const size = sizeOf(spec);
    const rw = (optionValue(spec, "rw") as { rw: string }).rw;
    const write = /write|rw|trim/.test(rw);
    const files: SetupFile[] = names.map((name) => {
      if (!engine.flags.noFile && !engine.flags.diskless) {
        let have = -1;
        try {
          have = Deno.statSync(name).size;
        } catch {
          // laid out below
        }
        if (have < size) Deno.writeFileSync(name, new Uint8Array(size));
      }
      const real = engine.flags.diskless ? size : Deno.statSync(name).size;
      return {
        engineFile: new EngineFile(name, openFlags({ read: true, write })),
        ioOffset: 0,
        ioSize: size > 0 ? size : real,
        realSize: real,
        isBlockDevice: false,
        isCharDevice: false,
      };
    });
    return { files, totalIoSize: files.reduce((s, f) => s + f.ioSize, 0) };
  },
  openJobFile(f: SetupFile, engine: IoEngine): number {
    return engine.openFile(f.engineFile);
  },
  closeJobFile(f: SetupFile, engine: IoEngine): number {
    return engine.closeFile(f.engineFile);
  },
  finishJobFiles(): void {},
  loopJobFiles(): void {},
  allocateBuffers(_spec: JobSpec, units: IoUnit[], maxBs: number): () => void {
    const bufs = units.map((u) => {
      const b = allocAligned(Math.max(maxBs, 4096), 4096);
      u.setBuffer(b.bytes.subarray(0, maxBs), b.pointer);
      return b;
    });
    return () => bufs.forEach((b) => b.release());
  },
};

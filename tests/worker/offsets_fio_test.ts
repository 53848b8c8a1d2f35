/**
 * Live comparison with fio 3.33: fio runs two jobs (job numbers 1 and 2) on
 * the null engine with `--randrepeat=0 --randseed=N --write_iolog=F`, and the
 * offsets in F must equal what JobOffsets produces for the same job.
 *
 * Notes on fio 3.33 that shape these jobs:
 * - randrepeat=0 without randseed takes seeds from the system RNG, so the
 *   default seed (0x89 = 137) is passed explicitly.
 * - write_iolog appends to an existing file, and numjobs clones all append
 *   to one file (interleaving once stdio flushes), so long runs use two
 *   separate jobs with their own logs; the numjobs=2 cases stay below one
 *   stdio buffer per clone.
 * - iolog v2 lines are `<msec> <file> <action> [<offset> <length>]`; only
 *   read/write/trim lines carry offsets. This knowledge stays in this test.
 */

import assert from "node:assert/strict";
import { JobOffsets, type OffsetOptions } from "../../src/worker/offsets/offsets.ts";
import { jobSeeds } from "../../src/worker/random/seeds.ts";
import type { RandomGeneratorKind } from "../../src/worker/random/generator.ts";
import { HAVE_FIO } from "../helpers/run.ts";

const FIO = HAVE_FIO;
const SKIP = !FIO;
if (SKIP) console.log("offsets_fio_test: skipped, fio is not on PATH");

/** One logged I/O. */
interface LoggedIo {
  ddir: number;
  offset: number;
  len: number;
}

/** Parses a fio iolog v2 file into per-file-name I/O lists. */
function parseIolog(text: string): Map<string, LoggedIo[]> {
  const out = new Map<string, LoggedIo[]>();
  const lines = text.split("\n");
  assert.equal(lines[0], "fio version 3 iolog");
  for (const line of lines.slice(1)) {
    const f = line.split(" ");
    if (f.length !== 5) continue;
    const ddir = f[2] === "read" ? 0 : f[2] === "write" ? 1 : f[2] === "trim" ? 2 : -1;
    if (ddir < 0) continue;
    if (!out.has(f[1])) out.set(f[1], []);
    out.get(f[1])!.push({ ddir, offset: Number(f[3]), len: Number(f[4]) });
  }
  return out;
}

/** A job as both tools see it. */
interface Case {
  /** Extra fio options (without --name). */
  args: string[];
  rw: "randread" | "randwrite" | "randrw" | "read" | "write";
  bs: number;
  size: number;
  seed: number;
  gen: RandomGeneratorKind;
  map: boolean;
  offset?: number;
  blockAlign?: number;
  percentageRandom?: number;
  percentageRandomWrite?: number;
  seqAdd?: number;
  seqNr?: number;
  sequencer?: "sequential" | "identical";
  /** Run as numjobs=2 clones (small runs only). */
  clones?: boolean;
}

function options(c: Case): OffsetOptions {
  const ba = c.blockAlign ?? c.bs;
  const p = c.percentageRandom ?? 100;
  const pw = c.percentageRandomWrite ?? p;
  return {
    random: c.rw.startsWith("rand"),
    randomGenerator: c.gen,
    randomGeneratorSet: true,
    norandommap: !c.map,
    softrandommap: false,
    percentageRandom: [p, pw, p],
    ddirSeqAdd: c.seqAdd ?? 0,
    ddirSeqNr: c.seqNr ?? 1,
    rwSequencer: c.sequencer ?? "sequential",
    blockAlign: [ba, ba, ba],
    minBs: [c.bs, c.bs, c.bs],
    rwMinBs: c.bs,
    timeBased: false,
  };
}

/** Runs `c` in fio; returns each job's offsets by job number. */
function runFio(c: Case): LoggedIo[][] {
  const dir = Deno.makeTempDirSync({ prefix: "dfio_offsets_" });
  try {
    const common = [
      "--ioengine=null",
      "--randrepeat=0",
      `--randseed=${c.seed}`,
      `--rw=${c.rw}`,
      `--bs=${c.bs}`,
      `--size=${c.size}`,
      `--random_generator=${c.gen}`,
      ...(c.map ? [] : ["--norandommap"]),
      ...(c.offset ? [`--offset=${c.offset}`] : []),
      ...(c.blockAlign ? [`--blockalign=${c.blockAlign}`] : []),
      ...(c.percentageRandom !== undefined
        ? [
          `--percentage_random=${c.percentageRandom},${
            c.percentageRandomWrite ?? c.percentageRandom
          }`,
        ]
        : []),
      ...(c.sequencer ? [`--rw_sequencer=${c.sequencer}`] : []),
      ...c.args,
    ];
    const jobs = c.clones ? ["--name=j", `--write_iolog=${dir}/j.log`, "--numjobs=2", ...common] : [
      ...common,
      "--name=j1",
      `--write_iolog=${dir}/j1.log`,
      "--name=j2",
      `--write_iolog=${dir}/j2.log`,
    ];
    const res = new Deno.Command("fio", {
      args: ["--output-format=terse", `--output=${dir}/out`, ...jobs],
      stdout: "piped",
      stderr: "piped",
    }).outputSync();
    assert.ok(res.success, new TextDecoder().decode(res.stderr));
    if (c.clones) {
      const logs = parseIolog(
        Deno.readTextFileSync(`${dir}/j.log`).replaceAll(
          /\nfio version 3 iolog/g,
          "",
        ),
      );
      return [logs.get("j.0.0")!, logs.get("j.1.0")!];
    }
    return [1, 2].map((n) => {
      const logs = parseIolog(Deno.readTextFileSync(`${dir}/j${n}.log`));
      assert.equal(logs.size, 1);
      return [...logs.values()][0];
    });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

/** dfio's offsets for job `jobNumber` of `c`, in the directions fio chose. */
function ours(c: Case, jobNumber: number, fio: readonly LoggedIo[]): LoggedIo[] {
  const opts = options(c);
  const offset = c.offset ?? 0;
  const info = { name: "f", realFileSize: offset + c.size, fileOffset: offset, ioSize: c.size };
  const job = new JobOffsets(opts, jobSeeds(c.seed, jobNumber), c.size / c.bs, "f");
  const file = job.addFile(info);
  const out: LoggedIo[] = [];
  for (const { ddir } of fio) {
    const off = job.next(file, ddir);
    if (off < 0) break;
    const len = job.commit(file, ddir, off, c.bs);
    if (len < 0) break;
    out.push({ ddir, offset: off, len });
  }
  return out;
}

function compare(c: Case): void {
  const fio = runFio(c);
  for (let j = 0; j < 2; j++) {
    assert.ok(fio[j].length > 0, "fio logged no I/O");
    const mine = ours(c, j + 1, fio[j]);
    const firstDiff = mine.findIndex((m, i) => m.offset !== fio[j][i].offset);
    assert.equal(firstDiff, -1, `job ${j + 1}: first difference at I/O ${firstDiff}`);
    assert.deepEqual(mine, fio[j], `job ${j + 1}`);
  }
}

const K = 1024, M = 1024 * 1024;

const NO_MAP: Case[] = [
  { args: [], rw: "randread", bs: 4 * K, size: M, seed: 137, gen: "tausworthe", map: false },
  { args: [], rw: "randwrite", bs: 16 * K, size: 8 * M, seed: 1234, gen: "tausworthe", map: false },
  { args: [], rw: "randread", bs: 4 * K, size: 64 * M, seed: 137, gen: "tausworthe", map: false },
  { args: [], rw: "randread", bs: 4 * K, size: 64 * M, seed: 137, gen: "tausworthe64", map: false },
  {
    args: [],
    rw: "randwrite",
    bs: 16 * K,
    size: 2 * M,
    seed: 0xdeadbeef,
    gen: "tausworthe64",
    map: false,
  },
  { args: [], rw: "randwrite", bs: 4 * K, size: 16 * M, seed: 0xdeadbeef, gen: "lfsr", map: false },
  { args: [], rw: "randread", bs: 16 * K, size: 64 * M, seed: 42, gen: "lfsr", map: false },
  { args: [], rw: "randread", bs: 4 * K, size: 3 * M, seed: 5, gen: "lfsr", map: false },
  {
    args: ["--number_ios=50"],
    rw: "randread",
    bs: 4 * K,
    size: 2 * M,
    seed: 137,
    gen: "tausworthe",
    map: false,
    clones: true,
  },
  {
    args: ["--number_ios=50"],
    rw: "randwrite",
    bs: 16 * K,
    size: 4 * M,
    seed: 7,
    gen: "tausworthe64",
    map: false,
    clones: true,
  },
  {
    args: ["--number_ios=50"],
    rw: "randread",
    bs: 4 * K,
    size: 32 * M,
    seed: 9,
    gen: "lfsr",
    map: false,
    clones: true,
  },
];

const WITH_MAP: Case[] = [
  { args: [], rw: "randread", bs: 4 * K, size: M, seed: 137, gen: "tausworthe", map: true },
  { args: [], rw: "randwrite", bs: 16 * K, size: 64 * M, seed: 99, gen: "tausworthe", map: true },
  { args: [], rw: "randread", bs: 4 * K, size: 8 * M, seed: 137, gen: "tausworthe64", map: true },
  { args: [], rw: "randread", bs: 4 * K, size: 4 * M, seed: 3, gen: "lfsr", map: true },
  { args: [], rw: "randrw", bs: 4 * K, size: 4 * M, seed: 21, gen: "tausworthe", map: true },
  {
    args: [],
    rw: "randread",
    bs: 16 * K,
    blockAlign: 4 * K,
    size: M,
    seed: 137,
    gen: "tausworthe",
    map: true,
  },
];

const PATTERNS: Case[] = [
  {
    args: [],
    rw: "randread",
    bs: 16 * K,
    blockAlign: 4 * K,
    size: M,
    seed: 137,
    gen: "tausworthe",
    map: false,
  },
  {
    args: [],
    rw: "randread",
    bs: 4 * K,
    size: M,
    seed: 137,
    gen: "tausworthe",
    map: false,
    percentageRandom: 50,
  },
  {
    args: [],
    rw: "randread",
    bs: 4 * K,
    size: M,
    seed: 11,
    gen: "tausworthe64",
    map: false,
    percentageRandom: 30,
  },
  {
    args: [],
    rw: "randwrite",
    bs: 4 * K,
    size: 2 * M,
    seed: 12,
    gen: "tausworthe",
    map: true,
    percentageRandom: 70,
  },
  {
    args: [],
    rw: "randrw",
    bs: 4 * K,
    size: 2 * M,
    seed: 12,
    gen: "tausworthe",
    map: false,
    percentageRandom: 30,
    percentageRandomWrite: 70,
  },
  {
    args: ["--rw=randread:4"],
    rw: "randread",
    bs: 4 * K,
    size: M,
    seed: 137,
    gen: "tausworthe",
    map: false,
    seqNr: 4,
  },
  {
    args: ["--rw=randread:3"],
    rw: "randread",
    bs: 4 * K,
    size: M,
    seed: 13,
    gen: "tausworthe",
    map: false,
    seqNr: 3,
    sequencer: "identical",
  },
  {
    args: ["--rw=read:8k"],
    rw: "read",
    bs: 4 * K,
    size: 64 * K,
    seed: 137,
    gen: "tausworthe",
    map: false,
    seqAdd: 8 * K,
  },
  {
    args: ["--rw=read:-8k"],
    rw: "read",
    bs: 4 * K,
    size: 64 * K,
    seed: 137,
    gen: "tausworthe",
    map: false,
    seqAdd: -8 * K,
  },
  {
    args: ["--rw=read:-8k"],
    rw: "read",
    bs: 4 * K,
    size: 64 * K,
    offset: 4 * K,
    seed: 137,
    gen: "tausworthe",
    map: false,
    seqAdd: -8 * K,
  },
  {
    args: ["--rw=write:4k"],
    rw: "write",
    bs: 4 * K,
    size: 64 * K,
    offset: 16 * K,
    seed: 137,
    gen: "tausworthe",
    map: false,
    seqAdd: 4 * K,
  },
];

function label(c: Case): string {
  return [c.rw, c.args.join(" "), `bs=${c.bs}`, `size=${c.size}`, `seed=${c.seed}`, c.gen]
    .concat(c.clones ? ["numjobs=2"] : [])
    .concat(c.blockAlign ? [`ba=${c.blockAlign}`] : [])
    .concat(c.percentageRandom !== undefined ? [`perc=${c.percentageRandom}`] : [])
    .concat(c.offset ? [`offset=${c.offset}`] : [])
    .filter((s) => s !== "").join(" ");
}

for (const c of NO_MAP) {
  Deno.test({
    name: `offsets match fio (norandommap): ${label(c)}`,
    ignore: SKIP,
    fn: () => compare(c),
  });
}
for (const c of WITH_MAP) {
  Deno.test({
    name: `offsets match fio (random map): ${label(c)}`,
    ignore: SKIP,
    fn: () => compare(c),
  });
}
for (const c of PATTERNS) {
  Deno.test({
    name: `offsets match fio (pattern): ${label(c)}`,
    ignore: SKIP,
    fn: () => compare(c),
  });
}

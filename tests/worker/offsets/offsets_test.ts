import assert from "node:assert/strict";
import {
  blockAlignTurnsOffMap,
  DDIR_READ,
  JobOffsets,
  lastBlock,
  mapBlocks,
  type OffsetFileInfo,
  type OffsetOptions,
} from "../../../src/worker/offsets/offsets.ts";
import { jobSeeds } from "../../../src/worker/random/seeds.ts";

const K = 1024;

function opts(over: Partial<OffsetOptions>): OffsetOptions {
  return {
    random: true,
    randomGenerator: "tausworthe",
    randomGeneratorSet: false,
    norandommap: true,
    softrandommap: false,
    percentageRandom: [100, 100, 100],
    ddirSeqAdd: 0,
    ddirSeqNr: 1,
    rwSequencer: "sequential",
    blockAlign: [4 * K, 4 * K, 4 * K],
    minBs: [4 * K, 4 * K, 4 * K],
    rwMinBs: 4 * K,
    timeBased: false,
    ...over,
  };
}

function file(size: number, offset = 0): OffsetFileInfo {
  return { name: "f", realFileSize: offset + size, fileOffset: offset, ioSize: size };
}

function blocks(o: OffsetOptions, f: OffsetFileInfo, n: number, bs = 4 * K): number[] {
  const job = new JobOffsets(o, jobSeeds(137, 1), mapBlocks(f, o.rwMinBs), f.name);
  const fo = job.addFile(f);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const off = job.next(fo, DDIR_READ);
    if (off < 0) {
      out.push(-1);
      break;
    }
    job.commit(fo, DDIR_READ, off, bs);
    out.push(off / (4 * K));
  }
  return out;
}

Deno.test("lastBlock: whole blockalign blocks that leave room for a minimum block", () => {
  assert.equal(lastBlock(file(1024 * K), 4 * K, 4 * K), 256);
  assert.equal(lastBlock(file(1024 * K), 16 * K, 4 * K), 253);
  assert.equal(lastBlock(file(10 * K), 4 * K, 4 * K), 2);
  assert.equal(lastBlock(file(2 * K), 4 * K, 4 * K), 0);
});

Deno.test("blockalign other than the minimum block size turns the map off", () => {
  assert.equal(blockAlignTurnsOffMap([4 * K, 4 * K, 4 * K], [4 * K, 4 * K, 4 * K]), false);
  assert.equal(blockAlignTurnsOffMap([4 * K, 4 * K, 4 * K], [8 * K, 4 * K, 4 * K]), true);
});

// Expected sequences below were read from fio 3.33 iologs (randseed 137, job 1).
Deno.test("random offsets: fio's first blocks, 1m file, 4k", () => {
  assert.deepEqual(blocks(opts({}), file(1024 * K), 6), [250, 221, 168, 132, 154, 250]);
});

Deno.test("random map: 256 blocks of a 1m file each used once", () => {
  const seq = blocks(opts({ norandommap: false }), file(1024 * K), 257);
  assert.equal(seq.at(-1), -1);
  assert.equal(new Set(seq.slice(0, 256)).size, 256);
  assert.deepEqual(seq.slice(0, 6), [250, 221, 168, 132, 154, 251]);
});

Deno.test("rw=randread:4: a random pick then three sequential blocks", () => {
  assert.deepEqual(blocks(opts({ ddirSeqNr: 4 }), file(1024 * K), 9), [
    250,
    251,
    252,
    253,
    221,
    222,
    223,
    224,
    168,
  ]);
  assert.deepEqual(
    blocks(opts({ ddirSeqNr: 4, rwSequencer: "identical" }), file(1024 * K), 6),
    [250, 250, 250, 250, 221, 221],
  );
});

Deno.test("percentage_random=50 mixes random picks and sequential runs like fio", () => {
  assert.deepEqual(blocks(opts({ percentageRandom: [50, 50, 50] }), file(1024 * K), 10), [
    250,
    251,
    252,
    221,
    222,
    168,
    169,
    132,
    154,
    250,
  ]);
});

Deno.test("rw=read:8k skips 8k after each I/O and ends at the end of the file", () => {
  const o = opts({ random: false, ddirSeqAdd: 8 * K });
  assert.deepEqual(blocks(o, file(64 * K), 10), [0, 3, 6, 9, 12, 15, -1]);
});

Deno.test("rw=read:-8k goes backwards, wrapping to the end", () => {
  const o = opts({ random: false, ddirSeqAdd: -8 * K });
  assert.deepEqual(blocks(o, file(64 * K), 17), [
    0,
    14,
    13,
    12,
    11,
    10,
    9,
    8,
    7,
    6,
    5,
    4,
    3,
    2,
    1,
    0,
    14,
  ]);
  // With offset= the first I/O already starts from the end.
  assert.deepEqual(blocks(o, file(64 * K, 4 * K), 16), [
    14,
    13,
    12,
    11,
    10,
    9,
    8,
    7,
    6,
    5,
    4,
    3,
    2,
    1,
    15,
    14,
  ]);
});

Deno.test("time_based: a full random map starts a new pass", () => {
  const o = opts({ norandommap: false, timeBased: true });
  const seq = blocks(o, file(64 * K), 40);
  assert.ok(!seq.includes(-1));
  assert.equal(new Set(seq.slice(0, 16)).size, 16);
  assert.equal(new Set(seq.slice(16, 32)).size, 16);
});

Deno.test("commit refuses an I/O crossing the end and shortens at a used block", () => {
  const o = opts({ norandommap: false, minBs: [4 * K, 4 * K, 4 * K] });
  const f = file(64 * K);
  const job = new JobOffsets(o, jobSeeds(137, 1), 16, "f");
  const fo = job.addFile(f);
  assert.equal(job.commit(fo, DDIR_READ, 60 * K, 8 * K), -1);
  assert.equal(job.commit(fo, DDIR_READ, 8 * K, 4 * K), 4 * K);
  assert.equal(job.commit(fo, DDIR_READ, 0, 16 * K), 8 * K);
});

import assert from "node:assert/strict";
import { BlockSizer, DdirChooser } from "../../src/worker/iogen.ts";
import { readRunOptions } from "../../src/worker/job_options.ts";
import { jobSeeds } from "../../src/worker/random/seeds.ts";
import { specOf } from "./_files_standin.ts";

function setup(opts: Record<string, string>) {
  const o = readRunOptions(specOf(opts));
  const seeds = jobSeeds(o.randseed, 1);
  return { o, chooser: new DdirChooser(o, seeds), sizer: new BlockSizer(o.bs, seeds, false) };
}

function histogram(draw: () => number, n: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = draw();
    m.set(v, (m.get(v) ?? 0) + 1);
  }
  return m;
}

Deno.test("bssplit is sorted by percentage ascending (fio's draw order)", () => {
  const { o } = setup({ bssplit: "16k/20:4k/50:8k/30" });
  assert.deepEqual(o.bs.split[0].map((e) => e.bs), [16384, 8192, 4096]);
  assert.deepEqual([o.bs.minBs[0], o.bs.maxBs[0]], [4096, 16384]);
});

Deno.test("bssplit sizes follow their weights (seeded: exact counts)", () => {
  const { sizer } = setup({ bssplit: "4k/10:64k/40:1m/50", randseed: "1" });
  const m = histogram(() => sizer.next(0, true, Infinity), 100000);
  // Deterministic for the seed; each within 1% of its weight.
  assert.deepEqual([...m.keys()].sort((a, b) => a - b), [4096, 65536, 1048576]);
  assert.ok(Math.abs(m.get(4096)! / 1000 - 10) < 1);
  assert.ok(Math.abs(m.get(65536)! / 1000 - 40) < 1);
  assert.ok(Math.abs(m.get(1048576)! / 1000 - 50) < 1);
  const again = setup({ bssplit: "4k/10:64k/40:1m/50", randseed: "1" }).sizer;
  assert.deepEqual(histogram(() => again.next(0, true, Infinity), 100000), m);
});

Deno.test("bsrange draws min + floor(max * r), rounded down to min, capped at max", () => {
  const { sizer } = setup({ bsrange: "4k-16k", randseed: "3" });
  const m = histogram(() => sizer.next(0, true, Infinity), 100000);
  // 4k + 16k*r: r < 1/4 gives 4k, < 1/2 8k, < 3/4 12k, else 16k (capped).
  for (const bs of [4096, 8192, 12288, 16384]) {
    assert.ok(Math.abs(m.get(bs)! / 1000 - 25) < 1, `${bs}: ${m.get(bs)}`);
  }
  // 4k + 10k*r: 4k for r < 0.4, 8k for r < 0.8, and the rest (12k) capped
  // to 10k, which is not a multiple of the minimum: fio's formula.
  const odd = setup({ bsrange: "4k-10k", randseed: "3" }).sizer;
  const h = histogram(() => odd.next(0, true, Infinity), 100000);
  assert.deepEqual([...h.keys()].sort((a, b) => a - b), [4096, 8192, 10240]);
  assert.ok(Math.abs(h.get(4096)! / 1000 - 40) < 1);
  assert.ok(Math.abs(h.get(8192)! / 1000 - 40) < 1);
  assert.ok(Math.abs(h.get(10240)! / 1000 - 20) < 1);
});

Deno.test("blocksize_unaligned keeps any byte count in the range", () => {
  const { sizer } = setup({ bsrange: "1k-9k", bs_unaligned: "1", randseed: "5" });
  const m = histogram(() => sizer.next(1, true, Infinity), 20000);
  assert.ok(m.size > 1000);
  for (const k of m.keys()) assert.ok(k >= 1024 && k <= 9216);
});

Deno.test("a size that does not fit the room left is never chosen", () => {
  const { sizer } = setup({ bssplit: "4k/50:64k/50", randseed: "2" });
  for (let i = 0; i < 1000; i++) assert.equal(sizer.next(0, true, 8192), 4096);
  assert.equal(sizer.next(0, true, 2048), 0);
});

Deno.test("bs_is_seq_rand: sequential I/Os take read sizes, random ones write sizes", () => {
  const { sizer } = setup({ bs: "4k,16k", bs_is_seq_rand: "1" });
  assert.equal(sizer.next(1, false, Infinity), 4096);
  assert.equal(sizer.next(0, true, Infinity), 16384);
});

Deno.test("rwmixread=70: about 70% reads, the seeded sequence is fixed", () => {
  const { chooser } = setup({ rw: "randrw", rwmixread: "70", randseed: "7" });
  let reads = 0;
  const first: number[] = [];
  for (let i = 0; i < 100000; i++) {
    const d = chooser.next();
    chooser.issued(d);
    if (d === 0) reads++;
    if (i < 10) first.push(d);
  }
  assert.ok(Math.abs(reads / 1000 - 70) < 1.5, `${reads}`);
  const again = setup({ rw: "randrw", rwmixread: "70", randseed: "7" }).chooser;
  const replay = first.map(() => {
    const d = again.next();
    again.issued(d);
    return d;
  });
  assert.deepEqual(replay, first);
});

Deno.test("rwmixwrite sets the read share to 100 - N", () => {
  assert.equal(setup({ rw: "rw", rwmixwrite: "20" }).o.rwmixRead, 80);
});

Deno.test("fsync=3 makes every third write followed by a sync, never two in a row", () => {
  const { chooser } = setup({ rw: "write", fsync: "3" });
  const seq: number[] = [];
  for (let i = 0; i < 8; i++) {
    const d = chooser.next();
    chooser.issued(d);
    chooser.completed(d); // a sync engine completes each I/O at once
    seq.push(d);
  }
  assert.deepEqual(seq, [1, 1, 1, 3, 1, 1, 1, 3]);
});

Deno.test("fsync=2 with the sync still in flight picks sync again, as fio", () => {
  // fio sets last_was_sync when a sync completes: a queued engine that has
  // not reaped the fsync yet gets another one for the next slot.
  const { chooser } = setup({ rw: "write", fsync: "2" });
  const seq: number[] = [];
  for (let i = 0; i < 4; i++) {
    const d = chooser.next();
    chooser.issued(d);
    if (d === 1) chooser.completed(d);
    seq.push(d);
  }
  assert.deepEqual(seq, [1, 1, 3, 3]);
  chooser.completed(3);
  assert.equal(chooser.next(), 1);
});

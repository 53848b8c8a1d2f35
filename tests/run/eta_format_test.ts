/**
 * The ETA line's text, fed with the numbers fio had and compared with the
 * lines fio 3.33 printed for them (captured with --eta=always on null
 * engine jobs: a read, randread, write, randwrite, rw, randrw, rw at 70%
 * reads, randtrim, trim, ramp_time, startdelay and a short job side by
 * side; a write with verify; rate-limited and rate_iops-limited jobs).
 */
import assert from "node:assert/strict";
import {
  condenseStates,
  type EtaLine,
  etaToStr,
  formatEtaLine,
  type JobKind,
  stateChar,
} from "../../src/run/eta_format.ts";
import { RunState } from "../../src/run/thread_area.ts";

const MIB = 1024 * 1024;

function kind(rw: string, rwmixRead = 50): JobKind {
  return {
    read: /read|rw/.test(rw),
    write: /write|rw/.test(rw),
    trim: /trim/.test(rw),
    random: rw.startsWith("rand"),
    rwmixRead,
  };
}

function line(l: Partial<EtaLine>): EtaLine {
  return {
    running: 1,
    filesOpen: 1,
    rateMin: 0,
    rateMax: 0,
    iopsMin: 0,
    iopsMax: 0,
    detail: null,
    pow2: true,
    bits: false,
    sigFigs: 4,
    ...l,
  };
}

Deno.test("state characters of running jobs follow rw, randomness and rwmix", () => {
  const run = (rw: string, mix = 50) => stateChar(kind(rw, mix), RunState.RUNNING, false);
  assert.deepEqual(
    ["read", "randread", "write", "randwrite", "rw", "randrw", "randtrim", "trim"].map((rw) =>
      run(rw)
    ),
    ["R", "r", "W", "w", "M", "m", "d", "D"],
  );
  assert.equal(run("rw", 70), "M");
  assert.equal(run("rw", 100), "R");
  assert.equal(run("randrw", 0), "w");
});

Deno.test("state characters of the other run states", () => {
  const k = kind("read");
  const at = (s: number, failed = false) => stateChar(k, s, failed);
  assert.equal(at(RunState.NOT_CREATED), "P");
  assert.equal(at(RunState.CREATED), "C");
  assert.equal(at(RunState.INITIALIZED), "I");
  assert.equal(at(RunState.SETTING_UP), "I");
  assert.equal(at(RunState.RAMP), "/");
  assert.equal(at(RunState.PRE_READING), "p");
  assert.equal(at(RunState.VERIFYING), "V");
  assert.equal(at(RunState.FSYNCING), "F");
  assert.equal(at(RunState.FINISHING), "f");
  assert.equal(at(RunState.EXITED), "E");
  assert.equal(at(RunState.REAPED), "_");
  assert.equal(at(RunState.REAPED, true), "X");
});

Deno.test("runs of equal states are condensed", () => {
  assert.equal(
    condenseStates([..."RrWwMmMdD/PR"]),
    "R(1),r(1),W(1),w(1),M(1),m(1),M(1),d(1),D(1),/(1),P(1),R(1)",
  );
  assert.equal(condenseStates([..."RR_____RR_"]), "R(2),_(5),R(2),_(1)");
  assert.equal(condenseStates([]), "");
});

Deno.test("time left as fio prints it", () => {
  assert.equal(etaToStr(0), "00m:00s");
  assert.equal(etaToStr(5), "00m:05s");
  assert.equal(etaToStr(480), "08m:00s");
  assert.equal(etaToStr(3600), "01h:00m:00s");
  assert.equal(etaToStr(90000 - 3), "01d:00h:59m:57s");
});

Deno.test("ETA line with every direction and a rate range (fio 3.33)", () => {
  const text = formatEtaLine(line({
    running: 11,
    filesOpen: 10,
    rateMax: 1300 * MIB,
    detail: {
      states: "R(1),r(1),W(1),w(1),M(1),m(1),M(1),d(1),D(1),/(1),P(1),R(1)",
      percent: 25,
      rateKib: [600 * 1024, 501 * 1024, 202 * 1024],
      iops: [154_000, 128_000, 51_700],
      etaSec: 9,
    },
  }));
  assert.equal(
    text,
    "Jobs: 11 (f=10), 0B/s-1300MiB/s: [R(1),r(1),W(1),w(1),M(1),m(1),M(1),d(1),D(1),/(1),P(1),R(1)]" +
      "[25.0%][r=600MiB/s,w=501MiB/s,t=202MiB/s][r=154k,w=128k,t=51.7k IOPS][eta 00m:09s]",
  );
});

Deno.test("ETA line with an IOPS range and a day-long estimate (fio 3.33)", () => {
  const text = formatEtaLine(line({
    running: 2,
    filesOpen: 2,
    iopsMin: 5,
    iopsMax: 1510,
    detail: {
      states: "m(1),W(1)",
      percent: 3 * 100 / (3 + 89997),
      rateKib: [4004, 2042, 0],
      iops: [1001, 510, 0],
      etaSec: 89997,
    },
  }));
  assert.equal(
    text,
    "Jobs: 2 (f=2), 5-1510 IOPS: [m(1),W(1)][0.0%][r=4004KiB/s,w=2042KiB/s][r=1001,w=510 IOPS]" +
      "[eta 01d:00h:59m:57s]",
  );
});

Deno.test("ETA line without traffic, in ramp, and before the estimate (fio 3.33)", () => {
  assert.equal(
    formatEtaLine(line({
      rateMax: 1024,
      detail: {
        states: "_(1),R(1)",
        percent: 0.9,
        rateKib: [0, 0, 0],
        iops: [0, 0, 0],
        etaSec: 762,
      },
    })),
    "Jobs: 1 (f=1), 0B/s-1024B/s: [_(1),R(1)][0.9%][eta 12m:42s]",
  );
  assert.equal(
    formatEtaLine(line({
      filesOpen: 0,
      detail: { states: "/(1)", percent: null, rateKib: [0, 0, 0], iops: [0, 0, 0], etaSec: 6 },
    })),
    "Jobs: 1 (f=0): [/(1)][-.-%][eta 00m:06s]",
  );
  assert.equal(formatEtaLine(line({ rateMax: 50 * MIB })), "Jobs: 1 (f=1), 0B/s-50.0MiB/s");
  assert.equal(formatEtaLine(line({ running: 0, filesOpen: 0 })), "Jobs: 0 (f=0)");
});

Deno.test("ETA line of a verifying write job (fio 3.33)", () => {
  const text = formatEtaLine(line({
    rateMax: 300 * MIB,
    detail: {
      states: "V(1)",
      percent: 70,
      rateKib: [341 * 1024, 80_691, 0],
      iops: [340, 78, 0],
      etaSec: 3,
    },
  }));
  assert.equal(
    text,
    "Jobs: 1 (f=1), 0B/s-300MiB/s: [V(1)][70.0%][r=341MiB/s,w=78.8MiB/s][r=340,w=78 IOPS]" +
      "[eta 00m:03s]",
  );
});

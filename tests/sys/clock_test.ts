import assert from "node:assert/strict";
import {
  adoptClockBase,
  clockBase,
  type ClockSource,
  cpuNsPerTick,
  makeNowNs,
  monoBaseSec,
  nowNs,
  useClockSource,
} from "../../src/sys/clock.ts";

Deno.test("clock: monotonic, integral nanoseconds", () => {
  const now = makeNowNs();
  let prev = now();
  for (let i = 0; i < 100_000; i++) {
    const t = now();
    assert.ok(t >= prev);
    assert.ok(Number.isInteger(t));
    prev = t;
  }
});

Deno.test("clock: scaled in ns (tracks performance.now over a sleep)", async () => {
  const a = nowNs();
  const pa = performance.now();
  await new Promise((r) => setTimeout(r, 100));
  const b = nowNs();
  const pb = performance.now();
  const ns = b - a;
  const perfNs = (pb - pa) * 1e6;
  assert.ok(ns >= 95e6, `slept only ${ns} ns`);
  assert.ok(Math.abs(ns - perfNs) < 2e6, `clock ${ns} vs performance ${perfNs}`);
});

Deno.test("clock: a shared base lines up clocks", () => {
  const own = clockBase();
  adoptClockBase({ ...own, sec: own.sec - 10 });
  const t = nowNs();
  assert.ok(t >= 10e9 && t < 10e9 + 3600e9, `${t}`);
  adoptClockBase(own);
  assert.equal(monoBaseSec(), own.sec);
  assert.ok(nowNs() < 3600e9);
});

const nsPerTick = cpuNsPerTick();
const noCounter = nsPerTick === null ? " (skipped: no usable CPU counter here)" : "";

/** Runs `fn` with this isolate on `source`, then back on clock_gettime. */
function withSource(source: ClockSource | undefined, fn: () => void): void {
  useClockSource(source, nsPerTick);
  try {
    fn();
  } finally {
    useClockSource("clock_gettime", null);
  }
}

Deno.test({
  name: `clock: cpu counter reads are monotonic whole ns and track CLOCK_MONOTONIC${noCounter}`,
  ignore: nsPerTick === null,
  fn: () =>
    withSource("cpu", () => {
      const cpu = makeNowNs();
      useClockSource("clock_gettime", null);
      const mono = makeNowNs();
      // Each counter reading is bracketed by two monotonic ones, so a
      // preemption between reads widens the bracket instead of failing.
      const at = () => {
        const lo = mono(), c = cpu(), hi = mono();
        return { lo, c, hi };
      };
      const a = at();
      assert.ok(a.c >= a.lo - 5e4 && a.c <= a.hi + 5e4, `cpu ${a.c} vs [${a.lo}, ${a.hi}]`);
      let prev = a.c;
      for (let i = 0; i < 100_000; i++) {
        const t = cpu();
        assert.ok(t >= prev && Number.isInteger(t));
        prev = t;
      }
      const until = mono() + 30e6;
      while (mono() < until) { /* spin 30 ms */ }
      const b = at();
      const dc = b.c - a.c, slack = 1e-3 * (b.hi - a.lo) + 5e4;
      assert.ok(
        dc >= b.lo - a.hi - slack && dc <= b.hi - a.lo + slack,
        `cpu advanced ${dc} ns, monotonic [${b.lo - a.hi}, ${b.hi - a.lo}] ns`,
      );
    }),
});

Deno.test({
  name: `clock: unset clocksource picks the counter where it is usable, as fio${noCounter}`,
  ignore: nsPerTick === null,
  fn: () => withSource(undefined, () => assert.equal(clockBase().source, "cpu")),
});

Deno.test("clock: clocksource=cpu without a usable counter is refused", () => {
  assert.throws(() => useClockSource("cpu", null), /fio: clocksource=cpu is not available/);
  assert.equal(clockBase().source, "clock_gettime");
});

Deno.test("clock: gettimeofday reads whole microseconds", () =>
  withSource("gettimeofday", () => {
    const now = makeNowNs();
    for (let i = 0; i < 1000; i++) assert.equal(now() % 1000, 0);
  }));

Deno.test({
  name: `clock: an adopted clock base reads the same time${noCounter}`,
  ignore: nsPerTick === null,
  fn: () =>
    withSource("cpu", () => {
      const mine = makeNowNs();
      const b = clockBase();
      assert.equal(b.source, "cpu");
      adoptClockBase(structuredClone(b));
      const theirs = makeNowNs();
      const a = mine(), t = theirs(), c = mine();
      assert.ok(a <= t + 1 && t <= c + 1, `${a} ${t} ${c}`);
    }),
});

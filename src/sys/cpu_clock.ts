/**
 * fio's `clocksource=cpu`: time from the CPU's time-stamp counter, which fio
 * uses by default wherever the counter is invariant, because it is read in a
 * few nanoseconds and fio reads the clock two or three times per I/O.
 *
 * A libc `clock_gettime` through FFI costs about 30 ns here; the counter,
 * read by two instructions in dfio's own shared object (src/sys/native_so.ts)
 * through the FFI fast path, about 10 ns. The conversion to nanoseconds is
 * done in the same call, so the loop gets a plain number:
 *
 * tsc_ns(p), p -> { i64 tick0; f64 nsPerTick; f64 ns0; f64 last }:
 *     rdtsc ; shl rdx, 32 ; or rax, rdx ; sub rax, [rdi]
 *     cvtsi2sd xmm0, rax ; mulsd xmm0, [rdi+8] ; addsd xmm0, [rdi+16]
 *     cvttsd2si rax, xmm0 ; cvtsi2sd xmm0, rax        (whole nanoseconds)
 *     maxsd xmm0, [rdi+24] ; movsd [rdi+24], xmm0     (never runs backwards)
 *     ret
 *
 * The clamp keeps one reader's time monotonic if its thread moves to a CPU
 * whose counter lags by a few cycles, so no latency ever comes out negative.
 *
 * tsc_store(p): rdtsc ; shl rdx, 32 ; or rax, rdx ; mov [rdi], rax ; ret
 * gives the raw counter for calibration and anchoring.
 */

import { loadNative, type NativeFunction } from "./native_so.ts";

const TSC_NS: readonly number[] = [
  ...[0x0f, 0x31, 0x48, 0xc1, 0xe2, 0x20, 0x48, 0x09, 0xd0, 0x48, 0x2b, 0x07],
  ...[0xf2, 0x48, 0x0f, 0x2a, 0xc0, 0xf2, 0x0f, 0x59, 0x47, 0x08, 0xf2, 0x0f, 0x58, 0x47, 0x10],
  ...[0xf2, 0x48, 0x0f, 0x2c, 0xc0, 0xf2, 0x48, 0x0f, 0x2a, 0xc0],
  ...[0xf2, 0x0f, 0x5f, 0x47, 0x18, 0xf2, 0x0f, 0x11, 0x47, 0x18, 0xc3],
];

const TSC_STORE: readonly number[] = [
  ...[0x0f, 0x31, 0x48, 0xc1, 0xe2, 0x20, 0x48, 0x09, 0xd0, 0x48, 0x89, 0x07, 0xc3],
];

const FUNCTIONS: readonly NativeFunction[] = [["tsc_ns", TSC_NS], ["tsc_store", TSC_STORE]];

/** Reads the counter as nanoseconds through a state block (see the module doc). */
export type TscNs = (state: Deno.PointerObject) => number;

interface CounterLib {
  readonly tscNs: TscNs;
  readonly store: (p: Deno.PointerObject) => void;
}

let lib: CounterLib | null | undefined;

/** The counter is a clock only if it ticks at one rate in every power state. */
function invariantCounter(): boolean {
  try {
    const flags = Deno.readTextFileSync("/proc/cpuinfo");
    return /\bconstant_tsc\b/.test(flags) && /\bnonstop_tsc\b/.test(flags);
  } catch {
    return false;
  }
}

function counterLib(): CounterLib | null {
  if (lib !== undefined) return lib;
  lib = null;
  if (!invariantCounter()) return lib;
  const so = loadNative(
    FUNCTIONS,
    {
      tsc_ns: { parameters: ["pointer"], result: "f64" },
      tsc_store: { parameters: ["pointer"], result: "void" },
    } as const,
  );
  if (so !== null) lib = { tscNs: so.symbols.tsc_ns, store: so.symbols.tsc_store };
  return lib;
}

const raw = new BigInt64Array(1);
const rawPtr = Deno.UnsafePointer.of(raw);

/** Whether this machine has a counter dfio can use as a clock. */
export function cpuCounterUsable(): boolean {
  return counterLib() !== null;
}

/** The raw counter (call only when cpuCounterUsable()). */
export function readTicks(): bigint {
  counterLib()!.store(rawPtr!);
  return raw[0];
}

/**
 * A counter clock: a state block anchored at counter value `tick0`, which
 * stood for `ns0`, advancing `nsPerTick` per tick. Each clock (each Worker)
 * has its own block, so its monotonic clamp is its own.
 */
export class CounterClock {
  /** The state block tsc_ns reads (see the module doc). */
  readonly #state = new Float64Array(4);
  readonly #ptr = Deno.UnsafePointer.of(this.#state)!;

  /** Anchors the clock; call before reading it. */
  constructor(readonly tick0: bigint, readonly ns0: number, readonly nsPerTick: number) {
    new BigInt64Array(this.#state.buffer, 0, 1)[0] = tick0;
    this.#state[1] = nsPerTick;
    this.#state[2] = ns0;
  }

  /** A reader of this clock, small enough for Turbofan to inline into the I/O loop. */
  reader(): () => number {
    const f = counterLib()!.tscNs;
    const p = this.#ptr;
    return () => f(p);
  }
}

/**
 * One verify_async helper's work (async_worker.ts is the Worker's entry,
 * see async.ts for the pool): takes queued slots from the shared ring, checks each block
 * with the job's own checker (Verifier), and publishes the verdict and,
 * for a bad block, fio's report lines.
 */

import { DDIR, EngineFile, IoUnit } from "../../engines/types.ts";
import { setAffinity } from "../process.ts";
import { CHECKSUMS, needsDigests } from "./checksums/index.ts";
import { loadDigests } from "./checksums/digests.ts";
import { CTL, F, type HelperInit, poolLayout, SLOT, TEXT_BYTES } from "./async.ts";
import type { VerifyOptions } from "./options.ts";
import { Verifier } from "./verifier.ts";

/** Loads what the job's checksum needs (see digests.ts), then runs the helper. */
export async function startHelper(init: HelperInit): Promise<void> {
  if (needsDigests(init.opts.method)) await loadDigests();
  runHelper(init);
}

/** Runs the helper until the job sets STOP. */
export function runHelper(init: HelperInit): void {
  const lay = poolLayout(init.slots, init.maxBs);
  const sab = init.sab;
  const ctl = new Int32Array(sab, lay.ctl, 16);
  const state = new Int32Array(sab, lay.state, init.slots);
  const ring = new Int32Array(sab, lay.ring, init.slots);
  const textLen = new Int32Array(sab, lay.textLen, init.slots);
  const fields = new Float64Array(sab, lay.fields, F.N * init.slots);
  const text = new Uint8Array(sab, lay.text, TEXT_BYTES * init.slots);
  if (init.cpus !== null && init.cpus.length > 0) setAffinity(init.cpus);
  const opts: VerifyOptions = { ...init.opts, kind: CHECKSUMS[init.opts.method] ?? null };
  const files = init.files.map((n) => new EngineFile(n));
  // One unit per slot, its buffer the slot's block copy (shared memory has
  // a native address too, so the native crc32c applies).
  const units: IoUnit[] = [];
  for (let s = 0; s < init.slots; s++) {
    const u = new IoUnit(s);
    const view = new Uint8Array(sab, lay.data + s * lay.stride, lay.stride);
    u.setBuffer(view, Deno.UnsafePointer.of(view)!);
    u.ddir = DDIR.READ;
    units.push(u);
  }
  const lines: string[] = [];
  const v = new Verifier(
    opts,
    new BigUint64Array(32),
    units,
    init.maxBs,
    () => 0,
    (l) => lines.push(l),
  );
  v.asyncFlags = true;
  const enc = new TextEncoder();
  Atomics.add(ctl, CTL.READY, 1);
  for (;;) {
    if (Atomics.load(ctl, CTL.STOP) !== 0) return;
    const head = Atomics.load(ctl, CTL.HEAD);
    const tail = Atomics.load(ctl, CTL.TAIL);
    if (head === tail) {
      Atomics.wait(ctl, CTL.TAIL, tail, 100);
      continue;
    }
    // Read the slot before claiming the item: once claimed, a slow helper's
    // ring position may be reused (other items finish and free their slots
    // first); while unclaimed it cannot be, as all slots are then in use.
    const s = Atomics.load(ring, head % init.slots);
    if (Atomics.compareExchange(ctl, CTL.HEAD, head, head + 1) !== head) continue;
    const b = s * F.N, io = units[s];
    io.offset = fields[b + F.OFFSET];
    io.buflen = fields[b + F.BUFLEN];
    io.file = files[fields[b + F.FILE]];
    let e = -1;
    const h = v.history;
    h.clear();
    if (fields[b + F.ENTRY] !== 0) {
      e = h.add(
        fields[b + F.FILE],
        io.offset,
        fields[b + F.ELEN],
        fields[b + F.SEED_LO],
        fields[b + F.SEED_HI],
        fields[b + F.NUMBERIO],
        true,
      );
    }
    lines.length = 0;
    let ok: boolean;
    try {
      ok = v.checkBlock(io, e, fields[b + F.BYTES]);
    } catch (err) {
      // A helper that threw would leave its slot queued forever: report it instead.
      ok = false;
      lines.push(`fio: verify_async helper failed: ${err instanceof Error ? err.message : err}`);
    }
    if (!ok) {
      const t = enc.encode(lines.join("\n")).subarray(0, TEXT_BYTES);
      text.set(t, s * TEXT_BYTES);
      textLen[s] = t.length;
    }
    Atomics.store(state, s, ok ? SLOT.OK : SLOT.BAD);
    Atomics.add(ctl, CTL.DONE, 1);
    Atomics.notify(ctl, CTL.DONE);
  }
}

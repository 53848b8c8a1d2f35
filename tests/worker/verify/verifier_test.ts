/** The Verifier in process: fill, log, read back, check, report. */
import assert from "node:assert/strict";
import { DDIR, EngineFile, IoUnit } from "../../../src/engines/types.ts";
import { jobSeeds } from "../../../src/worker/random/seeds.ts";
import { CHECKSUMS } from "../../../src/worker/verify/checksums/index.ts";
import type { VerifyOptions } from "../../../src/worker/verify/options.ts";
import { Verifier } from "../../../src/worker/verify/verifier.ts";
import { verifyOptions } from "./_options.ts";

function options(over: Partial<VerifyOptions>): VerifyOptions {
  return verifyOptions(over);
}

/** Writes `n` 4k blocks into a fake file, then reads them back through the verifier. */
function roundTrip(o: VerifyOptions, corrupt?: (file: Uint8Array) => void) {
  const unit = new IoUnit(0);
  const mem = new Uint8Array(4096);
  unit.setBuffer(mem, Deno.UnsafePointer.of(mem)!);
  unit.file = new EngineFile("f.dat");
  const lines: string[] = [];
  const v = new Verifier(o, jobSeeds(0x89n, 1), [unit], 4096, () => 1.5e9, (l) => lines.push(l));
  const file = new Uint8Array(4 * 4096);
  for (let b = 0; b < 4; b++) {
    unit.ddir = DDIR.WRITE;
    unit.offset = b * 4096;
    unit.buflen = 4096;
    v.write(unit, 0, false);
    file.set(unit.buf.subarray(0, 4096), b * 4096);
    assert.equal(v.completed(unit, 4096), true);
  }
  corrupt?.(file);
  assert.equal(v.phaseDue, true);
  v.startPhase();
  let ok = true;
  const offsets: number[] = [];
  while (v.nextRead(unit) >= 0) {
    offsets.push(unit.offset);
    unit.buf.set(file.subarray(unit.offset, unit.offset + unit.buflen));
    if (!v.completed(unit, unit.buflen)) {
      ok = false;
      break;
    }
  }
  v.endPhase(1000);
  return { ok, lines, offsets, errorText: v.errorText };
}

Deno.test("every checksum method, with verify_interval and verify_offset, reads back clean", () => {
  for (const [name, kind] of Object.entries(CHECKSUMS)) {
    for (const [interval, offset] of [[0, 0], [1024, 0], [2048, 200]]) {
      const r = roundTrip(
        options({
          method: name,
          kind,
          type: kind.type,
          headerBytes: 40 + kind.size,
          interval,
          offset,
        }),
      );
      assert.equal(r.ok, true, `${name} ${interval}/${offset}: ${r.lines.join("\n")}`);
      assert.deepEqual(r.offsets, [0, 4096, 8192, 12288]);
    }
  }
});

Deno.test("meta and pattern methods read back clean and catch a changed byte", () => {
  const pattern = Uint8Array.from([0xde, 0xad, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe]);
  const meta = options({
    method: "meta",
    kind: null,
    type: 1,
    headerBytes: 40,
    pattern,
    patternOffsets: [2],
  });
  assert.equal(roundTrip(meta).ok, true);
  const pat = options({
    method: "pattern",
    kind: null,
    type: 17,
    header: false,
    headerBytes: 0,
    pattern,
    patternOffsets: [2],
  });
  assert.equal(roundTrip(pat).ok, true);
  const bad = roundTrip(pat, (f) => {
    f[4096 + 100] ^= 1;
  });
  assert.equal(bad.ok, false);
  assert.match(
    bad.lines[0],
    /^fio: got pattern '[0-9a-f]{2}', wanted '[0-9a-f]{2}'. Bad bits 1\nfio: bad pattern block offset 100\npattern: verify failed at file f.dat offset 4096, length 4096/,
  );
  assert.match(bad.lines[0], /first differing byte at file offset 4196 \(byte 100 of the chunk\)/);
});

Deno.test("a header error names the field, expected and found values", () => {
  const r = roundTrip(options({}), (f) => {
    // numberio of block 2 (fio checks it for writing jobs).
    f[2 * 4096 + 34] = 9;
  });
  assert.equal(r.ok, false);
  assert.equal(
    r.lines[0],
    "verify: bad header numberio 9, wanted 2 at file f.dat offset 8192, length 4096 (requested block: offset=8192, length=4096)",
  );
  assert.match(r.errorText, /^file:io_u\.c:2152, func=io_u_sync_complete, error=/);
});

Deno.test("a data error with verify_interval reports the chunk", () => {
  const r = roundTrip(options({ interval: 1024 }), (f) => {
    f[4096 + 2048 + 500] ^= 0x80;
  });
  assert.equal(r.ok, false);
  assert.match(
    r.lines[0],
    /^crc32c: verify failed at file f.dat offset 6144, length 1024 \(requested block: offset=4096, length=4096, flags=88\)\n {7}Expected CRC: [0-9a-f]{8}\n {7}Received CRC: [0-9a-f]{8}\n/,
  );
  assert.match(r.lines[0], /first differing byte at file offset 6644 \(byte 500 of the chunk\)/);
});

Deno.test("verify_backlog hands out reads of the oldest writes every N writes", () => {
  const unit = new IoUnit(0);
  const mem = new Uint8Array(4096);
  unit.setBuffer(mem, Deno.UnsafePointer.of(mem)!);
  const v = new Verifier(
    options({ backlog: 2, backlogBatch: 2 }),
    jobSeeds(0x89n, 1),
    [unit],
    4096,
    () => 0,
    () => {},
  );
  const seen: string[] = [];
  for (let b = 0; b < 4; b++) {
    if (v.nextRead(unit) >= 0) seen.push(`r${unit.offset / 4096}`);
    unit.ddir = DDIR.WRITE;
    unit.offset = b * 4096;
    unit.buflen = 4096;
    v.write(unit, 0, false);
    v.completed(unit, 4096);
    seen.push(`w${b}`);
    while (v.nextRead(unit) >= 0) {
      seen.push(`r${unit.offset / 4096}`);
      v.completed(unit, 4096);
    }
  }
  assert.deepEqual(seen, ["w0", "w1", "r0", "r1", "w2", "w3", "r2", "r3"]);
});

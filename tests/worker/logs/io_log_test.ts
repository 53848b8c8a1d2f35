import assert from "node:assert/strict";
import {
  AsciiBuffer,
  type EntryFormat,
  formatEntry,
  IoLog,
  prioColumn,
} from "../../../src/worker/logs/io_log.ts";

const PLAIN: EntryFormat = { offset: false, prio: false, ioprio: 0 };

/** An IoLog writing into an array of chunks. */
function capture(fmt = PLAIN, capacity = 1024, avgMs = 0, max = false) {
  const chunks: string[] = [];
  const dec = new TextDecoder();
  const log = new IoLog((b) => chunks.push(dec.decode(b)), fmt, capacity, avgMs, max);
  const lines = () => chunks.join("").split("\n").filter((l) => l !== "");
  return { log, chunks, lines };
}

Deno.test("formatEntry: fio's columns with and without log_offset / log_prio", () => {
  assert.equal(formatEntry(7, 314889, 0, 4096, 45056, PLAIN), "7, 314889, 0, 4096, 0\n");
  assert.equal(
    formatEntry(14, 7398061, 1, 4096, 45056, { offset: true, prio: false, ioprio: 0 }),
    "14, 7398061, 1, 4096, 45056, 0\n",
  );
  assert.equal(
    formatEntry(0, 191686, 0, 4096, 0, { offset: false, prio: true, ioprio: 0x4003 }),
    "0, 191686, 0, 4096, 0x4003\n",
  );
  assert.equal(
    formatEntry(1, 5267, 0, 4096, 45056, { offset: true, prio: true, ioprio: 0 }),
    "1, 5267, 0, 4096, 45056, 0x0000\n",
  );
});

Deno.test("prioColumn: 1 only for the real-time class without log_prio", () => {
  assert.equal(prioColumn({ offset: false, prio: false, ioprio: 0x2003 }), "1");
  assert.equal(prioColumn({ offset: false, prio: false, ioprio: 0x4003 }), "0");
  assert.equal(prioColumn({ offset: false, prio: true, ioprio: 0x6000 }), "0x6000");
});

Deno.test("IoLog: entries are written only when the batch fills or on flush", () => {
  const { log, chunks, lines } = capture(PLAIN, 3);
  log.add(0, 10, 0, 4096, 0);
  log.add(1, 11, 1, 4096, 0);
  assert.equal(chunks.length, 0);
  log.add(2, 12, 2, 8192, 0);
  assert.equal(chunks.length, 1);
  log.add(3, 13, 0, 4096, 0);
  log.flush();
  log.flush();
  assert.equal(chunks.length, 2);
  assert.deepEqual(lines(), [
    "0, 10, 0, 4096, 0",
    "1, 11, 1, 4096, 0",
    "2, 12, 2, 8192, 0",
    "3, 13, 0, 4096, 0",
  ]);
});

Deno.test("IoLog windows: the mean per direction, rounded, at the first value past the window", () => {
  const { log, lines } = capture(PLAIN, 1024, 1000);
  // Values every 300 ms (fio with thinktime=300ms logged 1200, 2100, 3000, then the end).
  for (let t = 0; t <= 3900; t += 300) log.addWindowed(t, t, t === 0 ? 11 : 10, 0);
  log.finishWindows(3900);
  log.flush();
  assert.deepEqual(lines().map((l) => l.split(", ")[0]), ["1200", "2100", "3000", "3900"]);
  // First window: 11 and four 10s -> 10.2 -> 10; bs and offset columns are 0.
  assert.equal(lines()[0], "1200, 10, 0, 0, 0");
});

Deno.test("IoLog windows: rounding half up, max with log_max_value, directions apart", () => {
  const avg = capture(PLAIN, 1024, 500);
  const max = capture(PLAIN, 1024, 500, true);
  for (const c of [avg, max]) {
    c.log.addWindowed(0, 0, 1, 0);
    c.log.addWindowed(10, 10, 2, 0);
    c.log.addWindowed(20, 20, 100, 1);
    c.log.addWindowed(500, 500, 2, 1);
    c.log.addWindowed(600, 600, 7, 0);
    c.log.finishWindows(700);
    c.log.flush();
  }
  // read: 1, 2, 7 at 600 (window 0..600) -> mean 3.33 -> 3; write: 100, 2 at 500 -> 51.
  assert.deepEqual(avg.lines(), ["500, 51, 1, 0, 0", "600, 3, 0, 0, 0"]);
  assert.deepEqual(max.lines(), ["500, 100, 1, 0, 0", "600, 7, 0, 0, 0"]);
  const half = capture(PLAIN, 1024, 100);
  half.log.addWindowed(0, 0, 1, 2);
  half.log.addWindowed(5, 5, 2, 2);
  half.log.finishWindows(5);
  half.log.flush();
  assert.deepEqual(half.lines(), ["5, 2, 2, 0, 0"]);
});

Deno.test("IoLog windows: log_offset and log_prio keep their columns (zero offset)", () => {
  const c = capture({ offset: true, prio: true, ioprio: 0 }, 1024, 500);
  c.log.addWindowed(500, 500, 2686, 0);
  c.log.flush();
  assert.deepEqual(c.lines(), ["500, 2686, 0, 0, 0, 0x0000"]);
});

Deno.test("IoLog windows: resetWindows drops the open windows", () => {
  const c = capture(PLAIN, 1024, 1000);
  c.log.addWindowed(100, 100, 5, 0);
  c.log.resetWindows();
  c.log.finishWindows(200);
  c.log.flush();
  assert.deepEqual(c.lines(), []);
});

Deno.test("AsciiBuffer: integers as decimal text, small and beyond 32 bits", () => {
  const b = new AsciiBuffer(256);
  const values = [
    0,
    9,
    10,
    99,
    100,
    4096,
    999999999,
    1000000000,
    2147483647,
    2147483648,
    2 ** 53 - 1,
  ];
  for (const v of values) {
    b.uint(v);
    b.sep();
  }
  b.newline();
  assert.equal(
    new TextDecoder().decode(b.buf.subarray(0, b.pos)),
    values.map((v) => `${v}, `).join("") + "\n",
  );
});

Deno.test("IoLog: the prio column is each entry's ioprio; windows and samples log 0 (fio 3.33)", () => {
  const hex = capture({ offset: false, prio: true, ioprio: 0x4003 });
  hex.log.add(1, 10, 0, 4096, 0, 0x4003);
  hex.log.add(2, 11, 0, 4096, 0, 0x2000);
  hex.log.add(3, 12, 1, 4096, 0, 0x6007);
  hex.log.add(4, 13, 1, 0, 0);
  hex.log.flush();
  assert.deepEqual(hex.lines(), [
    "1, 10, 0, 4096, 0x4003",
    "2, 11, 0, 4096, 0x2000",
    "3, 12, 1, 4096, 0x6007",
    "4, 13, 1, 0, 0x0000",
  ]);
  // Without log_prio: 1 only for the real-time class.
  const flag = capture({ offset: false, prio: false, ioprio: 0x2000 });
  flag.log.add(1, 10, 0, 4096, 0, 0x2000);
  flag.log.add(2, 10, 0, 4096, 0, 0x4000);
  flag.log.flush();
  assert.deepEqual(flag.lines(), ["1, 10, 0, 4096, 1", "2, 10, 0, 4096, 0"]);
  // A window entry has no I/O behind it: fio writes priority 0 even for a prioclass job.
  const win = capture({ offset: false, prio: true, ioprio: 0x4003 }, 1024, 20);
  win.log.addWindowed(20, 20, 100, 0);
  win.log.flush();
  assert.deepEqual(win.lines(), ["20, 100, 0, 0, 0x0000"]);
});

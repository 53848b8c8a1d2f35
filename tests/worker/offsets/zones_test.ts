import assert from "node:assert/strict";
import { readZones, StridedZones, type ZonedFile } from "../../../src/worker/offsets/zones.ts";
import { specOf } from "../files/helpers.ts";

Deno.test("zone options: fio's fixups and refusals", () => {
  const z = (...a: string[]) => readZones(specOf(a));
  assert.equal(z(), null);
  assert.deepEqual(z("zonemode=strided", "zonesize=64k"), { size: 65536, range: 65536, skip: 0 });
  assert.deepEqual(z("zonemode=strided", "zonesize=16k", "zonerange=1m", "zoneskip=4k"), {
    size: 16384,
    range: 1048576,
    skip: 4096,
  });
  assert.throws(() => z("zonesize=64k"), {
    message: "fio: --zonemode=none and --zonesize are not compatible.",
  });
  assert.throws(() => z("zonemode=strided"), {
    message: "fio: --zonesize must be specified when using --zonemode=strided.",
  });
  assert.throws(() => z("zonemode=zbd"), {
    message: "fio: option 'zonemode=zbd' is not supported yet",
  });
  // fio drops strided zones when more than one file is open.
  assert.equal(z("zonemode=strided", "zonesize=64k", "nrfiles=2"), null);
});

Deno.test("strided windows: move after zonesize bytes, wrap to the start offset", () => {
  const restarts: number[] = [];
  const f: ZonedFile = {
    geom: Float64Array.of(4096, 1 << 20, 1 << 20),
    lastPos: new Float64Array(3).fill(4096),
    restartZone() {
      restarts.push(this.geom[0]);
      this.lastPos.fill(this.geom[0]);
    },
  };
  const z = new StridedZones({ size: 8192, range: 4096, skip: 262144 }, 4096);
  const starts: number[] = [];
  for (let i = 0; i < 12; i++) {
    z.enter(f, 0);
    starts.push(f.geom[0]);
    f.lastPos[0] += 4096;
    z.add(4096);
  }
  // Two I/Os per window (the 4k window is used twice: zonesize > zonerange).
  const w = [4096, 4096 + 266240, 4096 + 2 * 266240, 4096 + 3 * 266240];
  assert.deepEqual(starts, [...w.flatMap((s) => [s, s]), 4096, 4096, w[1], w[1]]);
  // The map starts over whenever the window's bytes are a multiple of zonerange.
  assert.equal(restarts.length, 12);
});

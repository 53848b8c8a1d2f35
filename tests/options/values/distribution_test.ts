import assert from "node:assert/strict";
import {
  parseFileServiceType,
  parseRandomDistribution,
} from "../../../src/options/values/distribution.ts";
import { ValueRejected } from "../../../src/options/values/errors.ts";

Deno.test("random_distribution values and fio's range checks", () => {
  assert.deepEqual(parseRandomDistribution("zipf", "zipf:1.2", 1024), {
    type: "zipf",
    value: 1.2,
    center: -1,
  });
  assert.deepEqual(parseRandomDistribution("pareto", "pareto:0.3:0.5", 1024), {
    type: "pareto",
    value: 0.3,
    center: 0.5,
  });
  assert.deepEqual(parseRandomDistribution("zipf", "zipf", 1024), {
    type: "zipf",
    value: null,
    center: -1,
  });
  const msg = (text: string, type: string) => {
    try {
      parseRandomDistribution(type, text, 1024);
    } catch (e) {
      return (e as ValueRejected).lines[0];
    }
  };
  assert.equal(msg("zipf:1", "zipf"), "fio: zipf theta must different than 1.0");
  assert.equal(msg("pareto:1", "pareto"), "fio: pareto input out of range (0 < input < 1.0)");
  assert.equal(
    msg("normal:101", "normal"),
    "fio: normal deviation out of range (0 <= input < 100.0)",
  );
  assert.equal(
    msg("zipf:1.2:2", "zipf"),
    "fio: distribution center out of range (0 <= center <= 1.0)",
  );
  assert.equal(msg("zipf:x", "zipf"), "fio: random postfix parsing failed");
  assert.equal(msg("zoned", "zoned"), "fio: mismatch in zoned input <zoned>");
  assert.equal(msg("zoned:x", "zoned"), "fio: split conversion failed");
  assert.equal(
    msg("zoned:50/10:40/90", "zoned"),
    "fio: access percentage don't add up to 100 for zoned random distribution (got=90)",
  );
  assert.equal(
    msg("zoned:50/10:50/95", "zoned"),
    "fio: zone_split percentages add to more than 100%",
  );
  assert.equal(
    (parseRandomDistribution("zipf", "zipf:1.2:0", 1024) as { center: number }).center,
    0,
  );
});

Deno.test("zoned distributions per direction", () => {
  const z = [{ access: 50, size: 10 }, { access: 50, size: 90 }];
  assert.deepEqual(parseRandomDistribution("zoned", "zoned:50/10:50/90", 1024), {
    type: "zoned",
    zones: [z, z, z],
  });
  const abs = parseRandomDistribution("zoned_abs", "zoned_abs:50/1g:50/2g", 1024) as {
    zones: { size: number }[][];
  };
  assert.equal(abs.zones[0][1].size, 2 * 1024 ** 3);
});

Deno.test("file_service_type values", () => {
  assert.deepEqual(parseFileServiceType("random", "random:4"), { type: "random", value: 4 });
  assert.deepEqual(parseFileServiceType("roundrobin", "roundrobin"), {
    type: "roundrobin",
    value: 1,
  });
  assert.deepEqual(parseFileServiceType("roundrobin", "roundrobin:x"), {
    type: "roundrobin",
    value: 0,
  });
  assert.deepEqual(parseFileServiceType("zipf", "zipf:1.2"), { type: "zipf", value: 1.2 });
  assert.deepEqual(parseFileServiceType("gauss", "gauss"), { type: "gauss", value: null });
  assert.throws(() => parseFileServiceType("zipf", "zipf:x"), ValueRejected);
});

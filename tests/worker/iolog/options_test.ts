import assert from "node:assert/strict";
import { FioError } from "../../../src/errors.ts";
import {
  checkIologOptions,
  readIologOptions,
  readOverridesWrite,
  splitNameList,
} from "../../../src/worker/iolog/options.ts";
import { specOf } from "../_files_standin.ts";

Deno.test("splitNameList: ':' separates, '\\:' escapes", () => {
  assert.deepEqual(splitNameList("a.log:b.log"), ["a.log", "b.log"]);
  assert.deepEqual(splitNameList("c\\:\\x.log:d"), ["c:\\x.log", "d"]);
  assert.deepEqual(splitNameList(""), []);
});

Deno.test("readIologOptions: defaults, the clone's trace, read overrides write", () => {
  const plain = readIologOptions(specOf({}));
  assert.deepEqual(plain, {
    write: "",
    read: "",
    chunked: false,
    noStall: false,
    redirect: "",
    scale: 1,
    align: 0,
    timeScale: 100,
  });
  const both = specOf({ read_iolog: "a:b:c", write_iolog: "w", replay_time_scale: "50" });
  assert.equal(readIologOptions(both).read, "a");
  assert.equal(readIologOptions({ ...both, clone: 4 }).read, "b");
  assert.equal(readIologOptions(both).write, "");
  assert.equal(readIologOptions(both).timeScale, 50);
  assert.equal(readOverridesWrite(both), true);
  assert.equal(readIologOptions(specOf({ write_iolog: "w" })).write, "w");
});

Deno.test("checkIologOptions: fio's parse errors for replay_align and replay_skip", () => {
  checkIologOptions(specOf({ replay_align: "4096", replay_skip: "read,write,trim,sync" }));
  assert.throws(
    () => checkIologOptions(specOf({ replay_align: "3000" })),
    (e) =>
      e instanceof FioError &&
      e.message === "replay_align: must be a power-of-2\nfio: failed parsing replay_align=3000",
  );
  assert.throws(
    () => checkIologOptions(specOf({ replay_skip: "flush" })),
    (e) =>
      e instanceof FioError &&
      e.message === "Unknown skip type: flush\nfio: failed parsing replay_skip=flush",
  );
});

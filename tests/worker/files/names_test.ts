import assert from "node:assert/strict";
import {
  checkDirectories,
  createParentDirs,
  formatFilename,
  jobFileNames,
} from "../../../src/worker/files/names.ts";
import { FileSetupError } from "../../../src/worker/files/errors.ts";
import { inTempDir, specOf, specsOf } from "./helpers.ts";

Deno.test("formatFilename expands fio's tokens and keeps unknown ones", () => {
  assert.equal(formatFilename("$jobname.$jobnum.$filenum", "j", 1, 2), "j.1.2");
  assert.equal(formatFilename("f.$jobname.$clientuid.$foo", "x", 0, 0), "f.x..$foo");
});

Deno.test("default names: jobname.clone.filenum, one set per clone", () => {
  const specs = specsOf(["size=64k", "nrfiles=2", "numjobs=2"]);
  assert.deepEqual(specs.map(jobFileNames), [["j.0.0", "j.0.1"], ["j.1.0", "j.1.1"]]);
});

Deno.test("filename list with \\: escapes; every clone shares it", () => {
  const specs = specsOf(["filename=a\\:b:c", "numjobs=2"]);
  assert.deepEqual(specs.map(jobFileNames), [["a:b", "c"], ["a:b", "c"]]);
});

Deno.test("nrfiles after filename keeps the first names, before it is overridden", () => {
  assert.deepEqual(jobFileNames(specOf(["filename=x:y:z", "nrfiles=2"])), ["x", "y"]);
  assert.deepEqual(jobFileNames(specOf(["nrfiles=2", "filename=x:y:z"])), ["x", "y", "z"]);
  assert.deepEqual(jobFileNames(specOf(["filename=x", "nrfiles=3"])), ["x"]);
});

Deno.test("directory: by clone for generated names, first one for filename given after it", () => {
  const gen = specsOf(["directory=d1:d2", "nrfiles=2", "numjobs=3"]).map(jobFileNames);
  // Jobs come in fio's creation order (clones 0, 2, 1); fio 3.33 puts
  // j.0 and j.2 in d1, j.1 in d2.
  assert.deepEqual(gen, [
    ["d1/j.0.0", "d1/j.0.1"],
    ["d1/j.2.0", "d1/j.2.1"],
    ["d2/j.1.0", "d2/j.1.1"],
  ]);
  assert.deepEqual(jobFileNames(specOf(["directory=d1:d2", "filename=a:/abs"])), [
    "d1/a",
    "d1//abs",
  ]);
  // fio adds filename's files while parsing: a later directory does not apply.
  assert.deepEqual(jobFileNames(specOf(["filename=a", "directory=d1"])), ["a"]);
});

Deno.test("checkDirectories gives fio's parse error for a missing directory", () => {
  assert.throws(() => checkDirectories(["/nonexistent_dfio_dir"]), (e: unknown) => {
    assert.ok(e instanceof FileSetupError);
    assert.equal(e.message, "fio: /nonexistent_dfio_dir is not a directory");
    assert.deepEqual(e.extra, ["fio: failed parsing directory=/nonexistent_dfio_dir"]);
    assert.deepEqual(e.stdout, [
      "fio: file:options.c:1457, func=lstat, error=No such file or directory",
    ]);
    return true;
  });
});

Deno.test("createParentDirs makes missing directories, fails like fio", async () => {
  await inTempDir((dir) => {
    createParentDirs("s1/s2/x");
    assert.ok(Deno.statSync(`${dir}/s1/s2`).isDirectory);
    createParentDirs("s1/s2/y");
  });
  assert.throws(
    () => createParentDirs("/proc/nope/x"),
    { message: "fio: failed to create dir (/proc/nope): No such file or directory" },
  );
});

import assert from "node:assert/strict";
import { matchKeyword, validValuesListing } from "../../../src/options/values/enum.ts";

Deno.test("keywords match exactly up to ',' or ':' (case-sensitive)", () => {
  const names = ["read", "write", "randread"];
  assert.equal(matchKeyword(names, "read"), "read");
  assert.equal(matchKeyword(names, "read,write"), "read");
  assert.equal(matchKeyword(names, "randread:8"), "randread");
  for (const bad of ["READ", "readx", "rea", "write:1,2", "", " read"]) {
    assert.equal(matchKeyword(names, bad), undefined, bad);
  }
});

Deno.test("valid values listing layout", () => {
  assert.deepEqual(
    validValuesListing([{ name: "0", help: "a" }, { name: "randtrimwrite", help: "b" }]),
    [
      "        valid values: 0          a",
      "                    : randtrimwrite b",
      "",
    ],
  );
});

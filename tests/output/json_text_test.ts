import assert from "node:assert/strict";
import { jArr, jInt, JsonObject, printJson } from "../../src/output/json_text.ts";

Deno.test("printJson uses fio's layout, types and escaping", () => {
  const root = new JsonObject().str("a", 'q"\\').int("n", 3).float("f", 0.5);
  root.add("o", new JsonObject());
  root.add("l", jArr([jInt(1), new JsonObject().int("x", 2).node()]));
  assert.equal(
    printJson(root),
    '{\n  "a" : "q\\"\\\\",\n  "n" : 3,\n  "f" : 0.500000,\n  "o" : {\n\n  },\n' +
      '  "l" : [\n    1,\n    {\n      "x" : 2\n    }\n  ]\n}\n',
  );
});

import assert from "node:assert/strict";
import { LogFile } from "../../../src/worker/logs/log_file.ts";

Deno.test("LogFile: truncates, or appends for shared logs", () => {
  const dir = Deno.makeTempDirSync({ prefix: "dfio_logfile_" });
  try {
    const p = `${dir}/a.log`;
    Deno.writeTextFileSync(p, "old\n");
    const a = new LogFile(p, true);
    a.write("x\n");
    a.writeBytes(new TextEncoder().encode("y\n"));
    a.close();
    a.close();
    assert.equal(Deno.readTextFileSync(p), "old\nx\ny\n");
    const t = new LogFile(p, false);
    t.write("z\n");
    t.close();
    assert.equal(Deno.readTextFileSync(p), "z\n");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("LogFile: an unopenable path is reported as fio does and dropped", () => {
  const lines: string[] = [];
  const f = new LogFile("/nonexistent-dfio-dir/x_bw.1.log", false, (l) => lines.push(l));
  f.write("ignored\n");
  f.close();
  assert.deepEqual(lines, ["fopen log: No such file or directory"]);
});

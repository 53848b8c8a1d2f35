/**
 * SIGINT/SIGTERM during a run (coordinator with the fake Worker in a child
 * process): every job stops, the full report is still printed, and the
 * exit status is fio 3.33's (128).
 */
import assert from "node:assert/strict";

const DRIVER = new URL("./signal_driver.ts", import.meta.url).pathname;

async function interrupt(sig: Deno.Signal, format: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", DRIVER, format],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const dec = new TextDecoder();
  let err = "";
  const reader = child.stderr.getReader();
  while (!err.includes("start a")) {
    const { value, done } = await reader.read();
    if (done) break;
    err += dec.decode(value);
  }
  await new Promise((r) => setTimeout(r, 200));
  child.kill(sig);
  const [status, out] = await Promise.all([
    child.status,
    new Response(child.stdout).text(),
    (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        err += dec.decode(value);
      }
    })(),
  ]);
  return { code: status.code, out, err };
}

Deno.test("signals: SIGINT stops the jobs, prints full JSON, exits 128", async () => {
  const r = await interrupt("SIGINT", "json");
  assert.equal(r.code, 128);
  assert.ok(r.err.includes("fio: terminating on signal 2\n"));
  const doc = JSON.parse(r.out);
  assert.deepEqual(doc.jobs.map((j: { jobname: string }) => j.jobname), ["a", "b"]);
  assert.ok(doc.jobs[0].read.io_bytes > 0);
  assert.ok(doc.jobs[0].job_runtime >= 150 && doc.jobs[0].job_runtime < 5000);
  assert.equal(doc.jobs[1].read.io_bytes, 0);
  assert.ok(!r.err.includes("start b"), "b never started");
});

Deno.test("signals: SIGTERM in normal mode reports on stdout like fio", async () => {
  const r = await interrupt("SIGTERM", "normal");
  assert.equal(r.code, 128);
  assert.match(
    r.out,
    /Starting 2 processes\ninfo a\n\nfio: terminating on signal 15\n\na: \(groupid=0/,
  );
  assert.match(r.out, /Run status group 1 \(all jobs\):/);
});

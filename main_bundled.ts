/**
 * The compiled binary's entry (`deno task compile`): main.ts, with every
 * job's Worker loading the bundle of the job module that the task builds
 * into build/ and includes (see jobWorkerUrl in src/run/job_worker.ts).
 */
import { useJobBundle } from "./src/run/job_worker.ts";

useJobBundle(new URL("./build/job.js", import.meta.url));
await import("./main.ts");

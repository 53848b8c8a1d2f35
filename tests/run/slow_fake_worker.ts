/**
 * The stand-in Worker (fake_worker.ts) behind a module that takes 300 ms to
 * load, as a cold module cache does: the StartMessage arrives before the
 * job's message handler exists.
 */
/// <reference lib="deno.worker" />
await new Promise((resolve) => setTimeout(resolve, 300));
await import("./fake_worker.ts");

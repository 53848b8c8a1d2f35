/**
 * Entry module of a verify_async helper Worker. It has no static imports
 * and sets its message handler at once: Deno drops a message that arrives
 * while a Worker's imports load and finds no handler, and a lost init
 * would leave the helper idle. The work itself is in async_helper.ts.
 */
/// <reference lib="deno.worker" />
import type { HelperInit } from "./async.ts";

const early: MessageEvent<HelperInit>[] = [];
self.onmessage = (ev: MessageEvent<HelperInit>) => {
  if (ev.data?.type !== "init" || early.length > 0) return;
  early.push(ev);
  import("./async_helper.ts").then((m) => m.startHelper(ev.data));
};

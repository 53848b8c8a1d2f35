/**
 * The job's progress in its thread area slot: bytes and I/Os done per
 * direction, elapsed time, error and open files, which the coordinator's
 * ETA line reads from shared memory without a message; and the answer to a
 * status request (--status-interval, SIGUSR1) the first time the job sees it.
 * The loop publishes every SLOT_EVERY_NS from its timed events, not per I/O.
 */

import { Control, Slot } from "../run/thread_area.ts";
import type { JobLoop } from "./loop.ts";

/** How often the thread area slot is refreshed, ns. */
export const SLOT_EVERY_NS = 10e6;

/** Publishes `loop`'s progress in the thread area and sets the next refresh. */
export function publishProgress(loop: JobLoop, now: number): void {
  const env = loop.env, s = env.slots, b = env.slotBase, c = loop.collector;
  for (let d = 0; d < 3; d++) {
    s[b + Slot.BYTES + d] = c.bytes[d];
    s[b + Slot.IOS + d] = c.ios[d];
  }
  s[b + Slot.ELAPSED_MS] = Math.floor((now - loop.startNs) / 1e6);
  if (loop.error !== 0) s[b + Slot.ERROR] = loop.error;
  const opened = loop.opened;
  let open = 0;
  for (let i = 0; i < opened.length; i++) open += opened[i];
  s[b + Slot.FILES_OPEN] = open;
  loop.t[4] = now + SLOT_EVERY_NS;
  const request = env.control[Control.STATUS];
  if (request !== loop.statusSeen) {
    loop.statusSeen = request;
    loop.onStatus?.(now, request);
  }
}

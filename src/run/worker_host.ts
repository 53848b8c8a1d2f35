/**
 * The module every job Worker really starts with. It catches whatever the
 * job module fails with (an uncaught error, a rejected promise, a module
 * that does not load) and reports it as one `crash` message: Deno prints
 * an uncaught Worker error with its stack trace even when the parent
 * handles it, and fio never shows a stack trace. The job module to load
 * comes as the Worker's name. Messages that arrive while it loads (a cold
 * module cache makes that slow) are kept and handed to the handler it sets:
 * Deno drops a message that finds no handler, and a lost StartMessage
 * would leave the job waiting forever.
 */
/// <reference lib="deno.worker" />

/** Host -> coordinator: the job module died. */
export interface CrashMessage {
  readonly type: "crash";
  /** What went wrong, one line. */
  readonly message: string;
}

function firstLine(text: string): string {
  const line = (text.split("\n")[0] ?? "").trim();
  return line.replace(/^Uncaught (\(in promise\) )?/, "");
}

function crash(text: string): void {
  const msg: CrashMessage = { type: "crash", message: firstLine(text) };
  self.postMessage(msg);
}

self.addEventListener("error", (e) => {
  e.preventDefault();
  crash(String(e.message ?? e.error ?? "unknown error"));
});

self.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  const r = e.reason;
  crash(r instanceof Error ? `${r.name}: ${r.message}` : String(r));
});

const early: MessageEvent[] = [];
const keep = (ev: MessageEvent) => void early.push(ev);
self.onmessage = keep;

await import(self.name);

const handler = self.onmessage as ((ev: MessageEvent) => void) | null;
if (handler !== keep) {
  for (const ev of early.splice(0)) handler?.call(self, ev);
}

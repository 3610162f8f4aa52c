import { type Abortable, AbortSource } from "./abort-source";

/**
 * Aborts `controller` with a TimeoutError after `ms`, until the returned function clears it.
 *
 * Not AbortSignal.timeout(): Node holds those weakly, so inside AbortSignal.any() a timeout
 * signal that nothing else references can be garbage collected before it fires, and the request
 * then waits on a slow upstream for as long as the upstream likes (seen under load: a 300 ms
 * deadline that never fired). A plain timer stays until it fires or is cleared.
 */
export function abortAfter(controller: { abort(reason: unknown): void }, ms: number): () => void {
  const timer = setTimeout(() => controller.abort(new DOMException(`The deadline of ${ms} ms passed.`, "TimeoutError")), ms);
  timer.unref(); // a pending deadline never keeps the process alive on its own
  return () => clearTimeout(timer);
}

/**
 * A controller that also aborts, with the same reason, when `parent` does. On the hot path this
 * replaces AbortSignal.any([parent, own]): one source and one listener instead of a composite
 * signal with its weak-reference bookkeeping; and an AbortSource, not an AbortController (see
 * lib/http/abort-source.ts for why).
 */
export function childController(parent: Abortable): AbortSource {
  const child = new AbortSource();
  if (parent.aborted) child.abort(parent.reason);
  else parent.addEventListener("abort", () => child.abort(parent.reason), { once: true });
  return child;
}

/**
 * `promise`, or a rejection with `timeoutError()` once `ms` have passed. The work itself goes on
 * (a driver cannot always cancel a query); the caller stops waiting for it.
 */
export function within<T>(promise: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Waiting that an AbortSignal can cut short, leaving no timer behind. */
import { StripeError } from './errors';
import { text } from './texts';

export function abortedError(): StripeError {
  return new StripeError('aborted', text('errors.aborted'));
}

/** Resolves after `ms`, or rejects with an 'aborted' StripeError as soon as the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Each signal's listeners of onAbort, and the one listener it has for them. */
const listeners = new WeakMap<AbortSignal, { fns: Set<() => void>; listener: () => void }>();

/**
 * Calls `fn` once when the signal fires (never if it already has); returns what removes it. One
 * signal serves every request of a node: adding and removing a listener on the signal itself (an
 * EventTarget) for each request cost more than the rest of the request's own bookkeeping, so while a
 * signal has requests, it has one listener, and each request an entry in a Set. Once its last request
 * has ended, the listener is taken off the signal: a signal made for one request (a held message's
 * attempt) keeps nothing alive after it (with the listener left on, such signals were never freed:
 * +60 MB after 40,000 held messages sent 16 at once). Called in the order they were added.
 */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let entry = listeners.get(signal);
  if (!entry) {
    const fns = new Set<() => void>();
    const listener = (): void => {
      listeners.delete(signal);
      const all = [...fns];
      fns.clear();
      for (const f of all) {
        try {
          f();
        } catch (err) {
          // As an EventTarget does with a listener that throws: reported, and the others still called.
          process.nextTick(() => {
            throw err;
          });
        }
      }
    };
    listeners.set(signal, (entry = { fns, listener }));
    signal.addEventListener('abort', listener, { once: true });
  }
  const e = entry;
  e.fns.add(fn);
  return () => {
    if (!e.fns.delete(fn) || e.fns.size > 0) return;
    signal.removeEventListener('abort', e.listener);
    if (listeners.get(signal) === e) listeners.delete(signal);
  };
}

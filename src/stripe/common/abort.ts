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

/** Each signal's listeners of onAbort, called by the one listener it has on the signal. */
const listeners = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `fn` once when the signal fires (never if it already has); returns what removes it. One
 * signal serves every request of a node: adding and removing a listener on the signal itself (an
 * EventTarget) for each request cost more than the rest of the request's own bookkeeping, so the
 * signal gets one listener, and each request an entry in a Set. Called in the order they were added.
 */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let set = listeners.get(signal);
  if (!set) {
    const own = new Set<() => void>();
    listeners.set(signal, (set = own));
    signal.addEventListener(
      'abort',
      () => {
        const fns = [...own];
        own.clear();
        for (const f of fns) {
          try {
            f();
          } catch (err) {
            // As an EventTarget does with a listener that throws: reported, and the others still called.
            process.nextTick(() => {
              throw err;
            });
          }
        }
      },
      { once: true },
    );
  }
  const s = set;
  s.add(fn);
  return () => s.delete(fn);
}

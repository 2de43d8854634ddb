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

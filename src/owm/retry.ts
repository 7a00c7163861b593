import { Owm2MqttError } from '../core/errors.js';

export interface RetryOptions {
  /** Retries after the first attempt, for transient errors only. */
  readonly retries: number;
  /** First backoff ceiling; doubles each retry (full jitter: a random wait up to the ceiling). */
  readonly baseDelayMs: number;
  readonly maxDelayMs?: number;
  /** Absolute time (ms since epoch, by `now`) after which no new attempt starts. */
  readonly deadline: number;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly onRetry?: (error: Owm2MqttError, attempt: number, waitMs: number) => void;
}

/** Runs `attempt`, retrying transient failures with capped exponential backoff, never past the deadline. */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const maxDelay = options.maxDelayMs ?? 30_000;
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof Owm2MqttError) || !error.transient || retry >= options.retries) throw error;
      const ceiling = Math.min(maxDelay, options.baseDelayMs * 2 ** retry);
      const jittered = Math.round(random() * ceiling);
      // A server's Retry-After is a floor: never ask again earlier than it said.
      const waitMs = Math.max(jittered, error.retryAfterMs ?? 0);
      if (now() + waitMs >= options.deadline) throw error;
      options.onRetry?.(error, retry + 1, waitMs);
      await sleep(waitMs, options.signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Owm2MqttError('DEADLINE', 'stopped while waiting to retry'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Owm2MqttError('DEADLINE', 'stopped while waiting to retry'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Bounded retries for transient failures: network errors, timeouts, 408, 429 and 5xx (but not 501/505,
 * which will never change). 400/401/403/404 are answers, not accidents: never retried here (401 gets
 * one re-authentication in the client). Every wait is capped, including a registry's Retry-After.
 */
import { parseRetryAfter } from './headers.js';

export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  /** First backoff step; doubles per retry. */
  baseDelayMs: number;
  /** Cap of one exponential backoff wait. */
  maxDelayMs: number;
  /** Cap of one wait asked for by Retry-After (a registry may ask for minutes). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  maxRetryAfterMs: 60_000,
};

/** Time and randomness, replaceable in tests (a fake clock makes retry timing exact). */
export interface Timing {
  sleep(ms: number): Promise<void>;
  random(): number;
  now(): number;
}

export const realTiming: Timing = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
};

export function isRetriableStatus(status: number): boolean {
  if (status === 408 || status === 429) return true;
  return status >= 500 && status <= 599 && status !== 501 && status !== 505;
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
  'OCI_TIMEOUT',
]);

/** Network-level failures worth another try (a TLS trust failure or a bad URL is not one of them). */
export function isTransientNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  return error instanceof Error && /socket hang up/i.test(error.message);
}

/** Exponential backoff with "equal jitter": half fixed, half random, so waits never collapse to 0. */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** The wait before retry number `retry` (1-based): Retry-After when given (capped), else backoff. */
export function retryDelayMs(
  retry: number,
  retryAfter: string | undefined,
  policy: RetryPolicy,
  timing: Pick<Timing, 'random' | 'now'>,
): number {
  const asked = parseRetryAfter(retryAfter, timing.now());
  if (asked !== undefined) return Math.min(asked, policy.maxRetryAfterMs);
  return backoffDelayMs(retry, policy, timing.random);
}

export interface RetryableResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Drop the body so the keep-alive socket can be reused. */
  discard(): void;
}

/**
 * Run `send` until it yields a response that is not transient, or attempts run out. The last
 * response is returned even when transient, so the caller reports the registry's own error body.
 */
export async function sendWithRetry<R extends RetryableResponse>(
  send: () => Promise<R>,
  policy: RetryPolicy,
  timing: Timing,
  onRetry?: (reason: string, delayMs: number) => void,
): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= policy.maxAttempts;
    let response: R;
    try {
      response = await send();
    } catch (error) {
      if (last || !isTransientNetworkError(error)) throw error;
      const delay = backoffDelayMs(attempt, policy, timing.random);
      onRetry?.((error as { code?: string }).code ?? 'network error', delay);
      await timing.sleep(delay);
      continue;
    }
    if (last || !isRetriableStatus(response.status)) return response;
    const retryAfter = response.headers['retry-after'];
    const delay = retryDelayMs(attempt, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, policy, timing);
    response.discard();
    onRetry?.(`HTTP ${response.status}`, delay);
    await timing.sleep(delay);
  }
}

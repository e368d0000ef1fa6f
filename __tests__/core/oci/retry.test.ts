import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  isRetriableStatus,
  isTransientNetworkError,
  retryDelayMs,
  sendWithRetry,
  type RetryableResponse,
  type Timing,
} from '../../../src/core/oci/retry.js';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

function fakeTiming(random = 0.5): Timing & { waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms), random: () => random, now: () => 0 };
}

function response(status: number, headers: Record<string, string> = {}): RetryableResponse & { discarded: boolean } {
  const r = { status, headers, discarded: false, discard: () => void (r.discarded = true) };
  return r;
}

describe('retry classification', () => {
  it.each([408, 429, 500, 502, 503, 504, 599])('retries HTTP %i', (s) => expect(isRetriableStatus(s)).toBe(true));
  it.each([200, 201, 400, 401, 403, 404, 409, 416, 501, 505])('does not retry HTTP %i', (s) =>
    expect(isRetriableStatus(s)).toBe(false),
  );

  it('treats resets and timeouts as transient, TLS trust failures as not', () => {
    expect(isTransientNetworkError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransientNetworkError(Object.assign(new Error('x'), { code: 'OCI_TIMEOUT' }))).toBe(true);
    expect(isTransientNetworkError(new Error('socket hang up'))).toBe(true);
    expect(isTransientNetworkError(Object.assign(new Error('x'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }))).toBe(false);
    expect(isTransientNetworkError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }))).toBe(false);
  });
});

describe('backoff', () => {
  it('doubles, jitters within [ceiling/2, ceiling] and caps', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('prefers Retry-After, capped', () => {
    const timing = { random: () => 0, now: () => 0 };
    expect(retryDelayMs(1, '2', policy, timing)).toBe(2000);
    expect(retryDelayMs(1, '600', policy, timing)).toBe(5000);
    expect(retryDelayMs(3, undefined, policy, timing)).toBe(200);
    expect(DEFAULT_RETRY_POLICY.maxRetryAfterMs).toBeLessThanOrEqual(60_000);
  });
});

describe('sendWithRetry', () => {
  it('retries transient answers and errors, discarding each dropped body', async () => {
    const timing = fakeTiming();
    const dropped = [response(503), response(429, { 'retry-after': '1' })];
    const answers: Array<() => Promise<RetryableResponse>> = [
      async () => Promise.reject(Object.assign(new Error('reset'), { code: 'ECONNRESET' })),
      async () => dropped[0]!,
      async () => dropped[1]!,
      async () => response(200),
    ];
    const reasons: string[] = [];
    const result = await sendWithRetry(
      () => answers.shift()!(),
      policy,
      timing,
      (reason) => reasons.push(reason),
    );
    expect(result.status).toBe(200);
    expect(timing.waits).toEqual([75, 150, 1000]);
    expect(reasons).toEqual(['ECONNRESET', 'HTTP 503', 'HTTP 429']);
    expect(dropped.every((r) => r.discarded)).toBe(true);
  });

  it('returns the last transient answer when attempts run out (the caller reports it)', async () => {
    const timing = fakeTiming();
    let calls = 0;
    const result = await sendWithRetry(async () => (calls++, response(500)), policy, timing);
    expect(result.status).toBe(500);
    expect(calls).toBe(4);
    expect(timing.waits).toHaveLength(3);
  });

  it('never retries a non-transient error or answer', async () => {
    const timing = fakeTiming();
    await expect(sendWithRetry(async () => Promise.reject(new Error('bad url')), policy, timing)).rejects.toThrow(
      'bad url',
    );
    expect((await sendWithRetry(async () => response(404), policy, timing)).status).toBe(404);
    expect(timing.waits).toEqual([]);
  });
});

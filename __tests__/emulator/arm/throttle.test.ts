import { Throttle, AZURE_THROTTLING } from '../../../emulator/src/arm/throttle.js';
import { ArmError } from '../../../emulator/src/arm/errors.js';
import { armRequest, startTestEmulator, type Emulator } from '../helpers/testEmulator.js';

describe('ARM throttling', () => {
  it('is a token bucket per subscription, principal and category with continuous refill', () => {
    let now = 0;
    const throttle = new Throttle({ ...AZURE_THROTTLING, writes: { burst: 3, refillPerSecond: 2 } }, () => now);
    expect(throttle.take('s', 'p', 'PUT')).toEqual({
      'x-ms-ratelimit-remaining-subscription-writes': '2',
      'x-ms-ratelimit-remaining-subscription-global-writes': '2',
    });
    throttle.take('s', 'p', 'POST');
    throttle.take('s', 'p', 'PATCH');
    let error: unknown;
    try {
      throttle.take('s', 'p', 'PUT');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ArmError);
    expect(error).toMatchObject({
      status: 429,
      code: 'SubscriptionRequestsThrottled',
      extraHeaders: { 'retry-after': '1' },
    });
    expect((error as Error).message).toBe(
      "Number of 'write' requests for subscription 's' actor 'p' exceeded. Please try again after '1' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.",
    );
    // Other principals, other categories and other subscriptions have their own buckets.
    expect(throttle.take('s', 'other', 'PUT')['x-ms-ratelimit-remaining-subscription-writes']).toBe('2');
    expect(throttle.take('s', 'p', 'GET')['x-ms-ratelimit-remaining-subscription-reads']).toBe('249');
    expect(throttle.take('s', 'p', 'DELETE')['x-ms-ratelimit-remaining-subscription-deletes']).toBe('199');
    now = 500; // half a second refills one write token
    expect(throttle.take('s', 'p', 'PUT')['x-ms-ratelimit-remaining-subscription-writes']).toBe('0');
  });

  it('does nothing when disabled', () => {
    const throttle = new Throttle({ ...AZURE_THROTTLING, enabled: false, reads: { burst: 0, refillPerSecond: 0 } });
    expect(throttle.take('s', 'p', 'GET')).toEqual({});
  });

  describe('on the wire', () => {
    let emulator: Emulator;
    beforeAll(async () => {
      emulator = await startTestEmulator({ scenarios: [], throttling: { reads: { burst: 3, refillPerSecond: 1 } } });
    });
    afterAll(() => emulator.stop());

    it('reports remaining reads and answers 429 with Retry-After once the bucket is empty', async () => {
      const path = `/subscriptions/${emulator.subscriptionId}/resourcegroups`;
      const remaining: unknown[] = [];
      for (let i = 0; i < 3; i++) {
        const reply = await armRequest(emulator, 'GET', path, { apiVersion: '2025-04-01' });
        expect(reply.status).toBe(200);
        remaining.push(reply.headers['x-ms-ratelimit-remaining-subscription-reads']);
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const throttled = await armRequest(emulator, 'GET', path, { apiVersion: '2025-04-01' });
      expect(throttled.status).toBe(429);
      expect(throttled.headers['retry-after']).toBe('1');
      expect(throttled.body.error.code).toBe('SubscriptionRequestsThrottled');
      emulator.arm.throttle.configure({ enabled: false });
      expect((await armRequest(emulator, 'GET', path, { apiVersion: '2025-04-01' })).status).toBe(200);
    });
  });
});

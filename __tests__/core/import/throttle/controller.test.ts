import { DEFAULT_AIMD, ThrottleController } from '../../../../src/core/import/throttle/controller.js';
import { TokenBucket } from '../../../../src/core/import/throttle/token-bucket.js';
import { flush, ManualTiming } from '../support/manual-timing.js';

function make(maxConcurrency = 16, shape = { burst: 200, refillPerSecond: 10 }) {
  const timing = new ManualTiming();
  const bucket = new TokenBucket(shape, timing);
  const controller = new ThrottleController(bucket, { ...DEFAULT_AIMD, maxConcurrency }, timing);
  return { timing, bucket, controller };
}

describe('ThrottleController (AIMD)', () => {
  it('halves the window and the rate on a 429, once per congestion event', () => {
    const { controller } = make(16);
    expect(controller.onThrottle(1_000)).toBe(1_000);
    expect(controller.concurrency).toBe(8);
    expect(controller.rate).toBe(5);
    // Throttles answered to requests already in flight during the hold do not halve again.
    controller.onThrottle(1_000);
    controller.onThrottle(500);
    expect(controller.concurrency).toBe(8);
    expect(controller.decreases).toBe(1);
    expect(controller.throttled).toBe(3);
  });

  it('halves again for a new congestion event after the hold, down to 1 and 10 % of the rate', async () => {
    const { controller, timing } = make(16);
    for (let i = 0; i < 10; i++) {
      controller.onThrottle(100);
      await timing.advance(100);
    }
    expect(controller.concurrency).toBe(1);
    expect(controller.rate).toBeCloseTo(1);
    expect(controller.decreases).toBe(10);
  });

  it('grows the window by one after a window of successes, up to max-concurrency', async () => {
    const { controller, timing } = make(4);
    controller.onThrottle(10);
    await timing.advance(10);
    expect(controller.concurrency).toBe(2);
    controller.onSuccess();
    expect(controller.concurrency).toBe(2);
    controller.onSuccess();
    expect(controller.concurrency).toBe(3);
    for (let i = 0; i < 3; i++) controller.onSuccess();
    expect(controller.concurrency).toBe(4);
    for (let i = 0; i < 40; i++) controller.onSuccess();
    expect(controller.concurrency).toBe(4);
    expect(controller.rate).toBe(10);
  });

  it('caps the wait asked by Retry-After and uses a default when none is given', () => {
    const { controller } = make();
    expect(controller.onThrottle(3_600_000)).toBe(DEFAULT_AIMD.maxWaitMs);
    expect(controller.onThrottle(undefined)).toBe(DEFAULT_AIMD.defaultWaitMs);
  });

  it('holds every writer until the Retry-After passed, then lets them through one refill interval apart', async () => {
    const { controller, timing } = make(16, { burst: 50, refillPerSecond: 10 });
    controller.onThrottle(2_000); // rate now 5/s
    const sent: number[] = [];
    for (let i = 0; i < 3; i++) void controller.beforeRequest().then(() => sent.push(timing.now()));
    await timing.advance(1_999);
    expect(sent).toEqual([]);
    await timing.advance(5_000);
    expect(sent).toEqual([2_200, 2_400, 2_600]);
  });

  it('admits at most `window` holders; a shrinking window lets running work finish', async () => {
    const { controller, timing } = make(2);
    const first = await controller.acquire();
    const second = await controller.acquire();
    let third = false;
    const waiting = controller.acquire().then((release) => {
      third = true;
      return release;
    });
    await flush();
    expect(third).toBe(false);
    controller.onThrottle(10); // window 1
    first();
    await flush();
    expect(third).toBe(false); // still one running (second) = window
    second();
    await flush();
    expect(third).toBe(true);
    (await waiting)();
    await timing.advance(10);
  });
});

import { TokenBucket, ARM_WRITE_BUDGET } from '../../../../src/core/import/throttle/token-bucket.js';
import { flush, ManualTiming } from '../support/manual-timing.js';

describe('TokenBucket', () => {
  it("defaults to ARM's published write budget", () => {
    expect(ARM_WRITE_BUDGET).toEqual({ burst: 200, refillPerSecond: 10 });
  });

  it('lets a burst through at once, then one token per refill interval, in order', async () => {
    const timing = new ManualTiming();
    const bucket = new TokenBucket({ burst: 3, refillPerSecond: 2 }, timing);
    for (let i = 0; i < 3; i++) await bucket.take();
    const done: number[] = [];
    const takers = [1, 2, 3].map((n) => bucket.take().then(() => done.push(n)));
    await flush();
    expect(done).toEqual([]);
    await timing.advance(499);
    expect(done).toEqual([]);
    await timing.advance(1);
    expect(done).toEqual([1]);
    await timing.advance(500);
    expect(done).toEqual([1, 2]);
    await timing.advance(500);
    expect(done).toEqual([1, 2, 3]);
    await Promise.all(takers);
  });

  it('refills continuously up to the burst, never beyond', async () => {
    const timing = new ManualTiming();
    const bucket = new TokenBucket({ burst: 5, refillPerSecond: 10 }, timing);
    for (let i = 0; i < 5; i++) await bucket.take();
    await timing.advance(300);
    expect(bucket.available).toBeCloseTo(3);
    await timing.advance(60_000);
    expect(bucket.available).toBe(5);
  });

  it('holdUntil empties the bucket and refills nothing before the hold ends', async () => {
    const timing = new ManualTiming();
    const bucket = new TokenBucket({ burst: 100, refillPerSecond: 10 }, timing);
    bucket.holdUntil(2_000);
    const done: number[] = [];
    void bucket.take().then(() => done.push(timing.now()));
    void bucket.take().then(() => done.push(timing.now()));
    await timing.advance(1_999);
    expect(done).toEqual([]);
    await timing.advance(10_000);
    // After the hold the first goes one refill interval later, the next one more interval on: no burst.
    expect(done).toEqual([2_100, 2_200]);
  });

  it('setRate lowers the refill rate, capped by the configured one', async () => {
    const timing = new ManualTiming();
    const bucket = new TokenBucket({ burst: 1, refillPerSecond: 10 }, timing);
    bucket.setRate(50);
    expect(bucket.refillPerSecond).toBe(10);
    bucket.setRate(1);
    await bucket.take();
    let done = false;
    void bucket.take().then(() => (done = true));
    await timing.advance(999);
    expect(done).toBe(false);
    await timing.advance(1);
    expect(done).toBe(true);
  });

  it('gives a reservation back when the waiter is aborted', async () => {
    const timing = new ManualTiming();
    const bucket = new TokenBucket({ burst: 1, refillPerSecond: 1 }, timing);
    await bucket.take();
    const abort = new AbortController();
    const waiting = bucket.take(abort.signal);
    abort.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(bucket.available).toBeCloseTo(0);
  });

  it('refuses a shape that could never hand out a token', () => {
    expect(() => new TokenBucket({ burst: 0, refillPerSecond: 1 }, new ManualTiming())).toThrow(RangeError);
    expect(() => new TokenBucket({ burst: 1, refillPerSecond: 0 }, new ManualTiming())).toThrow(RangeError);
  });
});

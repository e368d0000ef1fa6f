/**
 * Politeness towards a shared write budget: a concurrency window and a token bucket, both steered
 * by AIMD (additive increase, multiplicative decrease — TCP's congestion control):
 *
 * - on a 429: the window and the bucket's refill rate are halved (not below 1 and 10 % of the
 *   configured rate), and the bucket is held empty until the Retry-After has passed. Requests then
 *   resume one refill interval apart: no burst, so no second wave of 429s ("storm") after recovery.
 *   Throttles answered to requests that were already in flight when the first one arrived (until the
 *   hold ends) do not halve again: one decrease per congestion event, as TCP does per round trip.
 * - after a window's worth of successes in a row (as many as the window is wide): the window grows
 *   by one and the rate by 10 % of the configured rate, up to the configured ceilings.
 *
 * Halving the window alone would not bound the request rate when operations are short (16 imports
 * of 50 ms each can still send 300 writes a second), so the rate is steered as well.
 */
import type { TokenBucket } from './token-bucket.js';
import type { EngineTiming, SignalLike } from './timing.js';
import { capWait } from './retry-after.js';

export interface AimdKnobs {
  /** Concurrency to start with and never exceed (max-concurrency). */
  maxConcurrency: number;
  /** Multiplicative decrease factor (default 0.5). */
  decreaseFactor: number;
  /** Floor of the refill rate, as a fraction of the configured rate (default 0.1). */
  minRateFraction: number;
  /** Rate added per increase, as a fraction of the configured rate (default 0.1). */
  rateIncreaseFraction: number;
  /** Cap of one throttling wait, whatever Retry-After says (default 60 s). */
  maxWaitMs: number;
  /** Wait after a 429 without any Retry-After (default 2 s). */
  defaultWaitMs: number;
}

export const DEFAULT_AIMD: Omit<AimdKnobs, 'maxConcurrency'> = {
  decreaseFactor: 0.5,
  minRateFraction: 0.1,
  rateIncreaseFraction: 0.1,
  maxWaitMs: 60_000,
  defaultWaitMs: 2_000,
};

export class ThrottleController {
  private window: number;
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  /** Waiters woken but not yet running: counted so one release never wakes more than it frees. */
  private pendingWakes = 0;
  private successes = 0;
  private decreaseBlockedUntil = Number.NEGATIVE_INFINITY;
  private readonly maxRate: number;
  throttled = 0;
  decreases = 0;

  constructor(
    private readonly bucket: TokenBucket,
    private readonly knobs: AimdKnobs,
    private readonly timing: EngineTiming,
  ) {
    if (!Number.isSafeInteger(knobs.maxConcurrency) || knobs.maxConcurrency < 1) {
      throw new RangeError(`maxConcurrency must be a positive integer, got ${knobs.maxConcurrency}`);
    }
    this.window = knobs.maxConcurrency;
    this.maxRate = bucket.refillPerSecond;
  }

  /** The concurrency window now. */
  get concurrency(): number {
    return this.window;
  }

  get rate(): number {
    return this.bucket.refillPerSecond;
  }

  /** A slot in the concurrency window; call the returned function when the work is done. */
  async acquire(): Promise<() => void> {
    while (this.active >= this.window) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.wake();
    };
  }

  /** Before each write: wait for a token (and for any throttling hold to end). */
  beforeRequest(signal?: SignalLike): Promise<void> {
    return this.bucket.take(signal);
  }

  /** A 429 arrived: returns the wait that was applied (ms). */
  onThrottle(retryAfterMs: number | undefined): number {
    this.throttled += 1;
    this.successes = 0;
    const now = this.timing.now();
    const wait = capWait(retryAfterMs ?? this.knobs.defaultWaitMs, this.knobs.maxWaitMs);
    if (now >= this.decreaseBlockedUntil) {
      this.decreases += 1;
      this.window = Math.max(1, Math.floor(this.window * this.knobs.decreaseFactor));
      const floor = this.maxRate * this.knobs.minRateFraction;
      this.bucket.setRate(Math.max(floor, this.bucket.refillPerSecond * this.knobs.decreaseFactor));
    }
    this.bucket.holdUntil(now + wait);
    this.decreaseBlockedUntil = Math.max(this.decreaseBlockedUntil, now + wait);
    return wait;
  }

  /** A write was accepted (not throttled). */
  onSuccess(): void {
    this.successes += 1;
    if (this.successes < this.window) return;
    this.successes = 0;
    if (this.window < this.knobs.maxConcurrency) {
      this.window += 1;
      this.wake();
    }
    const step = this.maxRate * this.knobs.rateIncreaseFraction;
    this.bucket.setRate(Math.min(this.maxRate, this.bucket.refillPerSecond + step));
  }

  private wake(): void {
    while (this.active + this.pendingWakes < this.window && this.waiters.length > 0) {
      this.pendingWakes += 1;
      const resolve = this.waiters.shift()!;
      queueMicrotask(() => {
        this.pendingWakes -= 1;
        resolve();
      });
    }
  }
}

/**
 * A token bucket shaped like ARM's per-principal limits (a burst from full, then a steady refill):
 * every request takes one token. Taking reserves: the balance may go below zero, and each caller
 * sleeps exactly until its own token will have been refilled. Callers are served in the order they
 * asked, with no thundering herd of sleepers racing for the same token.
 *
 * Defaults (see ARM_WRITE_BUDGET) are Azure Resource Manager's published write budget per principal
 * and subscription: 200 requests burst, 10 per second refill (https://aka.ms/arm-throttling).
 */
import type { EngineTiming, SignalLike } from './timing.js';

export interface BucketShape {
  /** Tokens when full: the burst allowed after a quiet period. */
  burst: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

export const ARM_WRITE_BUDGET: BucketShape = { burst: 200, refillPerSecond: 10 };
export const ARM_READ_BUDGET: BucketShape = { burst: 250, refillPerSecond: 25 };

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private rate: number;

  constructor(
    private readonly shape: BucketShape,
    private readonly timing: EngineTiming,
  ) {
    if (!(shape.burst >= 1) || !(shape.refillPerSecond > 0)) {
      throw new RangeError(`a token bucket needs burst ≥ 1 and refill > 0, got ${JSON.stringify(shape)}`);
    }
    this.tokens = shape.burst;
    this.rate = shape.refillPerSecond;
    this.updatedAt = timing.now();
  }

  /** Current refill rate (AIMD lowers it on throttling and raises it back). */
  get refillPerSecond(): number {
    return this.rate;
  }

  /** Tokens available now (negative: that many reservations are waiting). */
  get available(): number {
    this.refill();
    return this.tokens;
  }

  setRate(perSecond: number): void {
    this.refill();
    this.rate = Math.max(Number.MIN_VALUE, Math.min(perSecond, this.shape.refillPerSecond));
  }

  /**
   * After throttling: empty the bucket and refill nothing before `until`. Requests then resume one
   * refill interval apart instead of all at once when the service's Retry-After expires.
   */
  holdUntil(until: number): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
    this.updatedAt = Math.max(this.updatedAt, until);
  }

  /** Take one token, waiting for it when the bucket is empty (or held). */
  async take(signal?: SignalLike): Promise<void> {
    this.refill();
    this.tokens -= 1;
    const held = Math.max(0, this.updatedAt - this.timing.now());
    if (this.tokens >= 0 && held === 0) return;
    const waitMs = held + Math.ceil((Math.max(0, -this.tokens) / this.rate) * 1000);
    try {
      await this.timing.sleep(waitMs, signal);
    } catch (error) {
      this.tokens += 1; // the reservation is given back
      throw error;
    }
  }

  private refill(): void {
    const now = this.timing.now();
    if (now <= this.updatedAt) return; // held (or no time passed)
    const elapsed = (now - this.updatedAt) / 1000;
    this.updatedAt = now;
    this.tokens = Math.min(this.shape.burst, this.tokens + elapsed * this.rate);
  }
}

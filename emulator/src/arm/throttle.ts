/**
 * ARM's throttling: a token bucket per principal and subscription for each request category
 * (reads, writes, deletes). Each request takes a token; tokens refill continuously; an empty bucket
 * answers 429 with Retry-After. Every answer reports what is left in x-ms-ratelimit-remaining-* headers.
 * Defaults are Azure's published limits (reads 250 + 25/s, writes 200 + 10/s, deletes 200 + 10/s).
 */
import type { HttpMethod } from './provider.js';
import { ArmError } from './errors.js';

export type ThrottleCategory = 'reads' | 'writes' | 'deletes';

export interface BucketLimits {
  /** Bucket size: the burst allowed from full. */
  burst: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

export interface ThrottlingConfig {
  enabled: boolean;
  reads: BucketLimits;
  writes: BucketLimits;
  deletes: BucketLimits;
}

export const AZURE_THROTTLING: ThrottlingConfig = {
  enabled: true,
  reads: { burst: 250, refillPerSecond: 25 },
  writes: { burst: 200, refillPerSecond: 10 },
  deletes: { burst: 200, refillPerSecond: 10 },
};

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export function categoryOf(method: HttpMethod): ThrottleCategory {
  if (method === 'GET' || method === 'HEAD') return 'reads';
  return method === 'DELETE' ? 'deletes' : 'writes';
}

export class Throttle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private config: ThrottlingConfig,
    private readonly now: () => number = Date.now,
  ) {}

  get settings(): ThrottlingConfig {
    return this.config;
  }

  /** Changes limits at run time; buckets start full again. */
  configure(change: Partial<ThrottlingConfig>): void {
    this.config = { ...this.config, ...change };
    this.buckets.clear();
  }

  /**
   * Takes a token for the request or throws 429 SubscriptionRequestsThrottled. Returns the
   * x-ms-ratelimit-remaining-subscription-* headers to send either way.
   */
  take(subscriptionId: string, principalId: string, method: HttpMethod): Record<string, string> {
    if (!this.config.enabled) return {};
    const category = categoryOf(method);
    const limits = this.config[category];
    const bucket = this.refill(`${subscriptionId}|${principalId}|${category}`, limits);
    if (bucket.tokens < 1) {
      const waitSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / limits.refillPerSecond));
      const noun = category.slice(0, -1);
      throw new ArmError(
        429,
        'SubscriptionRequestsThrottled',
        `Number of '${noun}' requests for subscription '${subscriptionId}' actor '${principalId}' exceeded. Please try again after '${waitSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
        { 'retry-after': String(waitSeconds), ...remainingHeaders(category, 0) },
      );
    }
    bucket.tokens -= 1;
    return remainingHeaders(category, Math.floor(bucket.tokens));
  }

  private refill(key: string, limits: BucketLimits): Bucket {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limits.burst, updatedAt: now };
    bucket.tokens = Math.min(limits.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * limits.refillPerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    return bucket;
  }
}

function remainingHeaders(category: ThrottleCategory, remaining: number): Record<string, string> {
  return {
    [`x-ms-ratelimit-remaining-subscription-${category}`]: String(remaining),
    [`x-ms-ratelimit-remaining-subscription-global-${category}`]: String(remaining),
  };
}

/**
 * Waiting for Azure to catch up (a new role assignment is not visible everywhere at once): check,
 * then back off exponentially up to a cap, and give up at a deadline instead of hanging a pipeline.
 */
import type { EngineTiming } from '../../import/throttle/timing.js';

export type Clock = Pick<EngineTiming, 'now' | 'sleep'>;

export interface WaitKnobs {
  /** Give up after this long (the last check happens at or before the deadline). */
  timeoutMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Azure documents up to a few minutes for role assignments to propagate; most take seconds. */
export const DEFAULT_VISIBILITY_WAIT: WaitKnobs = { timeoutMs: 300_000, initialDelayMs: 1_000, maxDelayMs: 20_000 };

export interface WaitOutcome {
  done: boolean;
  attempts: number;
  waitedMs: number;
}

export async function waitUntil(check: () => Promise<boolean>, clock: Clock, knobs: WaitKnobs): Promise<WaitOutcome> {
  const started = clock.now();
  const deadline = started + knobs.timeoutMs;
  let delay = knobs.initialDelayMs;
  for (let attempts = 1; ; attempts += 1) {
    if (await check()) return { done: true, attempts, waitedMs: clock.now() - started };
    const left = deadline - clock.now();
    if (left <= 0) return { done: false, attempts, waitedMs: clock.now() - started };
    await clock.sleep(Math.min(delay, left));
    delay = Math.min(delay * 2, knobs.maxDelayMs);
  }
}

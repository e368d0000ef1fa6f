import { waitUntil, type Clock } from '../../../../src/core/rewire/access/wait.js';

/** A virtual clock: sleeping advances time instantly and is recorded. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('waitUntil', () => {
  it('checks at once, then backs off exponentially up to the cap', async () => {
    const clock = fakeClock();
    let calls = 0;
    const outcome = await waitUntil(async () => ++calls === 6, clock, {
      timeoutMs: 60_000,
      initialDelayMs: 100,
      maxDelayMs: 500,
    });
    expect(outcome).toEqual({ done: true, attempts: 6, waitedMs: 100 + 200 + 400 + 500 + 500 });
    expect(clock.sleeps).toEqual([100, 200, 400, 500, 500]);
  });

  it('gives up at the deadline, with a last check at it', async () => {
    const clock = fakeClock();
    let calls = 0;
    const outcome = await waitUntil(async () => (calls++, false), clock, {
      timeoutMs: 1_000,
      initialDelayMs: 300,
      maxDelayMs: 10_000,
    });
    expect(clock.sleeps).toEqual([300, 600, 100]);
    expect(outcome).toEqual({ done: false, attempts: 4, waitedMs: 1_000 });
    expect(calls).toBe(4);
  });

  it('does not sleep when the first check succeeds', async () => {
    const clock = fakeClock();
    expect(await waitUntil(async () => true, clock, { timeoutMs: 10, initialDelayMs: 1, maxDelayMs: 1 })).toEqual({
      done: true,
      attempts: 1,
      waitedMs: 0,
    });
    expect(clock.sleeps).toEqual([]);
  });
});

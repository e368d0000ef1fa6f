import { mapWithLimit } from '../../../src/core/util/pool.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('mapWithLimit', () => {
  it('keeps at most `limit` in flight and returns results in input order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithLimit([5, 1, 4, 2, 3, 0], 2, async (n, i) => {
      running++;
      peak = Math.max(peak, running);
      for (let k = 0; k < n; k++) await tick();
      running--;
      return `${i}:${n}`;
    });
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0']);
    expect(peak).toBe(2);
  });

  it('starts nothing new after a failure, lets running work finish, then throws the first error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const ticks = [1, 3, 5, 1, 1, 1];
    const failure = mapWithLimit([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      for (let k = 0; k < ticks[n]!; k++) await tick();
      if (n === 1) throw new Error('boom 1');
      finished.push(n);
      return n;
    });
    await expect(failure).rejects.toThrow('boom 1');
    // 0 finished early, so 2 started before 1 failed; 2 was still running and was allowed to finish
    expect(started).toEqual([0, 1, 2]);
    expect(finished).toEqual([0, 2]);
  });

  it('handles empty input and refuses a bad limit', async () => {
    await expect(mapWithLimit([], 3, async () => 1)).resolves.toEqual([]);
    await expect(mapWithLimit([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });
});

import { inShard, parseShard, shardOf } from '../../../src/core/import/shard.js';

describe('parseShard', () => {
  it('reads i/n and defaults to everything', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    expect(parseShard(undefined)).toEqual({ index: 1, count: 1 });
  });

  it.each(['0/4', '5/4', '1/0', '4', 'a/b', '1/2/3', '-1/4', '1.5/4', '1/1001'])(
    'refuses %p with a clear error',
    (text) => {
      expect(() => parseShard(text, '--shard')).toThrow(
        expect.objectContaining({ code: 'INPUT_INVALID', message: expect.stringContaining('--shard') }),
      );
    },
  );
});

describe('shardOf', () => {
  const names = Array.from({ length: 2000 }, (_, i) => `team-${i % 17}/service-${i}`);

  it('with n=4, shards never overlap and together cover every repository', () => {
    const shards = [1, 2, 3, 4].map((index) => names.filter((name) => inShard(name, { index, count: 4 })));
    const union = shards.flat();
    expect(union.length).toBe(names.length);
    expect(new Set(union).size).toBe(names.length);
    // Each shard gets a fair part (hashing, not sizes: within 20 % of a quarter here).
    for (const shard of shards) expect(Math.abs(shard.length - 500)).toBeLessThan(100);
  });

  it('depends on the name only: stable across calls and listing order', () => {
    const forward = names.map((n) => shardOf(n, 4));
    const backward = [...names]
      .reverse()
      .map((n) => shardOf(n, 4))
      .reverse();
    expect(backward).toEqual(forward);
    expect(shardOf('app/web', 4)).toBe(shardOf('app/web', 4));
    expect(shardOf('app/web', 1)).toBe(1);
  });
});

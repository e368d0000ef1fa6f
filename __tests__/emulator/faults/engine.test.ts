import { FaultEngine } from '../../../emulator/src/faults/engine.js';

const decisions = (engine: FaultEngine, n: number, kind = 'acr:blob-get') =>
  Array.from({ length: n }, () => (engine.evaluate(kind, 'GET', '/v2/x') ? 1 : 0));

describe('FaultEngine', () => {
  it('draws probabilities from a seeded generator per rule: same seed, same decisions', () => {
    const rule = { kind: 'acr:*', probability: 0.3, action: { status: 500 } };
    const a = new FaultEngine('seed-a');
    const b = new FaultEngine('seed-a');
    const c = new FaultEngine('seed-b');
    for (const engine of [a, b, c]) engine.add([rule]);
    const first = decisions(a, 200);
    expect(decisions(b, 200)).toEqual(first);
    expect(decisions(c, 200)).not.toEqual(first);
    const rate = first.reduce((s: number, d) => s + d, 0) / first.length;
    expect(rate).toBeGreaterThan(0.15);
    expect(rate).toBeLessThan(0.45);
  });

  it('is not disturbed by requests other rules match', () => {
    const rule = { kind: 'acr:blob-get', probability: 0.5, action: { status: 500 } };
    const quiet = new FaultEngine('s');
    quiet.add([rule]);
    const noisy = new FaultEngine('s');
    noisy.add([rule, { kind: 'arm:read', probability: 0.5, action: { status: 503 } }]);
    const expected = decisions(quiet, 50);
    const observed: number[] = [];
    for (let i = 0; i < 50; i++) {
      noisy.evaluate('arm:read');
      observed.push(noisy.evaluate('acr:blob-get') ? 1 : 0);
    }
    expect(observed).toEqual(expected);
  });

  it('applies the first rule that fires, with count limits and computed Retry-After headers', () => {
    const engine = new FaultEngine('s');
    engine.add([
      {
        id: 'once',
        kind: 'entra:token',
        count: 1,
        action: { status: 503 },
        retryAfter: { form: 'seconds', seconds: 7 },
      },
      { id: 'always', kind: 'entra:*', action: { delayMs: 5 } },
    ]);
    expect(engine.evaluate('entra:token')).toEqual({ status: 503, headers: { 'retry-after': '7' } });
    expect(engine.evaluate('entra:token')).toEqual({ delayMs: 5, headers: {} });
    expect(engine.evaluate('arm:read')).toBeUndefined();
    expect(engine.status().map((s) => [s.id, s.matched, s.fired])).toEqual([
      ['once', 2, 1],
      ['always', 1, 1],
    ]);
    expect(engine.remove('once')).toBe(true);
    engine.clear();
    expect(engine.evaluate('entra:token')).toBeUndefined();
  });
});

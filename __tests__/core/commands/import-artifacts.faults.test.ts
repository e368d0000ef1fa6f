/**
 * import-artifacts when Azure pushes back: throttling in every Retry-After form, imports that fail or
 * never finish, imports that leave blobs behind, and ARM's own write budget running out.
 */
import type { FaultRule } from '../../../emulator/src/index.js';
import { missingInTarget, seedMany, seedRichSource } from '../import/support/content.js';
import { recordImports } from '../import/support/import-log.js';
import { startWorld, type World } from '../import/support/world.js';

const THROTTLE_FORMS: FaultRule[] = [
  {
    id: 'seconds',
    kind: 'arm:*',
    probability: 0.05,
    action: { status: 429 },
    retryAfter: { form: 'seconds', seconds: 1 },
  },
  {
    id: 'date',
    kind: 'arm:*',
    probability: 0.05,
    action: { status: 429 },
    retryAfter: { form: 'http-date', seconds: 1 },
  },
  {
    id: 'ms',
    kind: 'arm:*',
    probability: 0.05,
    action: { status: 429 },
    retryAfter: { form: 'retry-after-ms', ms: 300 },
  },
  {
    id: 'x-ms',
    kind: 'arm:*',
    probability: 0.05,
    action: { status: 429 },
    retryAfter: { form: 'x-ms-retry-after-ms', ms: 200 },
  },
];

describe('under injected faults', () => {
  let world: World;
  afterEach(async () => world?.stop());

  it('20 % of ARM calls throttled (every Retry-After form), 5 % of imports Failed, two hanging: completes, all verified', async () => {
    world = await startWorld({
      faults: [
        ...THROTTLE_FORMS,
        { id: 'failed', kind: 'acr:import', probability: 0.05, action: { lro: 'fail' } },
        { id: 'hang', kind: 'acr:import', skip: 3, count: 2, action: { lro: 'hang' } },
      ],
    });
    seedRichSource(world);
    seedMany(world, 4, 4);
    // Faults start with the world: seeding and the inventory use the data plane, which they leave alone.
    await world.writePlan();
    const run = await world.runCommand({ 'import-timeout': '5', 'max-concurrency': '8' });
    expect(run.failure).toBeUndefined();
    expect(missingInTarget(world.source.store, world.target.store)).toEqual([]);
    const throttled = world.emulator.requests.list({ service: 'arm', method: 'POST' }).filter((e) => e.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(run.summary).toMatch(/\d+ throttled \(429\)/);
    expect(run.summary).toMatch(/[1-9]\d* resubmission/);
  }, 120_000);

  it('an import that leaves the blobs behind is caught by verification and imported again', async () => {
    world = await startWorld({ faults: [{ id: 'drop', kind: 'acr:import', count: 1, action: { dropBlobs: true } }] });
    seedRichSource(world);
    await world.writePlan();
    const imports = recordImports(world.emulator);
    const run = await world.runCommand({});
    expect(run.failure).toBeUndefined();
    expect(missingInTarget(world.source.store, world.target.store)).toEqual([]);
    const keys = imports.map((i) => `${i.sourceImage}`);
    expect(new Set(keys).size).toBe(keys.length - 1); // exactly one item imported twice
  });

  it("ARM's real write budget running out: AIMD backs off, no 429 storm after recovery", async () => {
    world = await startWorld({ throttling: { enabled: true, writes: { burst: 4, refillPerSecond: 4 } } });
    seedMany(world, 6, 6);
    await world.writePlan();
    const started = world.emulator.requests.lastSeq();
    const run = await world.runCommand({ 'max-concurrency': '16' });
    expect(run.failure).toBeUndefined();
    expect(missingInTarget(world.source.store, world.target.store)).toEqual([]);
    const posts = world.emulator.requests.list({ service: 'arm', method: 'POST', afterSeq: started });
    const throttled = posts.filter((p) => p.status === 429);
    const accepted = posts.filter((p) => p.status === 202);
    expect(accepted).toHaveLength(36);
    expect(throttled.length).toBeGreaterThan(0);
    // The first congestion event costs at most the requests already in flight (the window, 16); after
    // it, requests trickle at the lowered rate: a few isolated 429s while AIMD probes, never a wave.
    const firstAt = Date.parse(throttled[0]!.time);
    const wave = throttled.filter((p) => Date.parse(p.time) <= firstAt + 1_000);
    const later = throttled.filter((p) => Date.parse(p.time) > firstAt + 1_000);
    expect(wave.length).toBeLessThanOrEqual(16);
    expect(later.length).toBeLessThanOrEqual(6);
    expect(throttled.length).toBeLessThan(posts.length / 2);
  }, 120_000);
});

/** Each fault knob, observed through ARM and through the SDKs' own retry policies. */
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import {
  armOptions,
  armRequest,
  credentialOf,
  httpsRequest,
  startTestEmulator,
  type Emulator,
} from '../helpers/testEmulator.js';

describe('fault injection on ARM', () => {
  let emulator: Emulator;
  let acr: ContainerRegistryManagementClient;
  let registriesPath: string;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    acr = new ContainerRegistryManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    registriesPath = `/subscriptions/${emulator.subscriptionId}/providers/Microsoft.ContainerRegistry/registries`;
  });
  afterAll(() => emulator.stop());
  afterEach(() => emulator.faults.clear());

  const get = () => armRequest(emulator, 'GET', registriesPath, { apiVersion: '2025-11-01' });

  it.each([
    ['seconds', { 'retry-after': '2' }],
    ['http-date', { 'retry-after': expect.stringMatching(/GMT$/) }],
    ['retry-after-ms', { 'retry-after-ms': '1500' }],
    ['x-ms-retry-after-ms', { 'x-ms-retry-after-ms': '1500' }],
  ] as const)('answers 429 with Retry-After as %s', async (form, headers) => {
    emulator.faults.add([
      { kind: 'arm:read', count: 1, action: { status: 429 }, retryAfter: { form, seconds: 2, ms: 1500 } },
    ]);
    const reply = await get();
    expect(reply.status).toBe(429);
    expect(reply.headers).toMatchObject(headers);
    expect(reply.body.error.code).toBe('TooManyRequests');
    expect((await get()).status).toBe(200);
  });

  it('answers 429 without any Retry-After (form none)', async () => {
    emulator.faults.add([{ kind: 'arm:read', count: 1, action: { status: 429 }, retryAfter: { form: 'none' } }]);
    const reply = await get();
    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toBeUndefined();
    expect(reply.headers['retry-after-ms']).toBeUndefined();
  });

  it('the SDK retries a 429 with retry-after-ms and succeeds', async () => {
    emulator.faults.add([
      { kind: 'arm:read', count: 1, action: { status: 429 }, retryAfter: { form: 'retry-after-ms', ms: 10 } },
    ]);
    const before = emulator.requests.lastSeq();
    const names: string[] = [];
    for await (const registry of acr.registries.list()) names.push(registry.name ?? '');
    expect(names).toHaveLength(1);
    expect(
      emulator.requests.list({ service: 'arm', afterSeq: before, pathIncludes: '/registries?' }).map((e) => e.status),
    ).toEqual([429, 200]);
  });

  it('a burst of N 503s (count) is retried by the SDK, N+1 exhausts its retries', async () => {
    emulator.faults.add([{ kind: 'arm:read', count: 2, action: { status: 503 } }]);
    const name = emulator.registries()[0]?.name ?? '';
    await expect(acr.registries.get(emulator.registries()[0]?.resourceGroup ?? '', name)).resolves.toMatchObject({
      name,
    });
    emulator.faults.add([{ kind: 'arm:read', count: 4, action: { status: 500, errorCode: 'InternalServerError' } }]);
    await expect(acr.registries.get(emulator.registries()[0]?.resourceGroup ?? '', name)).rejects.toMatchObject({
      statusCode: 500,
    });
  });

  it('fires on every nth matching request only, after skipping the first ones', async () => {
    emulator.faults.add([{ kind: 'arm:read', skip: 1, everyNth: 2, action: { status: 503 } }]);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await get()).status);
    expect(statuses).toEqual([200, 200, 503, 200, 503, 200]);
  });

  it('matches by kind wildcard, method and path, and delays without failing', async () => {
    emulator.faults.add([{ kind: 'arm:*', method: 'GET', path: 'resourcegroups', action: { delayMs: 150 } }]);
    const started = Date.now();
    expect(
      (
        await armRequest(emulator, 'GET', `/subscriptions/${emulator.subscriptionId}/resourcegroups`, {
          apiVersion: '2025-04-01',
        })
      ).status,
    ).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    const quick = Date.now();
    await get();
    expect(Date.now() - quick).toBeLessThan(150);
  });

  it('fires with a probability, identically for the same seed', async () => {
    const pattern = async (target: Emulator) => {
      target.faults.set([{ kind: 'arm:read', probability: 0.5, action: { status: 503 } }]);
      const statuses: number[] = [];
      for (let i = 0; i < 16; i++)
        statuses.push(
          (
            await armRequest(target, 'GET', `/subscriptions/${target.subscriptionId}/resourcegroups`, {
              apiVersion: '2025-04-01',
            })
          ).status,
        );
      return statuses;
    };
    const first = await pattern(emulator);
    const twin = await startTestEmulator({ scenarios: [] });
    try {
      expect(await pattern(twin)).toEqual(first);
      expect(first).toContain(503);
      expect(first).toContain(200);
    } finally {
      await twin.stop();
    }
  });

  it('can be managed over the admin endpoints, with counters', async () => {
    const admin = `${emulator.arm.armUrl}/_emulator/faults`;
    const added = await httpsRequest(admin, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ id: 'burst', kind: 'arm:read', count: 1, action: { status: 503 } }] }),
    });
    expect(added.status).toBe(200);
    expect((await get()).status).toBe(503);
    const listed = await httpsRequest(admin);
    expect(listed.body.rules).toEqual([expect.objectContaining({ id: 'burst', matched: 1, fired: 1 })]);
    const invalid = await httpsRequest(admin, {
      method: 'POST',
      body: JSON.stringify({ rules: [{ kind: 'arm:read' }] }),
    });
    expect(invalid.status).toBe(400);
    expect((await httpsRequest(admin, { method: 'DELETE' })).status).toBe(204);
    expect(emulator.faults.status()).toEqual([]);
  });
});

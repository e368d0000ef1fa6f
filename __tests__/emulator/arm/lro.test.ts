import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ResourceManagementClient } from '@azure/arm-resources';
import {
  armOptions,
  armRequest,
  credentialOf,
  FAST_POLL,
  httpsRequest,
  accessToken,
  startTestEmulator,
  type Emulator,
} from '../helpers/testEmulator.js';

describe('long-running operations', () => {
  let emulator: Emulator;
  let acr: ContainerRegistryManagementClient;
  let resources: ResourceManagementClient;
  const rg = 'rg-lro';
  const registryPath = (name: string) =>
    `/subscriptions/${emulator.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${name}`;
  const body = { location: 'eastus', sku: { name: 'Basic' } };

  beforeAll(async () => {
    emulator = await startTestEmulator({ scenarios: [], lro: { durationMs: 40, retryAfterSeconds: 0 } });
    acr = new ContainerRegistryManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    resources = new ResourceManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    await resources.resourceGroups.createOrUpdate(rg, { location: 'eastus' });
  });
  afterAll(() => emulator.stop());
  afterEach(() => emulator.faults.clear());

  it('answers PUT with 201, Azure-AsyncOperation and Retry-After; the status goes InProgress → Succeeded', async () => {
    const initial = await armRequest(emulator, 'PUT', registryPath('lroplain01'), { apiVersion: '2025-11-01', body });
    expect(initial.status).toBe(201);
    expect(initial.headers['retry-after']).toBe('0');
    const statusUrl = initial.headers['azure-asyncoperation'] as string;
    expect(statusUrl).toMatch(
      new RegExp(
        `^${emulator.arm.armUrl}/subscriptions/${emulator.subscriptionId}/providers/Microsoft.ContainerRegistry/locations/eastus/operationStatuses/[0-9a-f-]+\\?api-version=2025-11-01$`,
      ),
    );
    const token = await accessToken(emulator);
    const running = await httpsRequest(statusUrl, { headers: { authorization: `Bearer ${token}` } });
    expect(running.body).toMatchObject({ status: 'InProgress', startTime: expect.any(String) });
    await new Promise((r) => setTimeout(r, 80));
    const done = await httpsRequest(statusUrl, { headers: { authorization: `Bearer ${token}` } });
    expect(done.body).toMatchObject({ status: 'Succeeded', endTime: expect.any(String) });
    expect(
      (await armRequest(emulator, 'GET', registryPath('lroplain01'), { apiVersion: '2025-11-01' })).body.properties
        .provisioningState,
    ).toBe('Succeeded');
  });

  it('answers DELETE with 202 and Location: 202 while running, then 204', async () => {
    const initial = await armRequest(emulator, 'DELETE', registryPath('lroplain01'), { apiVersion: '2025-11-01' });
    expect(initial.status).toBe(202);
    const location = initial.headers.location as string;
    const token = await accessToken(emulator);
    expect((await httpsRequest(location, { headers: { authorization: `Bearer ${token}` } })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 80));
    expect((await httpsRequest(location, { headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
  });

  it('hangs an operation on request: the SDK poller never finishes and the resource stays Creating', async () => {
    emulator.faults.add([{ kind: 'arm:lro', path: 'lrohang01', action: { lro: 'hang' } }]);
    const abort = AbortSignal.timeout(300);
    await expect(acr.registries.create(rg, 'lrohang01', body, { ...FAST_POLL, abortSignal: abort })).rejects.toThrow();
    const stored = await acr.registries.get(rg, 'lrohang01');
    expect(stored.provisioningState).toBe('Creating');
  });

  it('fails an operation on request: the SDK poller rejects with the error and the resource is Failed', async () => {
    emulator.faults.add([
      { kind: 'arm:lro', path: 'lrofail01', action: { lro: 'fail', errorCode: 'RegistryQuotaExceeded' } },
    ]);
    await expect(acr.registries.create(rg, 'lrofail01', body, FAST_POLL)).rejects.toThrow(/RegistryQuotaExceeded/);
    expect((await acr.registries.get(rg, 'lrofail01')).provisioningState).toBe('Failed');
  });

  it('cancels an operation on request: the status says Canceled and so does the resource', async () => {
    emulator.faults.add([{ kind: 'arm:lro', path: 'lrocancel', action: { lro: 'cancel' } }]);
    const initial = await armRequest(emulator, 'PUT', registryPath('lrocancel01'), { apiVersion: '2025-11-01', body });
    await new Promise((r) => setTimeout(r, 80));
    const status = await httpsRequest(initial.headers['azure-asyncoperation'] as string, {
      headers: { authorization: `Bearer ${await accessToken(emulator)}` },
    });
    expect(status.body).toMatchObject({ status: 'Canceled', error: { code: 'OperationCanceled' } });
    expect((await acr.registries.get(rg, 'lrocancel01')).provisioningState).toBe('Canceled');
  });

  it('works with the core-lro 2 poller of @azure/arm-resources (resource group deletion), and fails it on request', async () => {
    await resources.resourceGroups.createOrUpdate('rg-lro-two', { location: 'eastus' });
    emulator.faults.add([
      {
        kind: 'arm:lro',
        path: 'rg-lro-two',
        count: 1,
        action: { lro: 'fail', status: 409, errorCode: 'ResourceGroupDeletionBlocked' },
      },
    ]);
    const failing = await resources.resourceGroups.beginDelete('rg-lro-two', FAST_POLL);
    await expect(failing.pollUntilDone()).rejects.toMatchObject({ statusCode: 409 });
    expect((await resources.resourceGroups.get('rg-lro-two')).properties?.provisioningState).toBe('Succeeded');
    const poller = await resources.resourceGroups.beginDelete('rg-lro-two', FAST_POLL);
    await poller.pollUntilDone();
    await expect(resources.resourceGroups.get('rg-lro-two')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound',
    });
    const location = emulator.requests
      .list({ service: 'arm', method: 'GET' })
      .filter((e) => e.path.includes('/operationresults/'));
    expect(location.length).toBeGreaterThan(0);
  });

  it('omits Retry-After when configured so, and takes the configured time', async () => {
    emulator.applySettings({ lroRetryAfterSeconds: null, lroDurationMs: 150 });
    try {
      const started = Date.now();
      const initial = await armRequest(emulator, 'PUT', registryPath('lroslow01'), { apiVersion: '2025-11-01', body });
      expect(initial.headers['retry-after']).toBeUndefined();
      await acr.registries.get(rg, 'lroslow01');
      await new Promise((r) => setTimeout(r, 20));
      expect((await acr.registries.get(rg, 'lroslow01')).provisioningState).toBe('Creating');
      await new Promise((r) => setTimeout(r, 200));
      expect((await acr.registries.get(rg, 'lroslow01')).provisioningState).toBe('Succeeded');
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    } finally {
      emulator.applySettings({ lroRetryAfterSeconds: 0, lroDurationMs: 40 });
    }
  });
});

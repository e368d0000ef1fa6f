/**
 * importImage under injected faults (kind `acr:import`: dropBlobs, lro hang/fail, status), with the
 * per-import latency knob, in ARM's write throttle bucket, and behind ARM's linked access check
 * (RBAC on: pull permission on the source registry).
 */
import { generateImage } from '../../../../emulator/src/seed/images.js';
import { writeArtifact } from '../../../../emulator/src/seed/images-store.js';
import { MANIFEST_ACCEPT } from '../../../../emulator/src/arm/providers/containerregistry/import/remoteRegistry.js';
import { AUTHORIZATION_API } from '../../../../emulator/src/seed/scenarios.js';
import type { RegistryRuntime } from '../../../../emulator/src/arm/providers/containerregistry/dataPlaneHost.js';
import { FAST, startHarness, type Harness } from './harness.js';

const image = generateImage('faults-image');
const IMPORTER_ROLE = '577a9874-89fd-4f24-9dbd-b5034d0ad23a';
const ACR_PULL_ROLE = '7f951dda-4ed3-4680-a7ca-43fe172d538d';

describe('importImage faults', () => {
  let h: Harness;
  let target: RegistryRuntime;
  const body = (targetTag: string) => ({
    source: { resourceId: h.registryId('faultsource01'), sourceImage: 'app:v1' },
    targetTags: [targetTag],
  });
  const importImage = (targetTag: string) =>
    h.client.registries.beginImportImageAndWait(h.group, 'faulttarget01', body(targetTag), FAST);

  beforeAll(async () => {
    h = await startHarness();
    const source = await h.createRegistry('faultsource01');
    target = await h.createRegistry('faulttarget01');
    writeArtifact(source.store, 'app', image, ['v1']);
  });
  afterEach(() => h.emulator.faults.clear());
  afterAll(() => h?.stop());

  it('dropBlobs: the target tag points at a manifest whose blobs are missing', async () => {
    h.emulator.faults.add([{ kind: 'acr:import', count: 1, action: { dropBlobs: true } }]);
    await importImage('dropped:v1');
    const client = h.dataPlane('faulttarget01');
    expect(
      (await client.send('GET', '/v2/dropped/manifests/v1', { headers: { Accept: MANIFEST_ACCEPT } })).status,
    ).toBe(200);
    for (const blob of image.blobs)
      expect((await client.send('HEAD', `/v2/dropped/blobs/${blob.digest}`)).status).toBe(404);
    client.close();
    await importImage('intact:v1');
    expect(image.blobs.every((blob) => target.store.hasBlob('intact', blob.digest))).toBe(true);
  });

  it('lro hang: the operation never finishes and nothing is copied', async () => {
    h.emulator.faults.add([{ kind: 'acr:import', count: 1, action: { lro: 'hang' } }]);
    const poller = await h.client.registries.beginImportImage(h.group, 'faulttarget01', body('hung:v1'), FAST);
    for (let i = 0; i < 5; i++) await poller.poll();
    expect(poller.isDone()).toBe(false);
    expect(poller.getOperationState().status).toBe('running');
    expect(target.store.getRepository('hung')).toBeUndefined();
  });

  it('lro fail: the operation fails with the fault error and nothing is copied', async () => {
    h.emulator.faults.add([
      { kind: 'acr:import', count: 1, action: { lro: 'fail', status: 400, errorCode: 'InvalidParameters' } },
    ]);
    await expect(importImage('failed:v1')).rejects.toMatchObject({
      code: 'InvalidParameters',
      message: expect.stringContaining('injected fault'),
    });
    expect(target.store.getRepository('failed')).toBeUndefined();
  });

  it('status without lro: the import request itself is answered with that status', async () => {
    h.emulator.faults.add([{ kind: 'acr:import', count: 1, action: { status: 429, headers: { 'Retry-After': '7' } } }]);
    const reply = await h.arm('POST', `${h.registryId('faulttarget01')}/importImage`, body('throttled:v1'));
    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toBe('7');
    expect(target.store.getRepository('throttled')).toBeUndefined();
  });

  it('delayMs: the operation takes at least that long', async () => {
    h.emulator.faults.add([{ kind: 'acr:import', count: 1, action: { delayMs: 300 } }]);
    const started = Date.now();
    await importImage('slow:v1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('with RBAC on, needs pull permission on the source registry (LinkedAuthorizationFailed)', async () => {
    const { principal, client } = h.otherClient('importer');
    const assign = async (scope: string, role: string, name: string) => {
      const reply = await h.arm(
        'PUT',
        `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=${AUTHORIZATION_API}`,
        {
          properties: {
            roleDefinitionId: `/subscriptions/${h.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
            principalId: principal.objectId,
            principalType: 'ServicePrincipal',
          },
        },
      );
      expect(reply.status).toBe(201);
    };
    await assign(h.registryId('faulttarget01'), IMPORTER_ROLE, 'a1b2c3d4-0000-4000-8000-000000000001');
    h.emulator.arm.rbacEnabled = true;
    try {
      await expect(
        client.registries.beginImportImageAndWait(h.group, 'faulttarget01', body('linked:v1'), FAST),
      ).rejects.toMatchObject({
        statusCode: 403,
        code: 'LinkedAuthorizationFailed',
        message: expect.stringContaining(`on the linked scope(s) '${h.registryId('faultsource01')}'`),
      });
      await assign(h.registryId('faultsource01'), ACR_PULL_ROLE, 'a1b2c3d4-0000-4000-8000-000000000002');
      await client.registries.beginImportImageAndWait(h.group, 'faulttarget01', body('linked:v1'), FAST);
      expect(target.store.getTag('linked', 'v1')?.digest).toBe(image.root.digest);
    } finally {
      h.emulator.arm.rbacEnabled = false;
    }
  });
});

describe('importImage latency and throttling', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ importLatencyMs: 250 });
    const source = await h.createRegistry('latsource01');
    await h.createRegistry('lattarget01');
    writeArtifact(source.store, 'app', image, ['v1']);
    // After the setup writes: a small write bucket that barely refills.
    h.emulator.arm.throttle.configure({ enabled: true, writes: { burst: 3, refillPerSecond: 0.01 } });
  });
  afterAll(() => h?.stop());

  it('adds the configured latency to every import and takes a write token per import', async () => {
    const body = {
      source: { resourceId: h.registryId('latsource01'), sourceImage: 'app:v1' },
      targetTags: ['app:v1'],
      mode: 'Force',
    };
    const started = Date.now();
    await h.client.registries.beginImportImageAndWait(h.group, 'lattarget01', body, FAST);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const first = await h.arm('POST', `${h.registryId('lattarget01')}/importImage`, body);
    expect(first.status).toBe(202);
    const remaining = Number(first.headers['x-ms-ratelimit-remaining-subscription-writes']);
    const second = await h.arm('POST', `${h.registryId('lattarget01')}/importImage`, body);
    expect(
      second.status === 429 || Number(second.headers['x-ms-ratelimit-remaining-subscription-writes']) === remaining - 1,
    ).toBe(true);
    let reply = second;
    for (let i = 0; i < 5 && reply.status !== 429; i++)
      reply = await h.arm('POST', `${h.registryId('lattarget01')}/importImage`, body);
    expect(reply).toMatchObject({ status: 429, body: { error: { code: 'SubscriptionRequestsThrottled' } } });
  });
});

import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import {
  armOptions,
  armRequest,
  credentialOf,
  FAST_POLL,
  httpsRequest,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';
import { createResourceGroups } from '../../../helpers/armSetup.js';

describe('Microsoft.ContainerRegistry registries through @azure/arm-containerregistry 12', () => {
  let emulator: Emulator;
  let acr: ContainerRegistryManagementClient;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    acr = new ContainerRegistryManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    await createResourceGroups(emulator, ['rg-target'], 'northeurope');
  });
  afterAll(() => emulator.stop());

  it('creates a registry with the service defaults and a live data plane, polling to completion', async () => {
    const created = await acr.registries.create(
      'rg-target',
      'targetacr01',
      { location: 'northeurope', sku: { name: 'Standard' }, tags: { env: 'test' } },
      FAST_POLL,
    );
    expect(created).toMatchObject({
      name: 'targetacr01',
      type: 'Microsoft.ContainerRegistry/registries',
      location: 'northeurope',
      sku: { name: 'Standard', tier: 'Standard' },
      provisioningState: 'Succeeded',
      adminUserEnabled: false,
      publicNetworkAccess: 'Enabled',
      zoneRedundancy: 'Disabled',
      roleAssignmentMode: 'LegacyRegistryPermissions',
      policies: { exportPolicy: { status: 'enabled' }, retentionPolicy: { days: 7, status: 'disabled' } },
    });
    expect(created.loginServer).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(created.creationDate).toBeInstanceOf(Date);
    // The registry's own listener answers the OCI ping with an auth challenge.
    const ping = await httpsRequest(`https://${created.loginServer}/v2/`);
    expect(ping.status).toBe(401);
    // The create was a long-running operation: an initial 201 and at least one status poll.
    const log = emulator.requests.list({ service: 'arm' });
    expect(log.some((e) => e.method === 'PUT' && e.status === 201)).toBe(true);
    expect(log.some((e) => e.path.includes('/operationStatuses/'))).toBe(true);
  });

  it('gets, updates (PATCH) and lists registries', async () => {
    const got = await acr.registries.get('rg-target', 'targetacr01');
    expect(got.tags).toEqual({ env: 'test' });
    const updated = await acr.registries.update(
      'rg-target',
      'targetacr01',
      { adminUserEnabled: true, sku: { name: 'Premium' } },
      FAST_POLL,
    );
    expect(updated).toMatchObject({
      adminUserEnabled: true,
      sku: { name: 'Premium', tier: 'Premium' },
      provisioningState: 'Succeeded',
    });
    const names: string[] = [];
    for await (const registry of acr.registries.list()) names.push(registry.name ?? '');
    expect(names).toEqual([emulator.registries()[0]?.name, 'targetacr01']);
    const inGroup: string[] = [];
    for await (const registry of acr.registries.listByResourceGroup('rg-target')) inGroup.push(registry.name ?? '');
    expect(inGroup).toEqual(['targetacr01']);
  });

  it('lists and regenerates admin credentials, and refuses them when the admin user is disabled', async () => {
    const first = await acr.registries.listCredentials('rg-target', 'targetacr01');
    expect(first.username).toBe('targetacr01');
    expect(first.passwords?.map((p) => p.name)).toEqual(['password', 'password2']);
    const regenerated = await acr.registries.regenerateCredential('rg-target', 'targetacr01', { name: 'password2' });
    expect(regenerated.passwords?.[0]?.value).toBe(first.passwords?.[0]?.value);
    expect(regenerated.passwords?.[1]?.value).not.toBe(first.passwords?.[1]?.value);
    await acr.registries.update('rg-target', 'targetacr01', { adminUserEnabled: false }, FAST_POLL);
    await expect(acr.registries.listCredentials('rg-target', 'targetacr01')).rejects.toMatchObject({ statusCode: 400 });
  });

  it('checks name availability globally and case-insensitively', async () => {
    const type = 'Microsoft.ContainerRegistry/registries';
    await expect(acr.registries.checkNameAvailability({ name: 'TARGETACR01', type })).resolves.toMatchObject({
      nameAvailable: false,
      reason: 'AlreadyExists',
    });
    await expect(acr.registries.checkNameAvailability({ name: 'freshname42', type })).resolves.toEqual({
      nameAvailable: true,
    });
    await expect(acr.registries.checkNameAvailability({ name: 'ab', type })).resolves.toMatchObject({
      nameAvailable: false,
      reason: 'Invalid',
    });
  });

  it('reports usages with the SKU limits', async () => {
    const usages = await acr.registries.listUsages('rg-target', 'targetacr01');
    expect(usages.value).toEqual([
      { name: 'Size', limit: 500 * 1024 ** 3, currentValue: 0, unit: 'Bytes' },
      { name: 'Webhooks', limit: 500, currentValue: 0, unit: 'Count' },
    ]);
  });

  it('refuses a registry name that is taken, invalid, or in a missing resource group', async () => {
    const taken = emulator.registries()[0]?.name ?? '';
    await expect(
      acr.registries.create('rg-target', taken, { location: 'northeurope', sku: { name: 'Basic' } }, FAST_POLL),
    ).rejects.toMatchObject({ statusCode: 409, code: 'AlreadyInUse' });
    await expect(
      acr.registries.create('rg-target', 'bad-name', { location: 'northeurope', sku: { name: 'Basic' } }, FAST_POLL),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(acr.registries.get('rg-missing', 'targetacr01')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound',
    });
    await expect(acr.registries.get('rg-target', 'nosuchregistry')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('refuses, by PUT, to change what is fixed at creation (zone redundancy, customer-managed key) and changes nothing', async () => {
    const before = await acr.registries.get('rg-target', 'targetacr01');
    const replace = (changes: object) =>
      acr.registries.create(
        'rg-target',
        'targetacr01',
        { location: 'northeurope', sku: { name: 'Premium' }, ...changes },
        FAST_POLL,
      );
    await expect(replace({ zoneRedundancy: 'Enabled' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
      message: expect.stringContaining('can only be set when a registry is created'),
    });
    await expect(
      replace({
        encryption: {
          status: 'enabled',
          keyVaultProperties: { keyIdentifier: 'https://kv.vault.azure.net/keys/acr/1', identity: 'client-id' },
        },
      }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('https://aka.ms/acr/cmk') });
    const after = await acr.registries.get('rg-target', 'targetacr01');
    expect([after.zoneRedundancy, after.encryption, after.provisioningState]).toEqual([
      before.zoneRedundancy,
      before.encryption,
      'Succeeded',
    ]);
  });

  it('deletes a registry as a Location long-running operation and stops its data plane', async () => {
    const loginServer = (await acr.registries.get('rg-target', 'targetacr01')).loginServer ?? '';
    await acr.registries.delete('rg-target', 'targetacr01', FAST_POLL);
    await expect(acr.registries.get('rg-target', 'targetacr01')).rejects.toMatchObject({ statusCode: 404 });
    await expect(httpsRequest(`https://${loginServer}/v2/`)).rejects.toThrow();
    const again = await armRequest(
      emulator,
      'DELETE',
      `/subscriptions/${emulator.subscriptionId}/resourceGroups/rg-target/providers/Microsoft.ContainerRegistry/registries/targetacr01`,
      { apiVersion: '2025-11-01' },
    );
    expect(again.status).toBe(204);
  });
});

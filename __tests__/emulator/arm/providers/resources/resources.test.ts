import { ResourceManagementClient } from '@azure/arm-resources';
import { CONTAINER_REGISTRY_VERSIONS } from '../../../../../emulator/src/arm/catalog/apiVersions.js';
import {
  armOptions,
  armRequest,
  credentialOf,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';

describe('Microsoft.Resources', () => {
  let emulator: Emulator;
  let resources: ResourceManagementClient;
  let sub: string;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    resources = new ResourceManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    sub = `/subscriptions/${emulator.subscriptionId}`;
  });
  afterAll(() => emulator.stop());

  it('lists and gets the subscription', async () => {
    const list = await armRequest(emulator, 'GET', '/subscriptions', { apiVersion: '2022-12-01' });
    expect(list.body).toEqual({
      value: [
        expect.objectContaining({
          id: sub,
          subscriptionId: emulator.subscriptionId,
          tenantId: emulator.tenantId,
          state: 'Enabled',
          displayName: expect.any(String),
        }),
      ],
      count: { type: 'Total', value: 1 },
    });
    expect((await armRequest(emulator, 'GET', sub, { apiVersion: '2022-12-01' })).body.subscriptionId).toBe(
      emulator.subscriptionId,
    );
    const missing = await armRequest(emulator, 'GET', '/subscriptions/00000000-0000-0000-0000-000000000000', {
      apiVersion: '2022-12-01',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('SubscriptionNotFound');
  });

  it('lists locations with availability zone mappings only where the region has zones', async () => {
    const reply = await armRequest(emulator, 'GET', `${sub}/locations`, { apiVersion: '2022-12-01' });
    const byName = new Map<
      string,
      { availabilityZoneMappings?: unknown[]; displayName: string; metadata: { pairedRegion?: unknown[] } }
    >(reply.body.value.map((l: { name: string }) => [l.name, l]));
    for (const name of ['eastus', 'westeurope', 'northeurope', 'japaneast', 'centralus', 'southeastasia']) {
      expect(byName.get(name)?.availabilityZoneMappings).toEqual([
        { logicalZone: '1', physicalZone: `${name}-az1` },
        { logicalZone: '2', physicalZone: `${name}-az2` },
        { logicalZone: '3', physicalZone: `${name}-az3` },
      ]);
    }
    for (const name of ['westus', 'westcentralus', 'japanwest'])
      expect(byName.get(name)?.availabilityZoneMappings).toBeUndefined();
    expect(byName.get('japaneast')?.displayName).toBe('Japan East');
  });

  it('describes registered providers with resource types, locations and api-versions', async () => {
    const provider = await resources.providers.get('Microsoft.ContainerRegistry');
    expect(provider.registrationState).toBe('Registered');
    const registries = provider.resourceTypes?.find((t) => t.resourceType === 'registries');
    expect(registries?.apiVersions).toEqual([...CONTAINER_REGISTRY_VERSIONS].sort().reverse());
    expect(registries?.locations).toContain('West Europe');
    const all: string[] = [];
    for await (const p of resources.providers.list()) all.push(p.namespace ?? '');
    expect(all).toEqual(
      expect.arrayContaining(['Microsoft.Resources', 'Microsoft.Authorization', 'Microsoft.ContainerRegistry']),
    );
    await expect(resources.providers.get('Microsoft.Nothing')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('creates, updates, checks and gets resource groups', async () => {
    const created = await resources.resourceGroups.createOrUpdate('rg-one', {
      location: 'japaneast',
      tags: { team: 'a' },
    });
    expect(created).toMatchObject({
      id: `${sub}/resourceGroups/rg-one`,
      name: 'rg-one',
      location: 'japaneast',
      tags: { team: 'a' },
      properties: { provisioningState: 'Succeeded' },
    });
    const again = await armRequest(emulator, 'PUT', `${sub}/resourcegroups/rg-one`, {
      apiVersion: '2025-04-01',
      body: { location: 'japaneast' },
    });
    expect(again.status).toBe(200);
    const moved = await armRequest(emulator, 'PUT', `${sub}/resourcegroups/rg-one`, {
      apiVersion: '2025-04-01',
      body: { location: 'eastus' },
    });
    expect(moved.body.error.code).toBe('InvalidResourceGroupLocation');
    expect((await resources.resourceGroups.update('rg-one', { tags: { team: 'b' } })).tags).toEqual({ team: 'b' });
    expect((await resources.resourceGroups.checkExistence('rg-one')).body).toBe(true);
    expect((await resources.resourceGroups.checkExistence('rg-none')).body).toBe(false);
    await expect(resources.resourceGroups.get('rg-none')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound',
      message: "Resource group 'rg-none' could not be found.",
    });
    const badLocation = await armRequest(emulator, 'PUT', `${sub}/resourcegroups/rg-two`, {
      apiVersion: '2025-04-01',
      body: { location: 'moon' },
    });
    expect(badLocation.body.error.code).toBe('LocationNotAvailableForResourceGroup');
  });

  it('filters resource groups by tag', async () => {
    const groups: string[] = [];
    for await (const g of resources.resourceGroups.list({ filter: "tagName eq 'team' and tagValue eq 'b'" }))
      groups.push(g.name ?? '');
    expect(groups).toEqual(['rg-one']);
  });

  it('lists generic resources with $filter on resourceType', async () => {
    const registry = emulator.registries()[0];
    const all: string[] = [];
    for await (const r of resources.resources.list({
      filter: "resourceType eq 'Microsoft.ContainerRegistry/registries'",
    }))
      all.push(r.id ?? '');
    expect(all).toEqual([registry?.resourceId]);
    const none: string[] = [];
    for await (const r of resources.resources.list({ filter: "resourceType eq 'Microsoft.Web/sites'" }))
      none.push(r.id ?? '');
    expect(none).toEqual([]);
    const inGroup: Array<{ type?: string; location?: string }> = [];
    for await (const r of resources.resources.listByResourceGroup(registry?.resourceGroup ?? '')) inGroup.push(r);
    expect(inGroup).toEqual([
      expect.objectContaining({ type: 'Microsoft.ContainerRegistry/registries', location: 'westeurope' }),
    ]);
  });

  it('deletes a resource group with everything in it as a long-running operation', async () => {
    const registry = emulator.registries()[0];
    const poller = await resources.resourceGroups.beginDelete(registry?.resourceGroup ?? '', { updateIntervalInMs: 5 });
    await poller.pollUntilDone();
    expect(emulator.registries()).toEqual([]);
    expect((await resources.resourceGroups.checkExistence(registry?.resourceGroup ?? '')).body).toBe(false);
  });
});

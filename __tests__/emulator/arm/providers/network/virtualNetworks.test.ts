import { ResourceManagementClient } from '@azure/arm-resources';
import {
  armOptions,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';
import { NETWORK_API, RawArm } from './support.js';

const GROUP = 'rg-net';

describe('Microsoft.Network virtualNetworks and subnets', () => {
  let emulator: Emulator;
  let arm: RawArm;
  const vnetPath = () => `${arm.group(GROUP)}/providers/Microsoft.Network/virtualNetworks/vnet-hub`;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    arm = new RawArm(emulator);
    await arm.resourceGroup(GROUP, 'swedencentral');
  });
  afterAll(() => emulator.stop());

  it('creates a VNet with inline subnets: 201 + Azure-AsyncOperation, Updating, then Succeeded', async () => {
    const { initial, final } = await arm.put(vnetPath(), {
      location: 'swedencentral',
      tags: { team: 'network' },
      properties: {
        addressSpace: { addressPrefixes: ['10.20.0.0/16'] },
        subnets: [
          { name: 'snet-pe', properties: { addressPrefix: '10.20.1.0/24', privateEndpointNetworkPolicies: 'Enabled' } },
          {
            name: 'snet-app',
            properties: {
              addressPrefix: '10.20.2.0/24',
              serviceEndpoints: [{ service: 'Microsoft.ContainerRegistry' }],
            },
          },
        ],
      },
    });
    expect(initial.status).toBe(201);
    expect(initial.headers['azure-asyncoperation']).toMatch(
      /\/providers\/Microsoft\.Network\/locations\/swedencentral\/operationStatuses\//,
    );
    expect(initial.body.properties.provisioningState).toBe('Updating');
    expect(final?.body).toMatchObject({
      name: 'vnet-hub',
      type: 'Microsoft.Network/virtualNetworks',
      location: 'swedencentral',
      tags: { team: 'network' },
      etag: expect.stringMatching(/^W\/"/),
      properties: { provisioningState: 'Succeeded', addressSpace: { addressPrefixes: ['10.20.0.0/16'] } },
    });
    const subnets = final?.body.properties.subnets as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(subnets.map((s) => [s.name, s.properties.addressPrefix, s.properties.provisioningState])).toEqual([
      ['snet-pe', '10.20.1.0/24', 'Succeeded'],
      ['snet-app', '10.20.2.0/24', 'Succeeded'],
    ]);
    expect(subnets[0]?.properties.privateEndpointNetworkPolicies).toBe('Enabled');
    expect(subnets[1]?.properties.privateEndpointNetworkPolicies).toBe('Disabled');
    expect(subnets[1]?.properties.serviceEndpoints).toEqual([
      { service: 'Microsoft.ContainerRegistry', locations: ['swedencentral'], provisioningState: 'Succeeded' },
    ]);
    const subnet = await arm.get(`${vnetPath()}/subnets/snet-pe`);
    expect(subnet.status).toBe(200);
    expect(subnet.body).toMatchObject({
      id: `${vnetPath()}/subnets/snet-pe`,
      type: 'Microsoft.Network/virtualNetworks/subnets',
    });
  });

  it('adds, lists and deletes subnets on their own, keeping the VNet copy in step', async () => {
    const path = `${vnetPath()}/subnets/snet-extra`;
    const { initial, final } = await arm.put(path, { properties: { addressPrefix: '10.20.3.0/24' } });
    expect(initial.status).toBe(201);
    expect(final?.body.properties.provisioningState).toBe('Succeeded');
    const listed = await arm.get(`${vnetPath()}/subnets`);
    expect(listed.body.value.map((s: { name: string }) => s.name)).toEqual(['snet-pe', 'snet-app', 'snet-extra']);
    expect((await arm.put(path, { properties: { addressPrefix: '10.20.3.0/25' } })).initial.status).toBe(200);
    const vnet = await arm.get(vnetPath());
    expect(
      vnet.body.properties.subnets.find((s: { name: string }) => s.name === 'snet-extra').properties,
    ).toMatchObject({ addressPrefix: '10.20.3.0/25', provisioningState: 'Succeeded' });
    const deleted = await arm.delete(path);
    expect(deleted.status).toBe(202);
    expect(deleted.headers.location).toBeDefined();
    expect((await arm.get(path)).status).toBe(404);
    expect((await arm.get(vnetPath())).body.properties.subnets.map((s: { name: string }) => s.name)).toEqual([
      'snet-pe',
      'snet-app',
    ]);
    expect((await arm.delete(path)).status).toBe(204);
  });

  it.each([
    ['a subnet outside the address space', '10.99.0.0/24', 'NetcfgSubnetRangeOutsideVnet'],
    ['a subnet overlapping a sibling', '10.20.1.128/25', 'NetcfgSubnetRangesOverlap'],
    ['a malformed prefix', '10.20.4.1/24', 'InvalidAddressPrefixFormat'],
    ['no prefix at all', undefined, 'InvalidAddressPrefixFormat'],
  ])('refuses %s (%s) with 400 %s', async (_what, addressPrefix, code) => {
    const { initial } = await arm.put(`${vnetPath()}/subnets/snet-bad`, { properties: { addressPrefix } });
    expect(initial.status).toBe(400);
    expect(initial.body.error.code).toBe(code);
    expect((await arm.get(`${vnetPath()}/subnets/snet-bad`)).status).toBe(404);
  });

  it('answers a subnet under a missing VNet with 404 ParentResourceNotFound', async () => {
    const { initial } = await arm.put(
      `${arm.group(GROUP)}/providers/Microsoft.Network/virtualNetworks/vnet-missing/subnets/a`,
      { properties: { addressPrefix: '10.0.0.0/24' } },
    );
    expect(initial.status).toBe(404);
    expect(initial.body.error.code).toBe('ParentResourceNotFound');
  });

  it('deletes the subnets a VNet PUT leaves out, as Azure does', async () => {
    const path = `${arm.group(GROUP)}/providers/Microsoft.Network/virtualNetworks/vnet-redeploy`;
    const space = { addressSpace: { addressPrefixes: ['10.30.0.0/16'] } };
    await arm.put(path, {
      location: 'swedencentral',
      properties: { ...space, subnets: [{ name: 'keep', properties: { addressPrefix: '10.30.1.0/24' } }] },
    });
    const { initial, final } = await arm.put(path, { location: 'swedencentral', properties: space });
    expect(initial.status).toBe(200);
    expect(final?.body.properties.subnets).toEqual([]);
    expect((await arm.get(`${path}/subnets/keep`)).status).toBe(404);
  });

  it('lists VNets by resource group and subscription, and refuses an api-version Azure does not publish', async () => {
    const byGroup = await arm.get(`${arm.group(GROUP)}/providers/Microsoft.Network/virtualNetworks`);
    expect(byGroup.body.value.map((v: { name: string }) => v.name).sort()).toEqual(['vnet-hub', 'vnet-redeploy']);
    const bySubscription = await arm.get(`${arm.sub}/providers/Microsoft.Network/virtualNetworks`);
    expect(bySubscription.body.value).toHaveLength(2);
    const bad = await arm.get(vnetPath(), '2024-02-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('NoRegisteredProviderFound');
  });

  it('works through the generic SDK client (ResourceManagementClient resources by id)', async () => {
    const resources = new ResourceManagementClient(
      credentialOf(emulator),
      emulator.subscriptionId,
      armOptions(emulator),
    );
    const id = `${arm.group(GROUP)}/providers/Microsoft.Network/virtualNetworks/vnet-sdk`;
    const created = await resources.resources.beginCreateOrUpdateByIdAndWait(
      id,
      NETWORK_API,
      {
        location: 'swedencentral',
        properties: { addressSpace: { addressPrefixes: ['10.40.0.0/16'] }, subnets: [] },
      },
      FAST_POLL,
    );
    expect(created.properties).toMatchObject({ provisioningState: 'Succeeded' });
    const read = await resources.resources.getById(id, NETWORK_API);
    expect(read.location).toBe('swedencentral');
    await resources.resources.beginDeleteByIdAndWait(id, NETWORK_API, FAST_POLL);
    await expect(resources.resources.getById(id, NETWORK_API)).rejects.toMatchObject({ statusCode: 404 });
  });
});

import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import {
  armOptions,
  armRequest,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';
import { RawArm } from './support.js';

const REGISTRY_GROUP = 'rg-acr';
const NETWORK_GROUP = 'rg-spoke';
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';

describe('Microsoft.Network privateEndpoints to container registries', () => {
  let emulator: Emulator;
  let arm: RawArm;
  let acr: ContainerRegistryManagementClient;
  let registryId: string;
  let subnetId: string;
  let vnetId: string;
  const endpointPath = (name: string) =>
    `${arm.group(NETWORK_GROUP)}/providers/Microsoft.Network/privateEndpoints/${name}`;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    arm = new RawArm(emulator);
    acr = new ContainerRegistryManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    await arm.resourceGroup(REGISTRY_GROUP, 'westeurope');
    await arm.resourceGroup(NETWORK_GROUP, 'westeurope');
    registryId = await arm.registry(REGISTRY_GROUP, 'acrprivate01', 'westeurope');
    await acr.replications.create(
      REGISTRY_GROUP,
      'acrprivate01',
      'northeurope',
      { location: 'northeurope' },
      FAST_POLL,
    );
    const vnet = await arm.vnet(NETWORK_GROUP, 'vnet-spoke', 'westeurope', '10.1.0.0/16', [
      ['snet-pe', '10.1.1.0/29'],
      ['snet-other', '10.1.2.0/24'],
    ]);
    vnetId = vnet.id;
    subnetId = vnet.subnetId('snet-pe');
  });
  afterAll(() => emulator.stop());

  it('creates an endpoint whose connection the registry approves, with a NIC address per registry endpoint', async () => {
    const { initial, final } = await arm.put(
      endpointPath('pe-acr'),
      arm.endpointBody('westeurope', subnetId, registryId),
    );
    expect(initial.status).toBe(201);
    expect(initial.headers['azure-asyncoperation']).toBeDefined();
    const endpoint = final?.body;
    expect(endpoint).toMatchObject({
      name: 'pe-acr',
      type: 'Microsoft.Network/privateEndpoints',
      location: 'westeurope',
      properties: {
        provisioningState: 'Succeeded',
        subnet: { id: subnetId },
        manualPrivateLinkServiceConnections: [],
        privateLinkServiceConnections: [
          {
            name: 'registry-link',
            properties: {
              privateLinkServiceId: registryId,
              groupIds: ['registry'],
              privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved' },
            },
          },
        ],
      },
    });
    // Azure keeps .0-.3 of every subnet: the login server and both regions' data endpoints get .4-.6.
    expect(endpoint.properties.customDnsConfigs).toEqual([
      { fqdn: 'acrprivate01.azurecr.io', ipAddresses: ['10.1.1.4'] },
      { fqdn: 'acrprivate01.westeurope.data.azurecr.io', ipAddresses: ['10.1.1.5'] },
      { fqdn: 'acrprivate01.northeurope.data.azurecr.io', ipAddresses: ['10.1.1.6'] },
    ]);
    const nic = await arm.get(endpoint.properties.networkInterfaces[0].id);
    expect(nic.status).toBe(200);
    expect(nic.body.properties.privateEndpoint.id).toBe(endpoint.id);
    expect(nic.body.properties.ipConfigurations[0].properties).toMatchObject({
      privateIPAddress: '10.1.1.4',
      subnet: { id: subnetId },
      privateLinkConnectionProperties: { groupId: 'registry', requiredMemberName: 'registry' },
    });
    const connections = [];
    for await (const c of acr.privateEndpointConnections.list(REGISTRY_GROUP, 'acrprivate01')) connections.push(c);
    expect(connections).toHaveLength(1);
    expect(connections[0]).toMatchObject({
      privateEndpoint: { id: endpoint.id },
      privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved' },
    });
    expect(connections[0]?.name).toMatch(/^pe-acr\.[0-9a-f-]{36}$/);
    const registry = await acr.registries.get(REGISTRY_GROUP, 'acrprivate01');
    expect(registry.privateEndpointConnections?.map((c) => c.privateEndpoint?.id)).toEqual([endpoint.id]);
    const subnet = await arm.get(subnetId);
    expect(subnet.body.properties.privateEndpoints).toEqual([{ id: endpoint.id }]);
    expect((await arm.get(vnetId)).body.properties.subnets[0].properties.privateEndpoints).toEqual([
      { id: endpoint.id },
    ]);
  });

  it('re-applies the same endpoint without a second connection or new addresses', async () => {
    const { initial, final } = await arm.put(
      endpointPath('pe-acr'),
      arm.endpointBody('westeurope', subnetId, registryId),
    );
    expect(initial.status).toBe(200);
    expect(final?.body.properties.customDnsConfigs[0].ipAddresses).toEqual(['10.1.1.4']);
    const connections = [];
    for await (const c of acr.privateEndpointConnections.list(REGISTRY_GROUP, 'acrprivate01')) connections.push(c);
    expect(connections).toHaveLength(1);
  });

  it("follows the registry owner's decisions: Rejected, then Disconnected once the connection is deleted", async () => {
    const [connection] = await listConnections();
    await acr.privateEndpointConnections.beginCreateOrUpdateAndWait(
      REGISTRY_GROUP,
      'acrprivate01',
      connection!.name!,
      { privateLinkServiceConnectionState: { status: 'Rejected', description: 'not this one' } },
      FAST_POLL,
    );
    const rejected = await arm.get(endpointPath('pe-acr'));
    expect(
      rejected.body.properties.privateLinkServiceConnections[0].properties.privateLinkServiceConnectionState,
    ).toMatchObject({
      status: 'Rejected',
      description: 'not this one',
    });
    await acr.privateEndpointConnections.beginDeleteAndWait(
      REGISTRY_GROUP,
      'acrprivate01',
      connection!.name!,
      FAST_POLL,
    );
    const listed = await arm.get(`${arm.group(NETWORK_GROUP)}/providers/Microsoft.Network/privateEndpoints`);
    expect(
      listed.body.value[0].properties.privateLinkServiceConnections[0].properties.privateLinkServiceConnectionState
        .status,
    ).toBe('Disconnected');
  });

  it('leaves a manual connection Pending for the registry owner', async () => {
    const { final } = await arm.put(
      endpointPath('pe-manual'),
      arm.endpointBody('westeurope', vnetIdSubnet('snet-other'), registryId, { manual: true }),
    );
    expect(final?.body.properties.privateLinkServiceConnections).toEqual([]);
    expect(final?.body.properties.manualPrivateLinkServiceConnections[0].properties).toMatchObject({
      requestMessage: 'please',
      privateLinkServiceConnectionState: { status: 'Pending', description: 'please' },
    });
    const connections = await listConnections();
    expect(connections.map((c) => c.privateLinkServiceConnectionState?.status)).toEqual(['Pending']);
  });

  it.each([
    [
      'a subnet that does not exist',
      () => arm.endpointBody('westeurope', vnetIdSubnet('nope'), registryId),
      400,
      'InvalidResourceReference',
    ],
    [
      'a subnet in another region',
      () => arm.endpointBody('northeurope', subnetId, registryId),
      400,
      'InvalidResourceReference',
    ],
    [
      'a group id ACR does not offer',
      () => arm.endpointBody('westeurope', subnetId, registryId, { groupIds: ['vault'] }),
      400,
      'InvalidValuesForRequestParameters',
    ],
    [
      'two group ids',
      () => arm.endpointBody('westeurope', subnetId, registryId, { groupIds: ['registry', 'registry'] }),
      400,
      'OnlyOneGroupIdPermitted',
    ],
    [
      'a registry that does not exist',
      () => arm.endpointBody('westeurope', subnetId, `${registryId}x`),
      400,
      'ResourceNotFound',
    ],
  ])('refuses %s', async (_what, body, status, code) => {
    const { initial } = await arm.put(endpointPath('pe-bad'), body());
    expect(initial.status).toBe(status);
    expect(initial.body.error.code).toBe(code);
    expect((await arm.get(endpointPath('pe-bad'))).status).toBe(404);
  });

  it('names the subnet it cannot find, as NRP does', async () => {
    const missing = vnetIdSubnet('nope');
    const { initial } = await arm.put(endpointPath('pe-bad'), arm.endpointBody('westeurope', missing, registryId));
    expect(initial.body.error.message).toBe(
      `Resource ${missing} referenced by resource ${endpointPath('pe-bad')} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    );
  });

  it('refuses an endpoint to a Standard registry and one when the subnet is full', async () => {
    const standard = await arm.registry(REGISTRY_GROUP, 'acrstandard01', 'westeurope', 'Standard');
    const refused = await arm.put(
      endpointPath('pe-standard'),
      arm.endpointBody('westeurope', vnetIdSubnet('snet-other'), standard),
    );
    expect(refused.initial.status).toBe(400);
    expect(refused.initial.body.error.message).toMatch(
      /^Call to Microsoft\.ContainerRegistry\/registries failed\. .*Premium/,
    );
    // snet-pe is a /29: 8 addresses, 5 reserved, 3 taken by pe-acr.
    const full = await arm.put(endpointPath('pe-full'), arm.endpointBody('westeurope', subnetId, registryId));
    expect(full.initial.status).toBe(400);
    expect(full.initial.body.error.code).toBe('SubnetIsFull');
  });

  it('keeps a subnet with endpoints from being deleted or dropped from its VNet', async () => {
    const deleted = await armRequest(emulator, 'DELETE', subnetId, { apiVersion: '2024-05-01' });
    expect(deleted.status).toBe(400);
    expect(deleted.body.error.code).toBe('InUseSubnetCannotBeDeleted');
    const vnet = await arm.get(vnetId);
    const { initial } = await arm.put(vnetId, {
      location: 'westeurope',
      properties: { addressSpace: vnet.body.properties.addressSpace, subnets: [] },
    });
    expect(initial.status).toBe(400);
    expect(initial.body.error.code).toBe('InUseSubnetCannotBeDeleted');
  });

  it("deleting an endpoint removes its NIC and the registry's connection, and frees the subnet", async () => {
    const endpoint = (await arm.get(endpointPath('pe-manual'))).body;
    const deleted = await arm.delete(endpointPath('pe-manual'));
    expect(deleted.status).toBe(202);
    expect((await arm.get(endpointPath('pe-manual'))).status).toBe(404);
    expect((await arm.get(endpoint.properties.networkInterfaces[0].id)).status).toBe(404);
    expect(await listConnections()).toEqual([]);
    expect((await acr.registries.get(REGISTRY_GROUP, 'acrprivate01')).privateEndpointConnections).toEqual([]);
    expect((await arm.get(vnetIdSubnet('snet-other'))).body.properties.privateEndpoints).toBeUndefined();
    expect((await arm.delete(vnetIdSubnet('snet-other'))).status).toBe(202);
  });

  it('needs permission to approve on the registry for an automatic connection (403 LinkedAuthorizationFailed)', async () => {
    const networker = emulator.directory.upsert({
      clientId: '00000000-0000-4000-8000-0000000000a1',
      objectId: '00000000-0000-4000-8000-0000000000b1',
      displayName: 'network-only',
      secrets: ['network-only-secret'],
      federatedCredentials: [],
    });
    const assignment = await armRequest(
      emulator,
      'PUT',
      `${arm.group(NETWORK_GROUP)}/providers/Microsoft.Authorization/roleAssignments/00000000-0000-4000-8000-0000000000c1`,
      {
        apiVersion: '2022-04-01',
        body: {
          properties: {
            roleDefinitionId: `${arm.sub}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`,
            principalId: networker.objectId,
          },
        },
      },
    );
    expect(assignment.status).toBe(201);
    emulator.applySettings({ rbac: true });
    try {
      const token = (await credentialOf(emulator, networker.clientId).getToken(`${emulator.arm.armUrl}/.default`))
        .token;
      const auto = await armRequest(emulator, 'PUT', endpointPath('pe-rbac'), {
        apiVersion: '2024-05-01',
        token,
        body: arm.endpointBody('westeurope', vnetIdSubnet('snet-rbac'), registryId),
      });
      expect(auto.status).toBe(400); // the subnet does not exist: checked before the linked scope
      await arm.put(vnetIdSubnet('snet-rbac'), { properties: { addressPrefix: '10.1.3.0/24' } });
      const denied = await armRequest(emulator, 'PUT', endpointPath('pe-rbac'), {
        apiVersion: '2024-05-01',
        token,
        body: arm.endpointBody('westeurope', vnetIdSubnet('snet-rbac'), registryId),
      });
      expect(denied.status).toBe(403);
      expect(denied.body.error.code).toBe('LinkedAuthorizationFailed');
      expect(denied.body.error.message).toContain('privateEndpointConnectionsApproval/action');
      const manual = await armRequest(emulator, 'PUT', endpointPath('pe-rbac'), {
        apiVersion: '2024-05-01',
        token,
        body: arm.endpointBody('westeurope', vnetIdSubnet('snet-rbac'), registryId, { manual: true }),
      });
      expect(manual.status).toBe(201);
    } finally {
      emulator.applySettings({ rbac: false });
    }
  });

  function vnetIdSubnet(name: string): string {
    return `${vnetId}/subnets/${name}`;
  }

  async function listConnections() {
    const connections = [];
    for await (const c of acr.privateEndpointConnections.list(REGISTRY_GROUP, 'acrprivate01')) connections.push(c);
    return connections;
  }
});

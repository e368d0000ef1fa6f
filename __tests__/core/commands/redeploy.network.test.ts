/**
 * redeploy with private-endpoint-subnet-ids and private-dns-zone-id: the template's private endpoint
 * and DNS zone group are deployed into the target region's subnet and zone the 'restricted' scenario
 * seeds, and the target registry gets an approved private endpoint connection.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restrictedNetwork, type RestrictedNetwork } from '../../../emulator/src/seed/scenario-restricted.js';
import { privateEndpointNameOf } from '../../../src/core/redeploy/template/names.js';
import type { RelocationPlan } from '../../../src/core/plan/model.js';
import { startTestEmulator } from '../../emulator/helpers/testEmulator.js';
import { TARGET_RG, World } from '../redeploy/support/world.js';

const NETWORK_API = '2024-05-01';

interface EndpointProperties {
  subnet: { id: string };
  privateLinkServiceConnections: { properties: { privateLinkServiceId: string; groupIds: string[] } }[];
  customDnsConfigs: { fqdn: string; ipAddresses: string[] }[];
}

describe('redeploy: private endpoints for the target in an existing target-region subnet', () => {
  let world: World;
  let ids: RestrictedNetwork;
  let planPath: string;
  let plan: RelocationPlan;

  beforeAll(async () => {
    const emulator = await startTestEmulator({
      scenarios: ['restricted'],
      lro: { durationMs: 5, retryAfterSeconds: 0 },
    });
    world = new World(emulator, await mkdtemp(join(tmpdir(), 'redeploy-network-')));
    await world.seedSource();
    ids = restrictedNetwork(emulator.subscriptionId, emulator.state.seed);
    ({ planPath, plan } = await world.prepare('acrrelotargetpe01'));
  });
  afterAll(() => world?.emulator.stop());

  it('creates the endpoint in the subnet, approved on the target, with its A records in the zone', async () => {
    const run = await world.redeploy(planPath, {
      'private-endpoint-subnet-ids': ids.targetSubnetId,
      'private-dns-zone-id': ids.targetDnsZoneId,
    });
    expect(run.error).toBeUndefined();
    const endpointId = `/subscriptions/${plan.target.subscriptionId}/resourceGroups/${TARGET_RG}/providers/Microsoft.Network/privateEndpoints/${privateEndpointNameOf(plan.target.name, ids.targetSubnetId)}`;

    const connections = [];
    for await (const c of world.acr.privateEndpointConnections.list(TARGET_RG, plan.target.name)) connections.push(c);
    expect(
      connections.map((c) => [c.privateEndpoint?.id?.toLowerCase(), c.privateLinkServiceConnectionState?.status]),
    ).toEqual([[endpointId.toLowerCase(), 'Approved']]);

    const endpoint = await world.resources.resources.getById(endpointId, NETWORK_API);
    const props = endpoint.properties as unknown as EndpointProperties;
    expect(endpoint.location).toBe('swedencentral');
    expect(props.subnet.id).toBe(ids.targetSubnetId);
    expect(props.privateLinkServiceConnections[0]?.properties).toMatchObject({
      privateLinkServiceId: plan.target.id,
      groupIds: ['registry'],
    });
    const name = plan.target.name;
    expect(props.customDnsConfigs[0]?.fqdn).toBe(`${name}.azurecr.io`);
    expect(props.customDnsConfigs.map((c) => c.fqdn)).toContain(`${name}.swedencentral.data.azurecr.io`);

    const zoneGroup = await world.resources.resources.getById(
      `${endpointId}/privateDnsZoneGroups/default`,
      NETWORK_API,
    );
    expect(zoneGroup.properties).toMatchObject({ provisioningState: 'Succeeded' });
    const record = await world.resources.resources.getById(`${ids.targetDnsZoneId}/A/${name}`, '2024-06-01');
    expect(record.properties).toMatchObject({
      aRecords: [{ ipv4Address: props.customDnsConfigs[0]?.ipAddresses[0] }],
    });
    const subnet = await world.resources.resources.getById(ids.targetSubnetId, NETWORK_API);
    expect(
      (subnet.properties as { privateEndpoints: { id: string }[] }).privateEndpoints.map((e) => e.id.toLowerCase()),
    ).toEqual([endpointId.toLowerCase()]);
    expect(run.result?.summary).toMatch(/1 private endpoint\\?\(s\\?\) were created/);
  });

  it('a re-run finds nothing to change (what-if sees the endpoint as deployed) and keeps one connection', async () => {
    const before = world.emulator.requests.lastSeq();
    const run = await world.redeploy(planPath, {
      'private-endpoint-subnet-ids': ids.targetSubnetId,
      'private-dns-zone-id': ids.targetDnsZoneId,
    });
    expect(run.error).toBeUndefined();
    expect(run.result?.summary).toContain('already matches the plan');
    expect(world.nonReads(before).filter((r) => r.includes('Microsoft.Network'))).toEqual([]);
    const connections = [];
    for await (const c of world.acr.privateEndpointConnections.list(TARGET_RG, plan.target.name)) connections.push(c);
    expect(connections).toHaveLength(1);
  });

  it('fails the deployment, naming the subnet, when the subnet is not in the target region', async () => {
    const run = await world.redeploy(planPath, { 'private-endpoint-subnet-ids': ids.sourceSubnetId });
    expect(run.error?.message ?? run.result?.failure ?? '').toContain('InvalidResourceReference');
    expect(run.error?.message ?? run.result?.failure ?? '').toContain(ids.sourceSubnetId);
  });
});

/** The 'restricted' scenario and its variants, read back through @azure/arm-containerregistry. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRepositories } from '../../../src/core/oci/index.js';
import { ResourceManagementClient } from '@azure/arm-resources';
import {
  ALLOWED_IP_RULES,
  CMK_IDENTITY_NAME,
  CMK_KEY_IDENTIFIER,
  restrictedNetwork,
  TARGET_NETWORK_LOCATION,
} from '../../../emulator/src/seed/scenario-restricted.js';
import { armOptions, credentialOf, startTestEmulator, type Emulator } from '../helpers/testEmulator.js';
import { collect, registryClient, sourceClient, sourceInfo } from './scenarios-harness.js';

async function sourceRegistry(emulator: Emulator) {
  const { resourceGroup, name } = sourceInfo(emulator);
  return registryClient(emulator).registries.get(resourceGroup, name);
}

describe("seed scenario 'restricted'", () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startTestEmulator({ scenarios: ['restricted'] });
  });
  afterAll(() => emulator.stop());

  it('creates the source zone-redundant, behind a firewall, without public access, encrypted with a customer-managed key', async () => {
    const registry = await sourceRegistry(emulator);
    expect(registry).toMatchObject({
      location: 'westeurope',
      adminUserEnabled: true,
      publicNetworkAccess: 'Disabled',
      networkRuleBypassOptions: 'AzureServices',
      zoneRedundancy: 'Enabled',
      networkRuleSet: {
        defaultAction: 'Deny',
        ipRules: ALLOWED_IP_RULES.map((value) => ({ action: 'Allow', iPAddressOrRange: value })),
      },
      policies: { exportPolicy: { status: 'enabled' } },
    });
    const identities = Object.keys(registry.identity?.userAssignedIdentities ?? {});
    expect(registry.identity?.type).toBe('UserAssigned');
    expect(identities).toHaveLength(1);
    expect(identities[0]?.endsWith(`/userAssignedIdentities/${CMK_IDENTITY_NAME}`)).toBe(true);
    const cmk = emulator.directory.principals().find((p) => p.displayName === CMK_IDENTITY_NAME);
    expect(registry.encryption).toEqual({
      status: 'enabled',
      keyVaultProperties: { keyIdentifier: CMK_KEY_IDENTIFIER, identity: cmk?.clientId },
    });
    const { resourceGroup, name, location } = sourceInfo(emulator);
    const replications = await collect(registryClient(emulator).replications.list(resourceGroup, name));
    expect(replications.map((r) => [r.location, r.zoneRedundancy])).toEqual([[location, 'Enabled']]);
  });

  it('puts the source behind a private endpoint in its own VNet, and readies a subnet in the target region', async () => {
    const ids = restrictedNetwork(emulator.subscriptionId, emulator.state.seed);
    const { resourceGroup, name, location } = sourceInfo(emulator);
    const connections = await collect(registryClient(emulator).privateEndpointConnections.list(resourceGroup, name));
    expect(connections.map((c) => [c.privateEndpoint?.id, c.privateLinkServiceConnectionState?.status])).toEqual([
      [ids.sourcePrivateEndpointId, 'Approved'],
    ]);
    const resources = new ResourceManagementClient(
      credentialOf(emulator),
      emulator.subscriptionId,
      armOptions(emulator),
    );
    const endpoint = await resources.resources.getById(ids.sourcePrivateEndpointId, '2024-05-01');
    expect(endpoint.location).toBe(location);
    expect((endpoint.properties as { subnet: { id: string } }).subnet.id).toBe(ids.sourceSubnetId);
    const zoneGroup = await resources.resources.getById(
      `${ids.sourcePrivateEndpointId}/privateDnsZoneGroups/default`,
      '2024-05-01',
    );
    const configs = (
      zoneGroup.properties as { privateDnsZoneConfigs: { properties: { recordSets: { fqdn: string }[] } }[] }
    ).privateDnsZoneConfigs;
    expect(configs[0]?.properties.recordSets[0]?.fqdn).toBe(`${name}.privatelink.azurecr.io`);
    const targetVnet = await resources.resources.getById(ids.targetVnetId, '2024-05-01');
    expect(targetVnet.location).toBe(TARGET_NETWORK_LOCATION);
    expect((targetVnet.properties as { subnets: { id: string }[] }).subnets.map((s) => s.id)).toEqual([
      ids.targetSubnetId,
    ]);
    const zone = await resources.resources.getById(ids.targetDnsZoneId, '2024-06-01');
    expect(zone.location).toBe('global');
  });

  it('refuses loopback clients on the data plane, as ACR refuses a client outside its rules', async () => {
    await expect(listRepositories(sourceClient(emulator))).rejects.toThrow(/403|not allowed/i);
  });
});

describe("seed scenario 'restricted' variants", () => {
  it("'restricted:bypass=None,export=disabled' sets no trusted-services bypass and disables export", async () => {
    const emulator = await startTestEmulator({ scenarios: ['restricted:bypass=None,export=disabled'] });
    try {
      const registry = await sourceRegistry(emulator);
      expect(registry.networkRuleBypassOptions).toBe('None');
      expect(registry.policies?.exportPolicy?.status).toBe('disabled');
    } finally {
      await emulator.stop();
    }
  });

  it('refuses export=disabled with public access enabled, and unknown values, before seeding anything', async () => {
    await expect(startTestEmulator({ scenarios: ['restricted:export=disabled,public=enabled'] })).rejects.toThrow(
      /export=disabled needs public network access disabled/,
    );
    await expect(
      startTestEmulator({ scenarios: [{ name: 'restricted', params: { bypass: 'Sometimes' } }] }),
    ).rejects.toThrow(/restricted:bypass must be one of AzureServices, None/);
  });

  it('composes with every other scenario on one source created with its settings', async () => {
    const emulator = await startTestEmulator({ scenarios: ['small,consumers,restricted,large:repos=1,tags=2'] });
    try {
      expect(emulator.connectionInfo().registries).toHaveLength(1);
      expect(await sourceRegistry(emulator)).toMatchObject({
        zoneRedundancy: 'Enabled',
        publicNetworkAccess: 'Disabled',
      });
      const store = emulator.dataPlanes.get(sourceInfo(emulator).name)?.store;
      expect(store?.listRepositories()).toContain('bulk/svc-000');
      expect(store?.listRepositories()).toContain('team/app/worker');
    } finally {
      await emulator.stop();
    }
  });

  it('applies what Azure lets change to a source an earlier run created, keeping the content', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'seed-restricted-'));
    try {
      const first = await startTestEmulator({ stateDir, scenarios: ['small'] });
      const repositories = await listRepositories(sourceClient(first));
      await first.stop();
      const second = await startTestEmulator({ stateDir, scenarios: ['small', 'restricted:public=enabled'] });
      try {
        const registry = await sourceRegistry(second);
        expect(registry).toMatchObject({
          publicNetworkAccess: 'Enabled',
          networkRuleSet: { defaultAction: 'Deny' },
          // Fixed when the registry was created (Azure refuses to change them later).
          zoneRedundancy: 'Disabled',
          encryption: { status: 'disabled' },
        });
        const ids = restrictedNetwork(second.subscriptionId, second.state.seed);
        expect(registry.privateEndpointConnections?.map((c) => c.privateEndpoint?.id)).toEqual([
          ids.sourcePrivateEndpointId,
        ]);
        expect(second.state.appliedScenarios).toEqual([
          'small',
          'restricted:bypass=AzureServices,export=enabled,public=enabled',
        ]);
        const store = second.dataPlanes.get(sourceInfo(second).name)?.store;
        expect(store?.listRepositories()).toEqual(repositories);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});

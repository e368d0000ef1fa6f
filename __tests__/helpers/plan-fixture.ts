import type { RelocationPlan, RegistrySettings } from '../../src/core/plan/model.js';

const SUB = '00000000-0000-0000-0000-000000000001';

export function sampleSettings(overrides: Partial<RegistrySettings> = {}): RegistrySettings {
  return {
    sku: 'Premium',
    adminUserEnabled: false,
    publicNetworkAccess: 'Enabled',
    zoneRedundancy: 'Disabled',
    dataEndpointEnabled: false,
    anonymousPullEnabled: false,
    policies: { exportPolicy: { status: 'enabled' } },
    tags: { team: 'platform' },
    ...overrides,
  };
}

/** A small but complete plan, valid against the schema (without its fingerprint). */
export function samplePlan(): Omit<RelocationPlan, 'fingerprint'> {
  const rg = `/subscriptions/${SUB}/resourceGroups/rg`;
  return {
    schemaVersion: 1,
    relocationId: '0123456789abcdef',
    createdAt: '2026-11-26T00:00:00.000Z',
    tool: { name: 'acr-relocate', version: '0.1.0' },
    source: {
      subscriptionId: SUB,
      resourceGroup: 'rg',
      name: 'contososource',
      id: `${rg}/providers/Microsoft.ContainerRegistry/registries/contososource`,
      location: 'eastus',
      loginServer: 'contososource.azurecr.io',
      settings: sampleSettings(),
    },
    target: {
      subscriptionId: SUB,
      resourceGroup: 'rg-target',
      name: 'contosotarget',
      id: `/subscriptions/${SUB}/resourceGroups/rg-target/providers/Microsoft.ContainerRegistry/registries/contosotarget`,
      location: 'westeurope',
      settings: sampleSettings(),
    },
    children: {
      replications: [],
      webhooks: [],
      scopeMaps: [],
      tokens: [],
      cacheRules: [],
      credentialSets: [],
      connectedRegistries: [],
      privateEndpointConnections: [],
      diagnosticSettings: [],
      locks: [],
      roleAssignments: [],
    },
    artifacts: {
      repositories: [
        {
          name: 'app/web',
          reportedTagCount: 1,
          reportedManifestCount: 1,
          manifests: [
            {
              digest: `sha256:${'a'.repeat(64)}`,
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              size: 100,
              tags: ['v1'],
              platform: { os: 'linux', architecture: 'amd64' },
            },
          ],
        },
      ],
      excludedRepositories: [],
      totals: { repositories: 1, manifests: 1, tags: 1, referrers: 0, bytes: 100 },
    },
    consumers: { aksClusters: [], apps: [], principals: [] },
    checks: [{ id: 'same-tenant', status: 'pass', message: 'Source and target are in the same tenant.' }],
    mapping: {
      name: { from: 'contososource', to: 'contosotarget' },
      location: { from: 'eastus', to: 'westeurope' },
      subnets: {},
      replicationLocations: [],
      identities: {},
    },
  };
}

/** A registry of the emulator, as the test worlds hold it. */
export interface WorldRegistry {
  resourceGroup: string;
  name: string;
  id: string;
  loginServer: string;
}

/**
 * samplePlan() moved onto two real registries of the emulator: source in westeurope, target in
 * northeurope, with `targetSettings` (default: the sample's) as the settings the target is to have.
 */
export function samplePlanBetween(
  subscriptionId: string,
  source: WorldRegistry,
  target: WorldRegistry,
  targetSettings?: RegistrySettings,
): Omit<RelocationPlan, 'fingerprint'> {
  const base = samplePlan();
  return {
    ...base,
    source: {
      ...base.source,
      subscriptionId,
      resourceGroup: source.resourceGroup,
      name: source.name,
      id: source.id,
      loginServer: source.loginServer,
      location: 'westeurope',
    },
    target: {
      ...base.target,
      subscriptionId,
      resourceGroup: target.resourceGroup,
      name: target.name,
      id: target.id,
      location: 'northeurope',
      settings: targetSettings ?? base.target.settings,
    },
  };
}

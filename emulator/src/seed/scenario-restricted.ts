/**
 * 'restricted': a locked-down source, as security baselines leave registries — public network access
 * disabled, a firewall (networkRuleSet defaultAction Deny with IP rules), trusted-services bypass,
 * zone redundancy (westeurope has availability zones) and a customer-managed key (encryption enabled
 * with a Key Vault key and the user-assigned identity that reads it). Parameters:
 *
 *   bypass=AzureServices|None   networkRuleBypassOptions (default AzureServices)
 *   export=enabled|disabled     policies.exportPolicy (default enabled; disabled blocks importImage from it)
 *   public=disabled|enabled     publicNetworkAccess (default disabled; Azure allows export=disabled only with it)
 *
 * These settings go into the source's creation when 'restricted' is part of the run that creates it.
 * Added to a state whose source exists, a PUT applies those Azure lets change (network access,
 * firewall, bypass, export policy); zone redundancy and CMK are fixed at creation, so it stays without.
 * The data plane then refuses loopback clients (403 DENIED), as ACR refuses a client outside the rules.
 *
 * The network a locked-down registry lives in comes too (restrictedNetwork() gives the ids): in the
 * source's resource group a VNet with a private-endpoint subnet, a private endpoint to the source in
 * it (auto-approved: the source then has a real private endpoint connection) and the
 * privatelink.azurecr.io zone it registers in; and, in the target region, what the runbook has people
 * create before the move — resource group rg-relocation-target-network with a VNet, a
 * private-endpoint subnet and its own privatelink.azurecr.io zone.
 */
import {
  registerScenario,
  SOURCE_LOCATION,
  SOURCE_RESOURCE_GROUP,
  sourceRegistryName,
  type ScenarioContext,
  type ScenarioParams,
  type SourceSettings,
} from './scenarios.js';
import { applySourceSettings, ensureSource, type SourceRegistry } from './scenario-source.js';

export const CMK_IDENTITY_NAME = 'id-acr-source-cmk';
export const CMK_KEY_IDENTIFIER = 'https://kv-relocation-source.vault.azure.net/keys/acr-source-cmk';
/** Documentation ranges (RFC 5737): the firewall admits an office range and a build agent. */
export const ALLOWED_IP_RULES = ['203.0.113.0/24', '198.51.100.17'] as const;

const NETWORK_API = '2024-05-01';
const PRIVATE_DNS_API = '2024-06-01';
export const TARGET_NETWORK_RESOURCE_GROUP = 'rg-relocation-target-network';
/** A region with availability zones, as the zone-redundant source needs in its target. */
export const TARGET_NETWORK_LOCATION = 'swedencentral';
export const PRIVATE_ENDPOINT_SUBNET = 'snet-private-endpoints';
export const REGISTRY_DNS_ZONE = 'privatelink.azurecr.io';

export interface RestrictedNetwork {
  sourceVnetId: string;
  sourceSubnetId: string;
  sourcePrivateEndpointId: string;
  sourceDnsZoneId: string;
  targetVnetId: string;
  targetSubnetId: string;
  targetDnsZoneId: string;
}

/** Ids of what 'restricted' seeds around the source (for subscription `subscriptionId`, seed `seed`). */
export function restrictedNetwork(subscriptionId: string, seed: string): RestrictedNetwork {
  const network = (group: string) =>
    `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.Network`;
  const source = network(SOURCE_RESOURCE_GROUP);
  const target = network(TARGET_NETWORK_RESOURCE_GROUP);
  return {
    sourceVnetId: `${source}/virtualNetworks/vnet-relocation-source`,
    sourceSubnetId: `${source}/virtualNetworks/vnet-relocation-source/subnets/${PRIVATE_ENDPOINT_SUBNET}`,
    sourcePrivateEndpointId: `${source}/privateEndpoints/pe-${sourceRegistryName(seed)}`,
    sourceDnsZoneId: `${source}/privateDnsZones/${REGISTRY_DNS_ZONE}`,
    targetVnetId: `${target}/virtualNetworks/vnet-relocation-target`,
    targetSubnetId: `${target}/virtualNetworks/vnet-relocation-target/subnets/${PRIVATE_ENDPOINT_SUBNET}`,
    targetDnsZoneId: `${target}/privateDnsZones/${REGISTRY_DNS_ZONE}`,
  };
}

async function seedVnet(ctx: ScenarioContext, vnetId: string, location: string, space: string, subnet: string) {
  await ctx.arm.send('PUT', vnetId, NETWORK_API, {
    location,
    properties: {
      addressSpace: { addressPrefixes: [space] },
      subnets: [{ name: PRIVATE_ENDPOINT_SUBNET, properties: { addressPrefix: subnet } }],
    },
  });
}

/** The source's VNet, private endpoint and DNS zone, and the target region's VNet and zone. */
async function seedNetwork(ctx: ScenarioContext, source: SourceRegistry): Promise<void> {
  const ids = restrictedNetwork(ctx.subscriptionId, ctx.seed);
  await seedVnet(ctx, ids.sourceVnetId, SOURCE_LOCATION, '10.10.0.0/16', '10.10.1.0/24');
  await ctx.arm.send('PUT', ids.sourceDnsZoneId, PRIVATE_DNS_API, { location: 'global' });
  await ctx.arm.send('PUT', ids.sourcePrivateEndpointId, NETWORK_API, {
    location: SOURCE_LOCATION,
    properties: {
      subnet: { id: ids.sourceSubnetId },
      privateLinkServiceConnections: [
        { name: `pe-${source.name}`, properties: { privateLinkServiceId: source.id, groupIds: ['registry'] } },
      ],
    },
  });
  await ctx.arm.send('PUT', `${ids.sourcePrivateEndpointId}/privateDnsZoneGroups/default`, NETWORK_API, {
    properties: {
      privateDnsZoneConfigs: [
        { name: 'privatelink-azurecr-io', properties: { privateDnsZoneId: ids.sourceDnsZoneId } },
      ],
    },
  });
  await ctx.createResourceGroup(TARGET_NETWORK_RESOURCE_GROUP, TARGET_NETWORK_LOCATION, {
    purpose: 'relocation-target',
  });
  await seedVnet(ctx, ids.targetVnetId, TARGET_NETWORK_LOCATION, '10.20.0.0/16', '10.20.1.0/24');
  await ctx.arm.send('PUT', ids.targetDnsZoneId, PRIVATE_DNS_API, { location: 'global' });
}

export function cmkIdentityId(ctx: ScenarioContext): string {
  return `/subscriptions/${ctx.subscriptionId}/resourceGroups/${SOURCE_RESOURCE_GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${CMK_IDENTITY_NAME}`;
}

function checkRestricted(params: ScenarioParams): void {
  if (params.export === 'disabled' && params.public === 'enabled') {
    throw new Error(
      'seed: restricted:export=disabled needs public network access disabled (Azure refuses the combination)',
    );
  }
}

/** The settings Azure lets change on an existing registry: network access, firewall, export policy. */
function changeableSettings(params: ScenarioParams): Record<string, unknown> {
  return {
    publicNetworkAccess: params.public === 'enabled' ? 'Enabled' : 'Disabled',
    networkRuleSet: {
      defaultAction: 'Deny',
      ipRules: ALLOWED_IP_RULES.map((value) => ({ action: 'Allow', value })),
    },
    networkRuleBypassOptions: params.bypass,
    policies: { exportPolicy: { status: params.export } },
  };
}

/** Everything, for the source's creation: zone redundancy and the customer-managed key too. */
function restrictedSettings(ctx: ScenarioContext, params: ScenarioParams): SourceSettings {
  // The user-assigned identity Key Vault trusts: a managed identity in the tenant (no secret).
  const identity = ctx.addPrincipal(CMK_IDENTITY_NAME, false);
  return {
    identity: { type: 'UserAssigned', userAssignedIdentities: { [cmkIdentityId(ctx)]: {} } },
    properties: {
      ...changeableSettings(params),
      zoneRedundancy: 'Enabled',
      encryption: {
        status: 'enabled',
        keyVaultProperties: { keyIdentifier: CMK_KEY_IDENTIFIER, identity: identity.clientId },
      },
    },
  };
}

registerScenario('restricted', {
  params: {
    bypass: { type: ['AzureServices', 'None'], default: 'AzureServices' },
    export: { type: ['enabled', 'disabled'], default: 'enabled' },
    public: { type: ['disabled', 'enabled'], default: 'disabled' },
  },
  check: checkRestricted,
  sourceSettings: restrictedSettings,
  run: async (ctx, params) => {
    const source = await ensureSource(ctx);
    // Azure fixes zone redundancy and the customer-managed key at creation: a source an earlier run
    // created keeps going without them, and gets what can still change.
    if (!source.created) await applySourceSettings(ctx, { properties: changeableSettings(params) });
    await seedNetwork(ctx, source);
  },
});

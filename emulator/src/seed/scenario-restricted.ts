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
 * These settings go into the source's creation when 'restricted' is part of the run that creates it
 * (zone redundancy and CMK are fixed at creation in Azure); added later, they are applied with a PUT.
 * The data plane then refuses loopback clients (403 DENIED), as ACR refuses a client outside the rules.
 */
import {
  registerScenario,
  SOURCE_RESOURCE_GROUP,
  type ScenarioContext,
  type ScenarioParams,
  type SourceSettings,
} from './scenarios.js';
import { applySourceSettings, ensureSource } from './scenario-source.js';

export const CMK_IDENTITY_NAME = 'id-acr-source-cmk';
export const CMK_KEY_IDENTIFIER = 'https://kv-relocation-source.vault.azure.net/keys/acr-source-cmk';
/** Documentation ranges (RFC 5737): the firewall admits an office range and a build agent. */
export const ALLOWED_IP_RULES = ['203.0.113.0/24', '198.51.100.17'] as const;

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

function restrictedSettings(ctx: ScenarioContext, params: ScenarioParams): SourceSettings {
  // The user-assigned identity Key Vault trusts: a managed identity in the tenant (no secret).
  const identity = ctx.addPrincipal(CMK_IDENTITY_NAME, false);
  return {
    identity: { type: 'UserAssigned', userAssignedIdentities: { [cmkIdentityId(ctx)]: {} } },
    properties: {
      publicNetworkAccess: params.public === 'enabled' ? 'Enabled' : 'Disabled',
      networkRuleSet: {
        defaultAction: 'Deny',
        ipRules: ALLOWED_IP_RULES.map((value) => ({ action: 'Allow', value })),
      },
      networkRuleBypassOptions: params.bypass,
      zoneRedundancy: 'Enabled',
      encryption: {
        status: 'enabled',
        keyVaultProperties: { keyIdentifier: CMK_KEY_IDENTIFIER, identity: identity.clientId },
      },
      policies: { exportPolicy: { status: params.export } },
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
    if (!source.created) await applySourceSettings(ctx, restrictedSettings(ctx, params));
  },
});

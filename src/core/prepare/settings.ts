import type { Registry } from '@azure/arm-containerregistry';
import type { Mapping, RegistrySettings } from '../plan/model.js';

/**
 * The settings of a registry as the plan records them: what matters for a move, in Azure's own names,
 * with Azure's defaults written out so an absent property and its default compare equal.
 */
export function settingsOf(registry: Registry): RegistrySettings {
  const policies = registry.policies ?? {};
  return {
    sku: registry.sku.name,
    adminUserEnabled: registry.adminUserEnabled ?? false,
    publicNetworkAccess: registry.publicNetworkAccess ?? 'Enabled',
    networkRuleSet: registry.networkRuleSet
      ? {
          defaultAction: registry.networkRuleSet.defaultAction,
          ipRules: (registry.networkRuleSet.ipRules ?? []).map((rule) => ({
            action: rule.action,
            value: rule.iPAddressOrRange,
          })),
        }
      : undefined,
    networkRuleBypassOptions: registry.networkRuleBypassOptions,
    networkRuleBypassAllowedForTasks: registry.networkRuleBypassAllowedForTasks,
    zoneRedundancy: registry.zoneRedundancy ?? 'Disabled',
    dataEndpointEnabled: registry.dataEndpointEnabled ?? false,
    anonymousPullEnabled: registry.anonymousPullEnabled ?? false,
    roleAssignmentMode: registry.roleAssignmentMode,
    policies: {
      quarantinePolicy: policies.quarantinePolicy ? { status: policies.quarantinePolicy.status } : undefined,
      trustPolicy: policies.trustPolicy
        ? { type: policies.trustPolicy.type, status: policies.trustPolicy.status }
        : undefined,
      retentionPolicy: policies.retentionPolicy
        ? { days: policies.retentionPolicy.days, status: policies.retentionPolicy.status }
        : undefined,
      exportPolicy: policies.exportPolicy ? { status: policies.exportPolicy.status } : undefined,
      azureADAuthenticationAsArmPolicy: policies.azureADAuthenticationAsArmPolicy
        ? { status: policies.azureADAuthenticationAsArmPolicy.status }
        : undefined,
    },
    encryption: registry.encryption
      ? {
          status: registry.encryption.status,
          keyVaultProperties: registry.encryption.keyVaultProperties
            ? {
                keyIdentifier: registry.encryption.keyVaultProperties.keyIdentifier,
                identity: registry.encryption.keyVaultProperties.identity,
              }
            : undefined,
        }
      : undefined,
    identity: registry.identity
      ? {
          type: registry.identity.type,
          userAssignedIdentities: Object.keys(registry.identity.userAssignedIdentities ?? {}).sort(),
          principalId: registry.identity.principalId,
          tenantId: registry.identity.tenantId,
        }
      : undefined,
    tags: { ...(registry.tags ?? {}) },
  };
}

/**
 * The settings the target is to be created with: the source's, with what the mapping changes
 * (SKU, CMK key, user-assigned identities) and without what belongs to the source only
 * (its system-assigned principal, the relocation's own tag is added by redeploy).
 */
export function targetSettingsOf(
  source: RegistrySettings,
  mapping: Mapping,
  targetSku: string | undefined,
): RegistrySettings {
  const mapIdentity = (id: string | undefined) => (id ? (mapping.identities[id] ?? id) : id);
  const keyVault = source.encryption?.keyVaultProperties;
  return {
    ...source,
    sku: targetSku ?? source.sku,
    encryption: source.encryption
      ? {
          status: source.encryption.status,
          keyVaultProperties: keyVault
            ? {
                keyIdentifier: mapping.encryptionKey ?? keyVault.keyIdentifier,
                identity: mapIdentity(keyVault.identity),
              }
            : undefined,
        }
      : undefined,
    identity: source.identity
      ? {
          type: source.identity.type,
          userAssignedIdentities: (source.identity.userAssignedIdentities ?? [])
            .map((id) => mapIdentity(id) as string)
            .sort(),
        }
      : undefined,
    tags: { ...source.tags },
  };
}

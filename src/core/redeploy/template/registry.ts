import { RELOCATION_TAG } from '../../prepare/checks.js';
import type { RegistrySettings } from '../../plan/model.js';
import { API_VERSIONS, REGISTRY_TYPE } from './names.js';
import { defined, literal, LOCATION, REGISTRY_NAME, type JsonObject, type TemplateResource } from './expressions.js';

/**
 * The registry resource: every setting the plan records for the target, in ARM's wire shape, plus
 * the relocation's own tag (what makes a re-run recognise its target).
 */
export function registryResource(settings: RegistrySettings, relocationId: string): TemplateResource {
  const identity = identityOf(settings.identity);
  return {
    type: REGISTRY_TYPE,
    apiVersion: API_VERSIONS.containerRegistry,
    name: `[${REGISTRY_NAME}]`,
    location: LOCATION,
    tags: literal({ ...settings.tags, [RELOCATION_TAG]: relocationId }),
    sku: { name: settings.sku },
    ...(identity ? { identity } : {}),
    properties: registryProperties(settings),
  };
}

export function registryProperties(settings: RegistrySettings): JsonObject {
  return defined({
    adminUserEnabled: settings.adminUserEnabled,
    publicNetworkAccess: settings.publicNetworkAccess,
    networkRuleSet: networkRuleSetOf(settings),
    networkRuleBypassOptions: settings.networkRuleBypassOptions,
    networkRuleBypassAllowedForTasks: settings.networkRuleBypassAllowedForTasks,
    zoneRedundancy: settings.zoneRedundancy,
    dataEndpointEnabled: settings.dataEndpointEnabled,
    anonymousPullEnabled: settings.anonymousPullEnabled,
    policies: policiesOf(settings.policies),
    encryption: encryptionOf(settings.encryption),
    roleAssignmentMode: settings.roleAssignmentMode,
  });
}

/**
 * Network rules are a Premium feature: a lower tier gets none (its default, allow all), rather than
 * a request the service refuses. API 2025-11-01 has IP rules only (VNet rules were retired), each
 * written as Azure stores it: `{ action, value }`.
 */
function networkRuleSetOf(settings: RegistrySettings): JsonObject | undefined {
  const rules = settings.networkRuleSet;
  if (!rules) return undefined;
  const isDefault = rules.defaultAction === 'Allow' && rules.ipRules.length === 0;
  if (settings.sku !== 'Premium' && isDefault) return undefined;
  return {
    defaultAction: rules.defaultAction,
    ipRules: rules.ipRules.map((rule) => literal(defined({ action: rule.action ?? 'Allow', value: rule.value }))),
  };
}

function policiesOf(policies: RegistrySettings['policies']): JsonObject | undefined {
  const out = defined({
    quarantinePolicy: policies.quarantinePolicy && literal(defined(policies.quarantinePolicy)),
    trustPolicy: policies.trustPolicy && literal(defined(policies.trustPolicy)),
    retentionPolicy: policies.retentionPolicy && literal(defined(policies.retentionPolicy)),
    exportPolicy: policies.exportPolicy && literal(defined(policies.exportPolicy)),
    azureADAuthenticationAsArmPolicy:
      policies.azureADAuthenticationAsArmPolicy && literal(defined(policies.azureADAuthenticationAsArmPolicy)),
  });
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Customer-managed key (already mapped to the target's key and identity by prepare). */
function encryptionOf(encryption: RegistrySettings['encryption']): JsonObject | undefined {
  if (!encryption?.status) return undefined;
  if (encryption.status.toLowerCase() !== 'enabled') return { status: encryption.status };
  const vault = encryption.keyVaultProperties ?? {};
  return {
    status: encryption.status,
    keyVaultProperties: literal(
      defined({ keyIdentifier: vault.keyIdentifier, identity: vault.identity }),
    ) as JsonObject,
  };
}

/** Identities as ARM takes them: user-assigned ones as a map of resource id to {}. */
export function identityOf(identity: RegistrySettings['identity']): JsonObject | undefined {
  if (!identity?.type || identity.type === 'None') return undefined;
  const users = identity.userAssignedIdentities ?? [];
  return defined({
    type: identity.type,
    userAssignedIdentities:
      users.length > 0 ? Object.fromEntries(users.map((id) => [literal(id) as string, {}])) : undefined,
  });
}

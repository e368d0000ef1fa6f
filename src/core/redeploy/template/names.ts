import { createHash } from 'node:crypto';

/**
 * Names the template and the deployment use. Every one is derived from stable facts of the plan, so a
 * re-run addresses the same resources instead of creating new ones.
 */

/** Api-versions Azure publishes for the types the template creates (deployments use the SDK's own). */
export const API_VERSIONS = {
  containerRegistry: '2025-11-01',
  roleAssignments: '2022-04-01',
  diagnosticSettings: '2021-05-01-preview',
  privateEndpoints: '2024-05-01',
} as const;

export const REGISTRY_TYPE = 'Microsoft.ContainerRegistry/registries';

/** The deployment's name in the target resource group: one per relocation, so re-runs replace it. */
export function deploymentNameOf(relocationId: string): string {
  return `acr-relocate-${relocationId}`;
}

/**
 * A GUID derived from its parts (sha256, laid out as an RFC 4122 name-based GUID). ARM's own guid()
 * is not reproducible outside a deployment; computing it here keeps the template's names literal
 * and reviewable, and the same on every run.
 */
export function stableGuid(...parts: string[]): string {
  const bytes = createHash('sha256')
    .update(parts.map((p) => p.toLowerCase()).join('|'))
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The role assignment name for a principal and role on the target: re-runs never duplicate it. */
export function roleAssignmentNameOf(targetId: string, principalId: string, roleDefinitionId: string): string {
  return stableGuid('role-assignment', targetId, principalId, roleGuidOf(roleDefinitionId));
}

/** The GUID at the end of a role definition id (built-in role ids are the same in every tenant). */
export function roleGuidOf(roleDefinitionId: string): string {
  return (roleDefinitionId.split('/').pop() ?? roleDefinitionId).toLowerCase();
}

/** A private endpoint per subnet, named after the registry and the subnet (<= 80 characters). */
export function privateEndpointNameOf(registryName: string, subnetId: string): string {
  const subnet = (subnetId.split('/').pop() ?? 'subnet').replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 20);
  const hash = createHash('sha256').update(subnetId.toLowerCase()).digest('hex').slice(0, 8);
  return `pe-${registryName}-${subnet}-${hash}`;
}

/** Template parameter names of a webhook's secrets (webhook names are letters and digits only). */
export function webhookParameterNames(webhookName: string): { serviceUri: string; customHeaders: string } {
  return { serviceUri: `webhook_${webhookName}_serviceUri`, customHeaders: `webhook_${webhookName}_customHeaders` };
}

/** Region names compare without case and spaces ("West Europe" = "westeurope"). */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

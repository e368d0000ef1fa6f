import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { ManagementLockClient } from '@azure/arm-locks';
import type { MonitorClient } from '@azure/arm-monitor';
import type { ChildResource, RoleAssignmentRecord } from '../plan/model.js';
import { azureCall, collect } from './errors.js';
import { childRecord } from './registry-reader.js';
import type { RegistryId } from './resource-id.js';

/** Built-in roles by their well-known ids (the same in every tenant): names for plans and summaries. */
export const BUILT_IN_ROLES: Readonly<Record<string, string>> = {
  '7f951dda-4ed3-4680-a7ca-43fe172d538d': 'AcrPull',
  '8311e382-0749-4cb8-b61a-304f252e45ec': 'AcrPush',
  'c2f4ef07-c644-48eb-af81-4b1b4947fb11': 'AcrDelete',
  '6cef56e8-d556-48e5-a04f-b8e64114680f': 'AcrImageSigner',
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': 'Reader',
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  '577a9874-89fd-4f24-9dbd-b5034d0ad23a': 'Container Registry Data Importer and Data Reader',
  'b93aa761-3e63-49ed-ac28-beffa264f7ac': 'Container Registry Repository Reader',
  '2a1e307c-b015-4ebd-883e-5b7698a07328': 'Container Registry Repository Writer',
  '2efddaa5-3f1f-4df3-97df-af3f13818f4c': 'Container Registry Repository Contributor',
};

export const ACR_PULL_ROLE_ID = '7f951dda-4ed3-4680-a7ca-43fe172d538d';
/** On ABAC-mode registries AcrPull grants nothing; this is the built-in that grants pull there. */
export const ABAC_REPOSITORY_READER_ROLE_ID = 'b93aa761-3e63-49ed-ac28-beffa264f7ac';

/** Roles that let a principal pull images: what makes it a consumer of the registry. */
export const PULL_ROLES = new Set([
  'AcrPull',
  'AcrPush',
  'Reader',
  'Contributor',
  'Owner',
  'Container Registry Data Importer and Data Reader',
  'Container Registry Repository Reader',
  'Container Registry Repository Writer',
  'Container Registry Repository Contributor',
]);

export function roleNameOf(roleDefinitionId: string): string | undefined {
  const guid = roleDefinitionId.split('/').pop()?.toLowerCase() ?? '';
  return BUILT_IN_ROLES[guid];
}

/**
 * Role assignments that apply to a scope: made at it or inherited from above (ARM's atScope() filter).
 * Those made exactly at the registry are the registry's to carry; inherited ones still tell who can pull.
 */
export async function readRoleAssignments(
  client: AuthorizationManagementClient,
  scope: string,
): Promise<RoleAssignmentRecord[]> {
  const assignments = await collect(
    `Listing role assignments on ${scope}`,
    client.roleAssignments.listForScope(scope, { filter: 'atScope()' }),
  );
  return assignments
    .map((a) => ({
      id: a.id ?? '',
      principalId: a.principalId ?? '',
      principalType: a.principalType,
      roleDefinitionId: a.roleDefinitionId ?? '',
      roleName: roleNameOf(a.roleDefinitionId ?? ''),
      scope: a.scope ?? scope,
    }))
    .sort((x, y) => x.id.localeCompare(y.id));
}

export function madeAt(assignments: readonly RoleAssignmentRecord[], scope: string): RoleAssignmentRecord[] {
  return assignments.filter((a) => a.scope.toLowerCase() === scope.toLowerCase());
}

export async function readLocks(client: ManagementLockClient, ref: RegistryId): Promise<ChildResource[]> {
  const locks = await collect(
    `Listing locks on registry ${ref.name}`,
    client.managementLocks.listAtResourceLevel(
      ref.resourceGroup,
      'Microsoft.ContainerRegistry',
      '',
      'registries',
      ref.name,
    ),
  );
  return locks.map((lock) => childRecord(lock as never));
}

export async function readDiagnosticSettings(client: MonitorClient, resourceId: string): Promise<ChildResource[]> {
  const settings = await azureCall(`Listing diagnostic settings of ${resourceId}`, () =>
    client.diagnosticSettings.list(resourceId),
  );
  return (settings.value ?? []).map((setting) => childRecord(setting as never));
}

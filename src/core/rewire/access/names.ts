/**
 * Names and ids of role assignments. Names are derived from what the assignment means (scope,
 * principal, role), so a re-run asks for the same name and never creates a duplicate.
 */
import { createHash } from 'node:crypto';
import { ABAC_REPOSITORY_READER_ROLE_ID, ACR_PULL_ROLE_ID, roleNameOf } from '../../azure/access-reader.js';

/** A name-based GUID (RFC 4122 layout, version 5 bits, over SHA-256): the same parts always give the same GUID. */
export function deterministicGuid(...parts: string[]): string {
  const bytes = createHash('sha256').update(parts.join('\n')).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function roleAssignmentName(scope: string, principalId: string, roleGuid: string): string {
  return deterministicGuid(
    'acr-relocate/role-assignment',
    scope.toLowerCase(),
    principalId.toLowerCase(),
    roleGuid.toLowerCase(),
  );
}

/** The role's GUID from a full role definition id (or a GUID itself). */
export function roleGuidOf(roleDefinitionId: string): string {
  return (roleDefinitionId.split('/').pop() ?? '').toLowerCase();
}

export function subscriptionOf(scope: string): string {
  return /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1] ?? '';
}

/** Role definitions are addressed through the subscription of the scope they are assigned at. */
export function roleDefinitionId(scope: string, roleGuid: string): string {
  return `/subscriptions/${subscriptionOf(scope)}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

export function roleLabel(roleGuid: string): string {
  return roleNameOf(roleGuid) ?? roleGuid;
}

export interface PullRole {
  guid: string;
  name: string;
}

/**
 * The role that lets a workload pull, as `az aks update --attach-acr` grants it: AcrPull, except on
 * registries in ABAC mode (AbacRepositoryPermissions), where AcrPull grants nothing and the built-in
 * Container Registry Repository Reader is the one that does.
 */
export function pullRoleFor(abac: boolean): PullRole {
  const guid = abac ? ABAC_REPOSITORY_READER_ROLE_ID : ACR_PULL_ROLE_ID;
  return { guid, name: roleLabel(guid) };
}

export function isAbacMode(roleAssignmentMode: string | undefined): boolean {
  return (roleAssignmentMode ?? '').toLowerCase() === 'abacrepositorypermissions';
}

/**
 * Role-based access control from stored role assignments and role definitions: an action is allowed
 * when some assignment of the principal at the scope or above names a role whose `actions` match it
 * and whose `notActions` do not (ARM wildcards: `*` within and across segments, case-insensitive).
 */
import type { ResourceStore } from './store.js';
import { isAtOrAbove } from './resourceId.js';
import { ArmError } from './errors.js';
import type { ArmPrincipal } from './provider.js';

export const ROLE_ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';
export const ROLE_DEFINITION_TYPE = 'Microsoft.Authorization/roleDefinitions';

export interface RolePermissions {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

/** Resolves a role definition id (any of its id forms) to its permissions. */
export type RoleLookup = (roleDefinitionId: string) => RolePermissions[] | undefined;

export function wildcardMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return regex.test(action);
}

/** The permission blocks of every role assigned to `principalId` at `scope` or above. */
export function effectivePermissions(
  store: ResourceStore,
  roles: RoleLookup,
  principalId: string,
  scope: string,
): RolePermissions[] {
  const blocks: RolePermissions[] = [];
  for (const assignment of store.list({ type: ROLE_ASSIGNMENT_TYPE })) {
    const props = assignment.body.properties as
      { principalId?: string; roleDefinitionId?: string; scope?: string } | undefined;
    if (!props?.principalId || props.principalId.toLowerCase() !== principalId.toLowerCase()) continue;
    if (!isAtOrAbove(props.scope ?? '', scope)) continue;
    blocks.push(...(roles(props.roleDefinitionId ?? '') ?? []));
  }
  return blocks;
}

export function allowsAction(blocks: readonly RolePermissions[], action: string): boolean {
  return blocks.some(
    (b) => b.actions.some((a) => wildcardMatches(a, action)) && !b.notActions.some((a) => wildcardMatches(a, action)),
  );
}

export function allowsDataAction(blocks: readonly RolePermissions[], action: string): boolean {
  return blocks.some(
    (b) =>
      b.dataActions.some((a) => wildcardMatches(a, action)) &&
      !b.notDataActions.some((a) => wildcardMatches(a, action)),
  );
}

/** Throws 403 AuthorizationFailed, worded as ARM words it, unless the principal may perform `action`. */
export function authorize(
  store: ResourceStore,
  roles: RoleLookup,
  principal: ArmPrincipal,
  action: string,
  scope: string,
): void {
  if (allowsAction(effectivePermissions(store, roles, principal.objectId, scope), action)) return;
  throw new ArmError(
    403,
    'AuthorizationFailed',
    `The client '${principal.clientId}' with object id '${principal.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

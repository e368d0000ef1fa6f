/**
 * Who a caller is and what they may do, evaluated live against ARM state (RegistryControl) so a
 * role assignment, admin-user or token change takes effect on the next token request.
 */
import { timingSafeEqual } from 'node:crypto';
import type { RegistryControl, TokenScope } from '../../shared/contract.js';
import type { ResourceType } from './scopes.js';

export type Principal =
  | { kind: 'admin'; username: string }
  | { kind: 'entra'; oid: string; tid: string }
  | { kind: 'token'; name: string; scopes: readonly TokenScope[] }
  | { kind: 'anonymous' };

/** ACR's convention: this user name with an ACR refresh token as the password (docker login). */
export const NULL_GUID_USER = '00000000-0000-0000-0000-000000000000';

const ALL_REPOSITORY_ACTIONS = ['pull', 'push', 'delete', 'metadata_read', 'metadata_write'];

const SCOPE_MAP_ACTIONS: Record<TokenScope['actions'][number], string> = {
  'content/read': 'pull',
  'content/write': 'push',
  'content/delete': 'delete',
  'metadata/read': 'metadata_read',
  'metadata/write': 'metadata_write',
};

/** The log's principal string (contract.ts RequestLogEntry.principal). */
export function describePrincipal(principal: Principal): string {
  switch (principal.kind) {
    case 'admin':
      return `admin:${principal.username}`;
    case 'entra':
      return principal.oid;
    case 'token':
      return `token:${principal.name}`;
    case 'anonymous':
      return 'anonymous';
  }
}

/** Admin user or repository-scoped token credentials (basic auth); undefined when they match neither. */
export function principalFromPassword(
  control: RegistryControl,
  username: string,
  password: string,
): Principal | undefined {
  const admin = control.adminCredentials();
  if (admin && admin.username === username && admin.passwords.some((candidate) => sameSecret(candidate, password))) {
    return { kind: 'admin', username };
  }
  const scopes = control.tokenScopes(username, password);
  return scopes ? { kind: 'token', name: username, scopes } : undefined;
}

/** Actions `principal` holds on a resource right now (`*` for the catalog). */
export function allowedActions(
  control: RegistryControl,
  principal: Principal,
  type: ResourceType,
  name: string,
): Set<string> {
  const repositoryActions = repositoryActionsOf(control, principal, name);
  if (type === 'repository') return repositoryActions;
  if (name !== 'catalog') return new Set();
  return catalogAllowed(control, principal) ? new Set(['*']) : new Set();
}

function repositoryActionsOf(control: RegistryControl, principal: Principal, repository: string): Set<string> {
  switch (principal.kind) {
    case 'admin':
      return new Set(ALL_REPOSITORY_ACTIONS);
    case 'entra': {
      const permissions = control.entraPermissions(principal.oid);
      const actions = new Set<string>();
      if (permissions.pull) ['pull', 'metadata_read'].forEach((action) => actions.add(action));
      if (permissions.push) ['push', 'metadata_write'].forEach((action) => actions.add(action));
      if (permissions.delete) actions.add('delete');
      return actions;
    }
    case 'token':
      return new Set(
        principal.scopes
          .filter((scope) => repositoryMatches(scope.repository, repository))
          .flatMap((scope) => scope.actions.map((action) => SCOPE_MAP_ACTIONS[action])),
      );
    case 'anonymous':
      return new Set(control.anonymousPullEnabled() ? ['pull', 'metadata_read'] : []);
  }
}

/**
 * Catalog listing: admin; Entra principals that can pull; anonymous callers when anonymous pull is
 * on; scoped tokens holding metadata/read on some repository (the emulator's reading of scope maps).
 */
function catalogAllowed(control: RegistryControl, principal: Principal): boolean {
  switch (principal.kind) {
    case 'admin':
      return true;
    case 'entra':
      return control.entraPermissions(principal.oid).pull;
    case 'token':
      return principal.scopes.some((scope) => scope.actions.includes('metadata/read'));
    case 'anonymous':
      return control.anonymousPullEnabled();
  }
}

/** Scope-map repository names: exact, or a prefix pattern ending in `*` (e.g. `samples/*`). */
export function repositoryMatches(pattern: string, repository: string): boolean {
  return pattern.endsWith('*') ? repository.startsWith(pattern.slice(0, -1)) : pattern === repository;
}

function sameSecret(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

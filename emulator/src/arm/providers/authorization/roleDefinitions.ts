/**
 * Microsoft.Authorization role definitions at any scope: the built-in roles plus custom roles created
 * with PUT. Also the RoleLookup the RBAC check and the data planes use.
 */
import { ArmError } from '../../errors.js';
import type { ArmRequest, ArmRoute } from '../../provider.js';
import type { ResourceStore, StoredResource } from '../../store.js';
import { ROLE_DEFINITION_TYPE, type RoleLookup, type RolePermissions } from '../../rbac.js';
import { BUILT_IN_ROLES, findBuiltInRole, roleGuidOf, type BuiltInRole } from './builtinRoles.js';

const BASE = '{*scope}/providers/Microsoft.Authorization/roleDefinitions';

export function roleLookup(store: ResourceStore): RoleLookup {
  return (roleDefinitionId) => {
    const guid = roleGuidOf(roleDefinitionId);
    const builtIn = findBuiltInRole(guid);
    if (builtIn) return [builtIn.permissions];
    const custom = findCustomRole(store, guid);
    return custom ? ((custom.body.properties as { permissions?: RolePermissions[] }).permissions ?? []) : undefined;
  };
}

export function roleDefinitionExists(store: ResourceStore, roleDefinitionId: string): boolean {
  const guid = roleGuidOf(roleDefinitionId);
  return findBuiltInRole(guid) !== undefined || findCustomRole(store, guid) !== undefined;
}

export function roleDefinitionRoutes(): ArmRoute[] {
  return [
    {
      method: 'GET',
      path: `${BASE}/{roleDefinitionId}`,
      resourceType: 'roleDefinitions',
      handle: (req, ctx) => {
        const guid = roleGuidOf(req.params.roleDefinitionId ?? '');
        const builtIn = findBuiltInRole(guid);
        if (builtIn) return { status: 200, body: builtInBody(builtIn, scopeOf(req)) };
        const custom = findCustomRole(ctx.store, guid);
        if (!custom)
          throw new ArmError(
            404,
            'RoleDefinitionDoesNotExist',
            `The specified role definition with ID '${guid}' does not exist.`,
          );
        return { status: 200, body: custom.body };
      },
    },
    {
      method: 'GET',
      path: BASE,
      resourceType: 'roleDefinitions',
      handle: (req, ctx) => {
        const all = [
          ...BUILT_IN_ROLES.map((r) => builtInBody(r, scopeOf(req))),
          ...ctx.store.list({ type: ROLE_DEFINITION_TYPE }).map((r) => r.body),
        ];
        return { status: 200, body: ctx.page(all.filter(roleFilter(req.query.get('$filter'))), req) };
      },
    },
    {
      method: 'PUT',
      path: `${BASE}/{roleDefinitionId}`,
      resourceType: 'roleDefinitions',
      lockExempt: true,
      handle: (req, ctx) => {
        const guid = roleGuidOf(req.params.roleDefinitionId ?? '');
        if (findBuiltInRole(guid))
          throw new ArmError(400, 'RoleDefinitionUpdateNotPermitted', 'Built-in role definitions cannot be modified.');
        const props = ((req.body ?? {}) as { properties?: Record<string, unknown> }).properties ?? {};
        if (typeof props.roleName !== 'string')
          throw new ArmError(400, 'InvalidRoleDefinition', 'The role definition must have a roleName.');
        const id = `${scopeOf(req)}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
        const existed = findCustomRole(ctx.store, guid) !== undefined;
        const now = new Date().toISOString();
        const body = {
          properties: {
            ...props,
            type: 'CustomRole',
            assignableScopes: props.assignableScopes ?? [scopeOf(req)],
            createdOn: now,
            updatedOn: now,
            createdBy: req.principal.objectId,
            updatedBy: req.principal.objectId,
          },
          id,
          type: ROLE_DEFINITION_TYPE,
          name: guid,
        };
        ctx.store.put(id, ROLE_DEFINITION_TYPE, body);
        return { status: existed ? 200 : 201, body };
      },
    },
    {
      method: 'DELETE',
      path: `${BASE}/{roleDefinitionId}`,
      resourceType: 'roleDefinitions',
      lockExempt: true,
      handle: (req, ctx) => {
        const custom = findCustomRole(ctx.store, roleGuidOf(req.params.roleDefinitionId ?? ''));
        if (!custom) return { status: 204 };
        ctx.store.deleteTree(custom.id);
        return { status: 200, body: custom.body };
      },
    },
  ];
}

function scopeOf(req: ArmRequest): string {
  const scope = req.params.scope ?? '/';
  return scope === '/' ? '' : scope;
}

function findCustomRole(store: ResourceStore, guid: string): StoredResource | undefined {
  return store.list({ type: ROLE_DEFINITION_TYPE }).find((r) => String(r.body.name).toLowerCase() === guid);
}

/** A built-in role as ARM returns it when asked at `scope` (its id carries the scope's subscription). */
export function builtInBody(role: BuiltInRole, scope: string): Record<string, unknown> {
  const subscription = /^\/subscriptions\/[^/]+/i.exec(scope)?.[0] ?? '';
  return {
    properties: {
      roleName: role.roleName,
      type: 'BuiltInRole',
      description: role.description,
      assignableScopes: ['/'],
      permissions: [role.permissions],
      createdOn: role.createdOn,
      updatedOn: role.updatedOn,
      createdBy: null,
      updatedBy: null,
    },
    id: `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${role.id}`,
    type: ROLE_DEFINITION_TYPE,
    name: role.id,
  };
}

/** ARM's role definition filters: roleName eq '…' and type eq 'BuiltInRole' | 'CustomRole'. */
function roleFilter(filter: string | null): (body: Record<string, unknown>) => boolean {
  if (!filter) return () => true;
  const roleName = /roleName eq '([^']*)'/i.exec(filter)?.[1];
  const type = /type eq '([^']*)'/i.exec(filter)?.[1];
  if (roleName === undefined && type === undefined)
    throw new ArmError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}' specified in the query string.`);
  return (body) => {
    const props = body.properties as { roleName?: string; type?: string };
    return (
      (roleName === undefined || props.roleName?.toLowerCase() === roleName.toLowerCase()) &&
      (type === undefined || props.type === type)
    );
  };
}

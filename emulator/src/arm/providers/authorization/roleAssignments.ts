/**
 * Microsoft.Authorization role assignments at any scope: create (GUID names; 409 RoleAssignmentExists
 * for the same principal, role and scope under another name), get, delete, and list with ARM's
 * filters atScope(), principalId eq '…' and assignedTo('…').
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { isAtOrAbove, normalize, parseResourceId } from '../../resourceId.js';
import { ROLE_ASSIGNMENT_TYPE } from '../../rbac.js';
import type { StoredResource } from '../../store.js';
import { roleDefinitionExists } from './roleDefinitions.js';
import { roleGuidOf } from './builtinRoles.js';

const BASE = '{*scope}/providers/Microsoft.Authorization/roleAssignments';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface AssignmentProperties {
  roleDefinitionId?: string;
  principalId?: string;
  principalType?: string;
  description?: string | null;
  condition?: string | null;
  conditionVersion?: string | null;
}

export function roleAssignmentRoutes(): ArmRoute[] {
  return [
    {
      method: 'PUT',
      path: `${BASE}/{roleAssignmentName}`,
      resourceType: 'roleAssignments',
      lockExempt: true,
      handle: create,
    },
    {
      method: 'GET',
      path: `${BASE}/{roleAssignmentName}`,
      resourceType: 'roleAssignments',
      handle: (req, ctx) => {
        const found = ctx.store.get(assignmentId(req));
        if (!found)
          throw new ArmError(
            404,
            'RoleAssignmentNotFound',
            `The role assignment '${req.params.roleAssignmentName ?? ''}' is not found.`,
          );
        return { status: 200, body: found.body };
      },
    },
    {
      method: 'DELETE',
      path: `${BASE}/{roleAssignmentName}`,
      resourceType: 'roleAssignments',
      lockExempt: true,
      handle: (req, ctx) => {
        const found = ctx.store.get(assignmentId(req));
        if (!found) return { status: 204 };
        ctx.store.deleteTree(found.id);
        return { status: 200, body: found.body };
      },
    },
    { method: 'GET', path: BASE, resourceType: 'roleAssignments', handle: list },
  ];
}

function scopeOf(req: ArmRequest): string {
  const scope = req.params.scope ?? '/';
  return scope === '/' ? '/' : scope;
}

function assignmentId(req: ArmRequest): string {
  const scope = scopeOf(req);
  return `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${req.params.roleAssignmentName ?? ''}`;
}

function create(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const name = req.params.roleAssignmentName ?? '';
  if (!GUID.test(name))
    throw new ArmError(
      400,
      'InvalidRoleAssignmentId',
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    );
  const props = (((req.body ?? {}) as { properties?: AssignmentProperties }).properties ?? {}) as AssignmentProperties;
  if (!props.roleDefinitionId || !props.principalId) {
    throw new ArmError(
      400,
      'InvalidRoleAssignmentRequest',
      'The request must contain properties.roleDefinitionId and properties.principalId.',
    );
  }
  if (!roleDefinitionExists(ctx.store, props.roleDefinitionId)) {
    throw new ArmError(
      400,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${roleGuidOf(props.roleDefinitionId)}' does not exist.`,
    );
  }
  const scope = scopeOf(req);
  requireScopeExists(ctx, scope);
  const principal = ctx.directory.byObjectId(props.principalId);
  if (!principal && !props.principalType) {
    throw new ArmError(
      400,
      'PrincipalNotFound',
      `Principal ${props.principalId} does not exist in the directory ${ctx.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
    );
  }
  const id = assignmentId(req);
  const existing = ctx.store.get(id);
  const duplicate = assignmentsAt(ctx, scope).find(
    (a) => normalize(a.id) !== normalize(id) && samePrincipalAndRole(a, props),
  );
  if (duplicate) throw new ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
  if (existing) {
    if (samePrincipalAndRole(existing, props)) return { status: 200, body: existing.body };
    throw new ArmError(
      400,
      'RoleAssignmentUpdateNotPermitted',
      'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
    );
  }
  const subscription = /^\/subscriptions\/[^/]+/i.exec(scope)?.[0] ?? '';
  const now = new Date().toISOString();
  const body = {
    properties: {
      roleDefinitionId: `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${roleGuidOf(props.roleDefinitionId)}`,
      principalId: props.principalId,
      principalType: props.principalType ?? 'ServicePrincipal',
      scope,
      condition: props.condition ?? null,
      conditionVersion: props.conditionVersion ?? null,
      createdOn: now,
      updatedOn: now,
      createdBy: req.principal.objectId,
      updatedBy: req.principal.objectId,
      delegatedManagedIdentityResourceId: null,
      description: props.description ?? null,
    },
    id,
    type: ROLE_ASSIGNMENT_TYPE,
    name,
  };
  ctx.store.put(id, ROLE_ASSIGNMENT_TYPE, body);
  return { status: 201, body };
}

function list(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const scope = scopeOf(req);
  const filter = req.query.get('$filter') ?? '';
  const atScope = /atScope\(\)/i.test(filter);
  const principal = /principalId\s+eq\s+'([^']+)'/i.exec(filter)?.[1] ?? /assignedTo\('([^']+)'\)/i.exec(filter)?.[1];
  if (filter && !atScope && principal === undefined) {
    throw new ArmError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}' specified in the query string.`);
  }
  const items = ctx.store
    .list({ type: ROLE_ASSIGNMENT_TYPE })
    .filter((a) => {
      const assignmentScope = propertiesOf(a).scope ?? '/';
      const above = isAtOrAbove(assignmentScope, scope);
      return atScope ? above : above || isAtOrAbove(scope, assignmentScope);
    })
    .filter((a) => principal === undefined || propertiesOf(a).principalId?.toLowerCase() === principal.toLowerCase())
    .map((a) => a.body);
  return { status: 200, body: ctx.page(items, req) };
}

function assignmentsAt(ctx: ArmContext, scope: string): StoredResource[] {
  return ctx.store
    .list({ type: ROLE_ASSIGNMENT_TYPE })
    .filter((a) => normalize(propertiesOf(a).scope ?? '/') === normalize(scope));
}

function samePrincipalAndRole(assignment: StoredResource, props: AssignmentProperties): boolean {
  const existing = propertiesOf(assignment);
  return (
    existing.principalId?.toLowerCase() === props.principalId?.toLowerCase() &&
    roleGuidOf(existing.roleDefinitionId ?? '') === roleGuidOf(props.roleDefinitionId ?? '')
  );
}

function propertiesOf(resource: StoredResource): AssignmentProperties & { scope?: string } {
  return (resource.body.properties ?? {}) as AssignmentProperties & { scope?: string };
}

/** Role assignments need an existing scope: subscription, resource group, or resource. */
export function requireScopeExists(ctx: ArmContext, scope: string): void {
  const parsed = parseResourceId(scope);
  if (!parsed.subscriptionId) return;
  if (!parsed.resourceGroup) return ctx.requireSubscription(parsed.subscriptionId);
  const group = ctx.requireResourceGroup(parsed.subscriptionId, parsed.resourceGroup);
  if (parsed.namespace && !ctx.store.get(scope)) {
    throw new ArmError(
      404,
      'ResourceNotFound',
      `The Resource '${parsed.namespace}/${parsed.resourceType ?? ''}/${parsed.name ?? ''}' under resource group '${String(group.body.name)}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }
}

/**
 * Microsoft.Resources resource groups: create/update (PUT, PATCH), get, existence check (HEAD), list
 * with $filter on tags, and delete as a long-running operation that removes everything inside.
 */
import { ArmError, invalidRequestContent, resourceGroupNotFound } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { findRegion, REGIONS } from '../../catalog/locations.js';
import { resourceGroupId } from '../../resourceId.js';
import { RESOURCE_GROUP_TYPE } from '../../service.js';
import type { StoredResource } from '../../store.js';

const GROUP = '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}';
const NAME_PATTERN = /^[-\w._()]{1,90}$/;

export function resourceGroupRoutes(): ArmRoute[] {
  const action = (verb: string) => `Microsoft.Resources/subscriptions/resourceGroups/${verb}`;
  return [
    { method: 'PUT', path: GROUP, resourceType: 'resourceGroups', action: action('write'), handle: createOrUpdate },
    { method: 'PATCH', path: GROUP, resourceType: 'resourceGroups', action: action('write'), handle: patch },
    {
      method: 'GET',
      path: GROUP,
      resourceType: 'resourceGroups',
      action: action('read'),
      handle: (req, ctx) => ({ status: 200, body: requireGroup(req, ctx).body }),
    },
    {
      method: 'HEAD',
      path: GROUP,
      resourceType: 'resourceGroups',
      action: action('read'),
      handle: (req, ctx) => ({ status: ctx.store.get(groupId(req)) ? 204 : 404 }),
    },
    { method: 'DELETE', path: GROUP, resourceType: 'resourceGroups', action: action('delete'), handle: remove },
    {
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/resourcegroups',
      resourceType: 'resourceGroups',
      action: action('read'),
      handle: (req, ctx) => {
        ctx.requireSubscription(req.params.subscriptionId ?? '');
        const groups = ctx.store
          .list({ type: RESOURCE_GROUP_TYPE, under: `/subscriptions/${req.params.subscriptionId ?? ''}` })
          .filter(tagFilter(req.query.get('$filter')))
          .map((g) => g.body);
        return { status: 200, body: ctx.page(groups, req) };
      },
    },
  ];
}

function groupId(req: ArmRequest): string {
  return resourceGroupId(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
}

function requireGroup(req: ArmRequest, ctx: ArmContext): StoredResource {
  return ctx.requireResourceGroup(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
}

function createOrUpdate(req: ArmRequest, ctx: ArmContext): ArmResponse {
  ctx.requireSubscription(req.params.subscriptionId ?? '');
  const name = req.params.resourceGroupName ?? '';
  if (!NAME_PATTERN.test(name) || name.endsWith('.')) {
    throw new ArmError(
      400,
      'InvalidResourceGroup',
      `The provided resource group name '${name}' has these invalid characters: '${name.replace(/[-\w._()]/g, '')}'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.`,
    );
  }
  const body = (req.body ?? {}) as { location?: unknown; tags?: unknown; managedBy?: unknown };
  if (typeof body.location !== 'string') throw invalidRequestContent("Required property 'location' not found in JSON");
  const region = findRegion(body.location);
  if (!region) {
    throw new ArmError(
      400,
      'LocationNotAvailableForResourceGroup',
      `The provided location '${body.location}' is not available for resource group. List of available regions is '${REGIONS.map((r) => r.name).join(',')}'.`,
    );
  }
  const existing = ctx.store.get(groupId(req));
  if (existing && existing.body.location !== region.name) {
    throw new ArmError(
      409,
      'InvalidResourceGroupLocation',
      `Invalid resource group location '${body.location}'. The Resource group already exists in location '${String(existing.body.location)}'.`,
    );
  }
  const id = existing?.id ?? groupId(req);
  const stored = ctx.store.put(id, RESOURCE_GROUP_TYPE, groupBody(id, region.name, body.tags, body.managedBy));
  return { status: existing ? 200 : 201, body: stored.body };
}

function patch(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const group = requireGroup(req, ctx);
  const body = (req.body ?? {}) as { tags?: unknown; managedBy?: unknown };
  const tags = body.tags ?? group.body.tags;
  const managedBy = body.managedBy ?? group.body.managedBy;
  const stored = ctx.store.put(
    group.id,
    RESOURCE_GROUP_TYPE,
    groupBody(group.id, String(group.body.location), tags, managedBy),
  );
  return { status: 200, body: stored.body };
}

function remove(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const group = ctx.store.get(groupId(req));
  if (!group) {
    ctx.requireSubscription(req.params.subscriptionId ?? '');
    throw resourceGroupNotFound(req.params.resourceGroupName ?? '');
  }
  ctx.store.update(group.id, (g) => {
    g.body = { ...g.body, properties: { provisioningState: 'Deleting' } };
  });
  return ctx.lro.start({
    req,
    namespace: 'Microsoft.Resources',
    location: String(group.body.location),
    initialStatus: 202,
    headers: 'location',
    subscriptionLevel: true,
    complete: () => {
      ctx.store.deleteTree(group.id);
    },
    onFailure: () =>
      ctx.store.update(group.id, (g) => {
        g.body = { ...g.body, properties: { provisioningState: 'Succeeded' } };
      }),
  });
}

function groupBody(id: string, location: string, tags: unknown, managedBy: unknown): Record<string, unknown> {
  const name = id.split('/').pop() ?? '';
  return {
    id,
    name,
    type: RESOURCE_GROUP_TYPE,
    location,
    ...(tags && typeof tags === 'object' ? { tags } : {}),
    ...(typeof managedBy === 'string' ? { managedBy } : {}),
    properties: { provisioningState: 'Succeeded' },
  };
}

/** Supports ARM's `tagName eq 'x'` and `tagName eq 'x' and tagValue eq 'y'` filters. */
function tagFilter(filter: string | null): (group: StoredResource) => boolean {
  if (!filter) return () => true;
  const name = /tagName eq '([^']*)'/i.exec(filter)?.[1];
  const value = /tagValue eq '([^']*)'/i.exec(filter)?.[1];
  if (name === undefined)
    throw new ArmError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}' specified in the query string.`);
  return (group) => {
    const tags = (group.body.tags ?? {}) as Record<string, string>;
    const key = Object.keys(tags).find((k) => k.toLowerCase() === name.toLowerCase());
    return key !== undefined && (value === undefined || tags[key] === value);
  };
}

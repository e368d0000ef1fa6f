/**
 * Microsoft.Resources generic resource lists: GET /subscriptions/{s}/resources and
 * GET /subscriptions/{s}/resourceGroups/{rg}/resources, with the common $filter forms
 * (resourceType eq, name eq, location eq, tagName/tagValue) joined by `and`.
 */
import { ArmError } from '../../errors.js';
import type { ArmRequest, ArmRoute } from '../../provider.js';
import type { StoredResource } from '../../store.js';

const READ = 'Microsoft.Resources/subscriptions/resources/read';

export function genericResourceRoutes(): ArmRoute[] {
  return [
    {
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/resources',
      resourceType: 'resources',
      action: READ,
      handle: (req, ctx) => {
        ctx.requireSubscription(req.params.subscriptionId ?? '');
        const items = trackedResources(
          ctx.store.list({ under: `/subscriptions/${req.params.subscriptionId ?? ''}` }),
          req,
        );
        return { status: 200, body: ctx.page(items, req) };
      },
    },
    {
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/resources',
      resourceType: 'resources',
      action: 'Microsoft.Resources/subscriptions/resourceGroups/resources/read',
      handle: (req, ctx) => {
        const group = ctx.requireResourceGroup(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
        const items = trackedResources(ctx.store.list({ under: group.id }), req);
        return { status: 200, body: ctx.page(items, req) };
      },
    },
  ];
}

/** Resources that live in a region (not groups, locks or role assignments), as generic resources. */
function trackedResources(all: StoredResource[], req: ArmRequest): Record<string, unknown>[] {
  const matches = parseFilter(req.query.get('$filter'));
  return all
    .filter((r) => typeof r.body.location === 'string' && !/^Microsoft\.(Resources|Authorization)\//i.test(r.type))
    .filter(matches)
    .map((r) => genericView(r, req.query.get('$expand')));
}

function genericView(resource: StoredResource, expand: string | null): Record<string, unknown> {
  const { id, name, type, location, tags, sku, kind, identity, managedBy, systemData } = resource.body;
  const view: Record<string, unknown> = { id, name, type, location };
  for (const [key, value] of Object.entries({ tags, sku, kind, identity, managedBy }))
    if (value !== undefined) view[key] = value;
  if (expand?.includes('createdTime')) view.createdTime = (systemData as { createdAt?: string } | undefined)?.createdAt;
  return view;
}

function parseFilter(filter: string | null): (resource: StoredResource) => boolean {
  if (!filter) return () => true;
  const clauses = filter.split(/\s+and\s+/i).map((clause) => {
    const match = /^\s*(resourceType|name|location|tagName|tagValue)\s+eq\s+'([^']*)'\s*$/i.exec(clause);
    if (!match?.[1])
      throw new ArmError(
        400,
        'InvalidFilterInQueryString',
        `Invalid $filter '${filter}' specified in the query string.`,
      );
    return { field: match[1].toLowerCase(), value: match[2] ?? '' };
  });
  const tagName = clauses.find((c) => c.field === 'tagname')?.value;
  return (resource) =>
    clauses.every(({ field, value }) => {
      const body = resource.body as Record<string, unknown>;
      switch (field) {
        case 'resourcetype':
          return resource.type.toLowerCase() === value.toLowerCase();
        case 'name':
          return String(body.name).toLowerCase() === value.toLowerCase();
        case 'location':
          return String(body.location).toLowerCase() === value.toLowerCase();
        case 'tagname':
          return Object.keys((body.tags ?? {}) as object).some((k) => k.toLowerCase() === value.toLowerCase());
        default: {
          const tags = (body.tags ?? {}) as Record<string, string>;
          const key = Object.keys(tags).find((k) => k.toLowerCase() === (tagName ?? '').toLowerCase());
          return key !== undefined && tags[key] === value;
        }
      }
    });
}

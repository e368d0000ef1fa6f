/**
 * Microsoft.ContainerRegistry/registries/replications. As in ACR, a Premium registry always has the
 * replication of its home region (named after the region, e.g. `westeurope`), created with the
 * registry; PUT on it with the same location changes nothing but tags and settings, and it cannot be
 * deleted. Another replication in the home region is refused, with the wording of
 * `az acr replication create` (azure-cli acr/replication.py). Status goes Provisioning → Ready, with
 * the texts of ReplicationCreate.json.
 */
import { ArmError } from '../../errors.js';
import { findRegion } from '../../catalog/locations.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import { requireRegistry } from './registries.js';
import {
  asObject,
  childBody,
  childId,
  childName,
  childType,
  collectionPath,
  itemPath,
  listChildren,
  propertiesOf,
  requireChild,
  resourceTypeOf,
  startChildDelete,
  startChildWrite,
  validateChildName,
  type Body,
  type ChildKind,
} from './children.js';

export const REPLICATIONS: ChildKind = {
  segment: 'replications',
  param: 'replicationName',
  namePattern: /^[a-zA-Z0-9]*$/,
};
const TYPE = resourceTypeOf(REPLICATIONS);

export function replicationRoutes(): ArmRoute[] {
  return [
    { method: 'PUT', path: itemPath(REPLICATIONS), resourceType: TYPE, handle: create },
    { method: 'PATCH', path: itemPath(REPLICATIONS), resourceType: TYPE, handle: update },
    {
      method: 'GET',
      path: itemPath(REPLICATIONS),
      resourceType: TYPE,
      handle: (req, ctx) => {
        ensureHomeReplication(ctx, requireRegistry(req, ctx));
        return { status: 200, body: requireChild(req, ctx, REPLICATIONS).child.body };
      },
    },
    { method: 'DELETE', path: itemPath(REPLICATIONS), resourceType: TYPE, handle: remove },
    {
      method: 'GET',
      path: collectionPath(REPLICATIONS),
      resourceType: TYPE,
      handle: (req, ctx) => {
        ensureHomeReplication(ctx, requireRegistry(req, ctx));
        return listChildren(req, ctx, REPLICATIONS);
      },
    },
  ];
}

function status(ready: boolean, now = new Date()): Body {
  return ready
    ? { displayStatus: 'Ready', message: 'The replication is ready.', timestamp: now.toISOString() }
    : { displayStatus: 'Provisioning', message: 'The replication is provisioning.', timestamp: now.toISOString() };
}

/** The home-region replication of a Premium registry, stored on first use (it lists first). */
export function ensureHomeReplication(ctx: ArmContext, registry: StoredResource): void {
  if ((registry.body.sku as { name?: string } | undefined)?.name !== 'Premium') return;
  const location = String(registry.body.location);
  const id = childId(registry, REPLICATIONS, location);
  if (ctx.store.get(id)) return;
  const properties = {
    provisioningState: 'Succeeded',
    status: status(true),
    regionEndpointEnabled: true,
    zoneRedundancy: (registry.body.properties as { zoneRedundancy?: string }).zoneRedundancy ?? 'Disabled',
  };
  ctx.store.put(
    id,
    childType(REPLICATIONS),
    childBody(registry, REPLICATIONS, location, properties, { location, tags: {} }),
    { home: true },
  );
}

function create(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const registry = requireRegistry(req, ctx);
  const name = childName(req, REPLICATIONS);
  validateChildName(REPLICATIONS, name);
  ensureHomeReplication(ctx, registry);
  const input = asObject(req.body);
  const location = requireReplicationLocation(input.location);
  const id = childId(registry, REPLICATIONS, name);
  const existing = ctx.store.get(id);
  if (existing && existing.body.location !== location) {
    throw new ArmError(
      400,
      'InvalidResourceLocation',
      `The resource '${name}' already exists in location '${String(existing.body.location)}' in resource group '${req.params.resourceGroupName ?? ''}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
    );
  }
  if (!existing) refuseTakenLocation(ctx, registry, location);
  const props = asObject(input.properties);
  const previous = existing ? propertiesOf(existing) : {};
  const properties: Body = {
    status: status(false),
    regionEndpointEnabled:
      typeof props.regionEndpointEnabled === 'boolean'
        ? props.regionEndpointEnabled
        : (previous.regionEndpointEnabled ?? true),
    zoneRedundancy:
      props.zoneRedundancy === 'Enabled' || props.zoneRedundancy === 'Disabled'
        ? props.zoneRedundancy
        : (previous.zoneRedundancy ?? 'Disabled'),
  };
  const extra: Body = { location, ...(input.tags !== undefined ? { tags: input.tags } : {}) };
  return startChildWrite({
    req,
    ctx,
    kind: REPLICATIONS,
    registry,
    id,
    body: childBody(registry, REPLICATIONS, name, properties, extra),
    status: existing ? 200 : 201,
    transitional: existing ? 'Updating' : 'Creating',
    onSucceeded: (p) => ({ ...p, status: status(true) }),
  });
}

function update(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const { registry, child } = requireChild(req, ctx, REPLICATIONS);
  const input = asObject(req.body);
  const props = asObject(input.properties);
  const body: Body = structuredClone(child.body);
  if (input.tags !== undefined) body.tags = input.tags;
  const properties: Body = { ...propertiesOf(child), status: status(false) };
  if (typeof props.regionEndpointEnabled === 'boolean') properties.regionEndpointEnabled = props.regionEndpointEnabled;
  body.properties = properties;
  return startChildWrite({
    req,
    ctx,
    kind: REPLICATIONS,
    registry,
    id: child.id,
    body,
    status: 201,
    transitional: 'Updating',
    onSucceeded: (p) => ({ ...p, status: status(true) }),
  });
}

function remove(req: ArmRequest, ctx: ArmContext): ArmResponse {
  return startChildDelete(req, ctx, REPLICATIONS, (child) => {
    if (child.internal.home === true) {
      throw new ArmError(
        400,
        'BadRequest',
        `The replication '${String(child.body.name)}' is the home region replication of the registry and cannot be deleted.`,
      );
    }
  });
}

function requireReplicationLocation(value: unknown): string {
  if (typeof value !== 'string')
    throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
  const region = findRegion(value);
  if (!region)
    throw new ArmError(
      400,
      'LocationNotAvailableForResourceType',
      `The provided location '${value}' is not available for resource type '${childType(REPLICATIONS)}'.`,
    );
  return region.name;
}

/** One replication per region: the home region has its own, other regions at most one each. */
function refuseTakenLocation(ctx: ArmContext, registry: StoredResource, location: string): void {
  if (location === registry.body.location) {
    throw new ArmError(400, 'BadRequest', 'Replication could not be created in the same location as the registry.');
  }
  const taken = ctx.store
    .list({ type: childType(REPLICATIONS), under: registry.id })
    .find((r) => r.body.location === location);
  if (taken) {
    throw new ArmError(
      409,
      'Conflict',
      `The registry '${String(registry.body.name)}' already has the replication '${String(taken.body.name)}' in location '${location}'.`,
    );
  }
}

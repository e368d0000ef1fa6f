/**
 * Microsoft.ContainerRegistry/registries/replications. As in ACR, a Premium registry always has the
 * replication of its home region (named after the region, e.g. `westeurope`), created with the
 * registry; PUT on it with the same location changes nothing but tags and settings, and it cannot be
 * deleted. Another replication in the home region is refused, with the wording of
 * `az acr replication create` (azure-cli acr/replication.py). Status goes Provisioning → Ready, with
 * the texts of ReplicationCreate.json.
 */
import { ArmError } from '../../errors.js';
import { requireLocation } from '../tracked/resource.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import {
  childBody,
  childId,
  childRoutes,
  childType,
  preparing,
  propertiesOf,
  startChildDelete,
  type Body,
  type ChildKind,
} from './children.js';
import { childPatch, childPut, keepLocation, startPatch, startPut } from './childWrites.js';

export const REPLICATIONS: ChildKind = {
  segment: 'replications',
  param: 'replicationName',
  namePattern: /^[a-zA-Z0-9]*$/,
};

export function replicationRoutes(): ArmRoute[] {
  // Reads show the home replication even before anything else touched it; a DELETE does not store it.
  return preparing(
    childRoutes(REPLICATIONS, { create, update, remove }),
    ensureHomeReplication,
    (route) => route.method === 'GET',
  );
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
  const put = childPut(req, ctx, REPLICATIONS, (registry) => ensureHomeReplication(ctx, registry));
  const { registry, existing, input, props } = put;
  const location = requireReplicationLocation(input.location);
  keepLocation(put, location);
  if (!existing) refuseTakenLocation(ctx, registry, location);
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
  return startPut(put, {
    properties,
    extra: { location, ...(input.tags !== undefined ? { tags: input.tags } : {}) },
    onSucceeded: (p) => ({ ...p, status: status(true) }),
  });
}

function update(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const patch = childPatch(req, ctx, REPLICATIONS);
  const { child, input, props } = patch;
  const body: Body = structuredClone(child.body);
  if (input.tags !== undefined) body.tags = input.tags;
  const properties: Body = { ...propertiesOf(child), status: status(false) };
  if (typeof props.regionEndpointEnabled === 'boolean') properties.regionEndpointEnabled = props.regionEndpointEnabled;
  body.properties = properties;
  return startPatch(patch, { body, onSucceeded: (p) => ({ ...p, status: status(true) }) });
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
  return requireLocation(value, childType(REPLICATIONS));
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

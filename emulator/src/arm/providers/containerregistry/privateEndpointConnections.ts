/**
 * Microsoft.ContainerRegistry/registries/privateEndpointConnections. In Azure a connection appears
 * when someone creates a private endpoint (Microsoft.Network) for the registry; the registry owner
 * then approves or rejects it with PUT. The emulator has no network provider, so a PUT on an unknown
 * name creates the connection (Pending unless the body says otherwise, with the private endpoint id
 * given or one derived from the name); addPrivateEndpointConnection() does the same for seeding.
 * The registry's `privateEndpointConnections` property always mirrors its connections.
 */
import { ArmError } from '../../errors.js';
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
  type Body,
  type ChildKind,
} from './children.js';

export const PRIVATE_ENDPOINT_CONNECTIONS: ChildKind = {
  segment: 'privateEndpointConnections',
  param: 'privateEndpointConnectionName',
};
const KIND = PRIVATE_ENDPOINT_CONNECTIONS;
const TYPE = resourceTypeOf(KIND);
const STATUSES = ['Approved', 'Pending', 'Rejected', 'Disconnected'];

export function privateEndpointConnectionRoutes(): ArmRoute[] {
  return [
    { method: 'PUT', path: itemPath(KIND), resourceType: TYPE, handle: createOrUpdate },
    {
      method: 'GET',
      path: itemPath(KIND),
      resourceType: TYPE,
      handle: (req, ctx) => ({ status: 200, body: requireChild(req, ctx, KIND).child.body }),
    },
    {
      method: 'DELETE',
      path: itemPath(KIND),
      resourceType: TYPE,
      handle: (req, ctx) => {
        const registry = requireRegistry(req, ctx);
        return startChildDelete(req, ctx, KIND, undefined, () => mirrorIntoRegistry(ctx, registry.id));
      },
    },
    {
      method: 'GET',
      path: collectionPath(KIND),
      resourceType: TYPE,
      handle: (req, ctx) => listChildren(req, ctx, KIND),
    },
  ];
}

/** Adds a connection as a private endpoint's creation would (Pending unless `status` says otherwise). */
export function addPrivateEndpointConnection(
  ctx: ArmContext,
  registry: StoredResource,
  name: string,
  privateEndpointId: string,
  status = 'Pending',
): StoredResource {
  const properties = {
    privateEndpoint: { id: privateEndpointId },
    privateLinkServiceConnectionState: connectionState({ status }),
    provisioningState: 'Succeeded',
  };
  const stored = ctx.store.put(
    childId(registry, KIND, name),
    childType(KIND),
    childBody(registry, KIND, name, properties),
  );
  mirrorIntoRegistry(ctx, registry.id);
  return stored;
}

function createOrUpdate(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const registry = requireRegistry(req, ctx);
  const name = childName(req, KIND);
  const id = childId(registry, KIND, name);
  const existing = ctx.store.get(id);
  const props = asObject(asObject(req.body).properties);
  const previous = existing ? propertiesOf(existing) : {};
  const endpoint =
    asObject(props.privateEndpoint).id ?? asObject(previous.privateEndpoint).id ?? derivedEndpointId(registry, name);
  const properties: Body = {
    privateEndpoint: { id: endpoint },
    privateLinkServiceConnectionState: connectionState(
      asObject(props.privateLinkServiceConnectionState),
      asObject(previous.privateLinkServiceConnectionState),
    ),
  };
  const response = startChildWrite({
    req,
    ctx,
    kind: KIND,
    registry,
    id,
    body: childBody(registry, KIND, name, properties),
    status: existing ? 200 : 201,
    transitional: existing ? 'Updating' : 'Creating',
    afterSettled: () => mirrorIntoRegistry(ctx, registry.id),
  });
  mirrorIntoRegistry(ctx, registry.id);
  return response;
}

function connectionState(requested: Body, previous: Body = {}): Body {
  const status = requested.status ?? previous.status ?? 'Pending';
  if (typeof status !== 'string' || !STATUSES.includes(status)) {
    throw new ArmError(
      400,
      'InvalidParameter',
      `The private link service connection status '${String(status)}' is invalid. Valid values are ${STATUSES.join(', ')}.`,
    );
  }
  return {
    status,
    description: typeof requested.description === 'string' ? requested.description : String(previous.description ?? ''),
    actionsRequired: requested.actionsRequired === 'Recreate' ? 'Recreate' : 'None',
  };
}

function derivedEndpointId(registry: StoredResource, name: string): string {
  const [, , subscription, , group] = registry.id.split('/');
  return `/subscriptions/${subscription ?? ''}/resourceGroups/${group ?? ''}/providers/Microsoft.Network/privateEndpoints/${name}`;
}

/** Copies the registry's connections into its `privateEndpointConnections` property. */
function mirrorIntoRegistry(ctx: ArmContext, registryId: string): void {
  const connections = ctx.store.list({ type: childType(KIND), under: registryId }).map((c) => structuredClone(c.body));
  ctx.store.update(registryId, (r) => {
    r.body = { ...r.body, properties: { ...asObject(r.body.properties), privateEndpointConnections: connections } };
  });
}

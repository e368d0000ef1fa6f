/**
 * Microsoft.ContainerRegistry/registries/privateEndpointConnections. In Azure a connection appears
 * when someone creates a private endpoint (Microsoft.Network) for the registry; the registry owner
 * then approves or rejects it with PUT. Here a private endpoint (network/privateLinks.ts) adds and
 * removes its connection with addPrivateEndpointConnection() / removePrivateEndpointConnection(); a
 * PUT on an unknown name also creates one (Pending unless the body says otherwise, with the private
 * endpoint id given or one derived from the name). The registry's `privateEndpointConnections`
 * property always mirrors its connections.
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import {
  asObject,
  childBody,
  childId,
  childRoutes,
  childType,
  propertiesOf,
  startChildDelete,
  type Body,
  type ChildKind,
} from './children.js';
import { childPut, startPut } from './childWrites.js';

export const PRIVATE_ENDPOINT_CONNECTIONS: ChildKind = {
  segment: 'privateEndpointConnections',
  param: 'privateEndpointConnectionName',
};
const KIND = PRIVATE_ENDPOINT_CONNECTIONS;
const STATUSES = ['Approved', 'Pending', 'Rejected', 'Disconnected'];

export function privateEndpointConnectionRoutes(): ArmRoute[] {
  return childRoutes(KIND, {
    create: createOrUpdate,
    remove: (req, ctx) =>
      startChildDelete(req, ctx, KIND, undefined, (registry) => mirrorIntoRegistry(ctx, registry.id)),
  });
}

/**
 * Adds a connection as a private endpoint's creation would (Pending unless `status` says otherwise,
 * with the description its requester or approver gave).
 */
export function addPrivateEndpointConnection(
  ctx: ArmContext,
  registry: StoredResource,
  name: string,
  privateEndpointId: string,
  status = 'Pending',
  description?: string,
): StoredResource {
  const properties = {
    privateEndpoint: { id: privateEndpointId },
    privateLinkServiceConnectionState: connectionState({ status, description }),
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

/** Removes a connection as its private endpoint's deletion would (nothing when it is gone already). */
export function removePrivateEndpointConnection(ctx: ArmContext, connectionId: string): void {
  const removed = ctx.store.deleteTree(connectionId);
  if (removed.length > 0) mirrorIntoRegistry(ctx, connectionId.split('/').slice(0, -2).join('/'));
}

function createOrUpdate(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const put = childPut(req, ctx, KIND);
  const { registry, name, existing, props } = put;
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
  const response = startPut(put, { properties, afterSettled: () => mirrorIntoRegistry(ctx, registry.id) });
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

/**
 * Copies the registry's connections into its `privateEndpointConnections` property: after every
 * change to them, here or by a private endpoint (network/privateLinks.ts).
 */
export function mirrorIntoRegistry(ctx: ArmContext, registryId: string): void {
  const connections = ctx.store.list({ type: childType(KIND), under: registryId }).map((c) => structuredClone(c.body));
  ctx.store.update(registryId, (r) => {
    r.body = { ...r.body, properties: { ...asObject(r.body.properties), privateEndpointConnections: connections } };
  });
}

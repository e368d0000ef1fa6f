/**
 * Microsoft.Network/privateEndpoints as NRP serves them: PUT (201/200 + Azure-AsyncOperation), GET,
 * list by resource group and subscription, DELETE (202). The subnet must exist in the endpoint's
 * region (else 400 InvalidResourceReference); each private link service connection must target a
 * Premium registry's `registry` group (privateLinks.ts) and creates the matching connection on it.
 * The endpoint gets a NIC with an address per registry endpoint (networkInterfaces.ts) and reports
 * them as customDnsConfigs. Its connection states follow the registry's decisions: approved or
 * rejected there, or Disconnected once the registry side is gone. Deleting an endpoint (directly or
 * with its resource group) removes its NIC, its DNS records and the registry's connection (index.ts).
 */
import { randomUUID } from 'node:crypto';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import {
  bodyOf,
  groupOf,
  itemPath,
  objectOf,
  requireLocation,
  requireTracked,
  sameLocation,
  trackedId,
  validateName,
} from '../tracked/resource.js';
import {
  listOf,
  newEtag,
  NIC_TYPE,
  PRIVATE_ENDPOINT_TYPE,
  PRIVATE_ENDPOINTS,
  startDelete,
  startWrite,
  stringOf,
} from './model.js';
import { planEndpointNic } from './networkInterfaces.js';
import {
  connectionState,
  linkConnections,
  registryMembers,
  requestedConnections,
  resolveTarget,
  unlinkConnections,
  type LinkedConnection,
  type LinkMember,
} from './privateLinks.js';
import { refreshSubnetEndpoints, requireSubnetIn } from './subnets.js';

const NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_])?$/;
const AUTO = 'privateLinkServiceConnections';
const MANUAL = 'manualPrivateLinkServiceConnections';

export interface PrivateEndpointOptions {
  /** Whether ARM enforces RBAC right now (automatic approval needs the approval permission). */
  rbacEnabled: () => boolean;
}

interface EndpointInternal {
  /** Connection name → id of the connection it created on the registry. */
  links?: Record<string, string>;
  nicId?: string;
}

export function privateEndpointRoutes(options: PrivateEndpointOptions): ArmRoute[] {
  const list = (req: ArmRequest, ctx: ArmContext, under: string): ArmResponse => ({
    status: 200,
    body: ctx.page(
      ctx.store.list({ type: PRIVATE_ENDPOINT_TYPE, under }).map((pe) => current(ctx, pe).body),
      req,
    ),
  });
  return [
    {
      method: 'PUT',
      path: itemPath(PRIVATE_ENDPOINTS),
      resourceType: 'privateEndpoints',
      handle: (req, ctx) => createOrUpdate(req, ctx, options),
    },
    {
      method: 'GET',
      path: itemPath(PRIVATE_ENDPOINTS),
      resourceType: 'privateEndpoints',
      handle: (req, ctx) => ({ status: 200, body: current(ctx, requireTracked(req, ctx, PRIVATE_ENDPOINTS)).body }),
    },
    {
      method: 'DELETE',
      path: itemPath(PRIVATE_ENDPOINTS),
      resourceType: 'privateEndpoints',
      handle: (req, ctx) => {
        groupOf(req, ctx);
        const existing = ctx.store.get(trackedId(req, PRIVATE_ENDPOINTS));
        return startDelete(req, ctx, trackedId(req, PRIVATE_ENDPOINTS), String(existing?.body.location ?? ''));
      },
    },
    {
      method: 'GET',
      path: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${PRIVATE_ENDPOINTS.namespace}/privateEndpoints`,
      resourceType: 'privateEndpoints',
      handle: (req, ctx) => list(req, ctx, groupOf(req, ctx).id),
    },
    {
      method: 'GET',
      path: `/subscriptions/{subscriptionId}/providers/${PRIVATE_ENDPOINTS.namespace}/privateEndpoints`,
      resourceType: 'privateEndpoints',
      handle: (req, ctx) => {
        ctx.requireSubscription(req.params.subscriptionId ?? '');
        return list(req, ctx, `/subscriptions/${req.params.subscriptionId ?? ''}`);
      },
    },
  ];
}

function createOrUpdate(req: ArmRequest, ctx: ArmContext, options: PrivateEndpointOptions): ArmResponse {
  const name = req.params.privateEndpointName ?? '';
  validateName(
    name,
    NAME,
    PRIVATE_ENDPOINT_TYPE,
    'The name must be 1 to 80 characters, begin with a letter or number, end with a letter, number or underscore, and may contain only letters, numbers, underscores, periods, or hyphens.',
  );
  groupOf(req, ctx);
  const input = bodyOf(req);
  const location = requireLocation(input.location, PRIVATE_ENDPOINT_TYPE);
  const existing = ctx.store.get(trackedId(req, PRIVATE_ENDPOINTS));
  sameLocation(existing, location);
  const id = existing?.id ?? trackedId(req, PRIVATE_ENDPOINTS);
  const props = objectOf(input.properties);
  const subnet = requireSubnetIn(ctx, stringOf(objectOf(props.subnet).id) ?? '', id, location);
  const caller = { principal: req.principal, rbac: options.rbacEnabled() };
  const links = requestedConnections(props, name).map((c) => resolveTarget(ctx, id, c, caller));
  const nic = planEndpointNic(ctx, { id, name, location }, subnet, membersOf(ctx, links));
  // Every check has passed: from here on, write.
  const internal = (existing?.internal ?? {}) as EndpointInternal;
  const linkIds = linkConnections(ctx, { id, name }, links, internal.links ?? {});
  if (internal.nicId && internal.nicId.toLowerCase() !== nic.id.toLowerCase()) ctx.store.deleteTree(internal.nicId);
  ctx.store.put(nic.id, NIC_TYPE, nic.body);
  const previousSubnet = String(objectOf(objectOf(existing?.body.properties).subnet).id ?? '');
  const entries = (manual: boolean) =>
    links
      .filter((link) => link.request.manual === manual)
      .map((link) => connectionEntry(ctx, id, link, linkIds[link.request.name]));
  const body: Record<string, unknown> = {
    id,
    name,
    type: PRIVATE_ENDPOINT_TYPE,
    location,
    etag: newEtag(),
    ...(input.tags ? { tags: input.tags } : {}),
    properties: {
      resourceGuid: objectOf(existing?.body.properties).resourceGuid ?? randomUUID(),
      subnet: { id: subnet.id },
      [AUTO]: entries(false),
      [MANUAL]: entries(true),
      networkInterfaces: [{ id: nic.id }],
      customDnsConfigs: nic.dns,
      applicationSecurityGroups: listOf(props.applicationSecurityGroups),
      ipConfigurations: listOf(props.ipConfigurations),
      ...(stringOf(props.customNetworkInterfaceName)
        ? { customNetworkInterfaceName: props.customNetworkInterfaceName }
        : {}),
    },
  };
  const response = startWrite({
    req,
    ctx,
    id,
    type: PRIVATE_ENDPOINT_TYPE,
    body,
    created: !existing,
    location,
    internal: { links: linkIds, nicId: nic.id } satisfies EndpointInternal,
  });
  refreshSubnetEndpoints(ctx, subnet.id);
  if (previousSubnet && previousSubnet.toLowerCase() !== subnet.id.toLowerCase())
    refreshSubnetEndpoints(ctx, previousSubnet);
  return response;
}

/** The addresses every linked registry needs, each member once. */
function membersOf(ctx: ArmContext, links: readonly LinkedConnection[]): LinkMember[] {
  const members = new Map<string, LinkMember>();
  for (const link of links) for (const member of registryMembers(ctx, link.registry)) members.set(member.fqdn, member);
  return [...members.values()];
}

function connectionEntry(
  ctx: ArmContext,
  endpointId: string,
  link: LinkedConnection,
  registryConnectionId: string | undefined,
): Record<string, unknown> {
  const { request } = link;
  const collection = request.manual ? MANUAL : AUTO;
  return {
    name: request.name,
    id: `${endpointId}/${collection}/${request.name}`,
    etag: newEtag(),
    type: `${PRIVATE_ENDPOINT_TYPE}/${collection}`,
    properties: {
      provisioningState: 'Succeeded',
      privateLinkServiceId: link.registry.id,
      groupIds: request.groupIds,
      ...(request.requestMessage ? { requestMessage: request.requestMessage } : {}),
      privateLinkServiceConnectionState: connectionState(ctx, registryConnectionId, {}),
    },
  };
}

/** The endpoint with its connection states as the registry sees them now (stored when they changed). */
function current(ctx: ArmContext, endpoint: StoredResource): StoredResource {
  const links = (endpoint.internal as EndpointInternal).links ?? {};
  const props = objectOf(endpoint.body.properties);
  const refresh = (entries: unknown) =>
    listOf(entries).map((entry) => {
      const entryProps = objectOf(entry.properties);
      const state = connectionState(ctx, links[String(entry.name)], entryProps.privateLinkServiceConnectionState);
      return { ...entry, properties: { ...entryProps, privateLinkServiceConnectionState: state } };
    });
  const next = { ...props, [AUTO]: refresh(props[AUTO]), [MANUAL]: refresh(props[MANUAL]) };
  if (JSON.stringify(next) === JSON.stringify(props)) return endpoint;
  return ctx.store.update(endpoint.id, (r) => {
    r.body = { ...r.body, properties: next };
  }) as StoredResource;
}

/** What an endpoint leaves behind when it is deleted: its NIC, the registry's connections, its subnet's list. */
export function releaseEndpoint(ctx: ArmContext, endpoint: StoredResource): void {
  const internal = endpoint.internal as EndpointInternal;
  unlinkConnections(ctx, Object.values(internal.links ?? {}));
  if (internal.nicId) ctx.store.deleteTree(internal.nicId);
  const subnetId = String(objectOf(objectOf(endpoint.body.properties).subnet).id ?? '');
  if (subnetId) refreshSubnetEndpoints(ctx, subnetId);
}

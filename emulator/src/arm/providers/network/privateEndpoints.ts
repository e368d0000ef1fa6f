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
import { objectOf, trackedPut, trackedRoutes } from '../tracked/resource.js';
import {
  deleteTrackedResource,
  listOf,
  newEtag,
  NIC_TYPE,
  PRIVATE_ENDPOINT_TYPE,
  PRIVATE_ENDPOINTS,
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

const NAMING = {
  pattern: /^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_])?$/,
  rule: 'The name must be 1 to 80 characters, begin with a letter or number, end with a letter, number or underscore, and may contain only letters, numbers, underscores, periods, or hyphens.',
};
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
  return trackedRoutes(PRIVATE_ENDPOINTS, {
    create: (req, ctx) => createOrUpdate(req, ctx, options),
    remove: (req, ctx) => deleteTrackedResource(req, ctx, PRIVATE_ENDPOINTS),
    // Connection states as the registries show them now.
    view: (ctx, endpoint) => current(ctx, endpoint).body,
  });
}

function createOrUpdate(req: ArmRequest, ctx: ArmContext, options: PrivateEndpointOptions): ArmResponse {
  const put = trackedPut(req, ctx, PRIVATE_ENDPOINTS, NAMING);
  const { name, input, location, existing } = put;
  const id = existing?.id ?? put.id;
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

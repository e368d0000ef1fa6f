/**
 * The private link side of a private endpoint: the connections it requests to container registries
 * (group id `registry`, the only private link resource ACR offers), their validation, and the
 * private endpoint connection each one creates on the registry. A connection in
 * `privateLinkServiceConnections` is approved automatically, which Azure allows only when the caller
 * may approve connections on the registry (privateEndpointConnectionsApproval/action; else 403
 * LinkedAuthorizationFailed); one in `manualPrivateLinkServiceConnections` waits Pending for the
 * registry owner. Errors of the target provider come back wrapped as NRP wraps them: 400, the
 * provider's code, "Call to <type> failed. Error message: …".
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmPrincipal } from '../../provider.js';
import { allowsAction, effectivePermissions } from '../../rbac.js';
import { parseResourceId } from '../../resourceId.js';
import type { StoredResource } from '../../store.js';
import { deterministicUuid } from '../../../shared/ids.js';
import { roleLookup } from '../authorization/roleDefinitions.js';
import {
  addPrivateEndpointConnection,
  removePrivateEndpointConnection,
} from '../containerregistry/privateEndpointConnections.js';
import { REGISTRY_TYPE } from '../containerregistry/registryModel.js';
import { objectOf } from '../tracked/resource.js';
import { listOf, stringOf } from './model.js';

export const APPROVE_ACTION = 'Microsoft.ContainerRegistry/registries/privateEndpointConnectionsApproval/action';
const REPLICATION_TYPE = `${REGISTRY_TYPE}/replications`;
/** The public DNS suffix of registries: the names a private endpoint's DNS records override. */
export const REGISTRY_DNS_SUFFIX = 'azurecr.io';

export interface RequestedConnection {
  name: string;
  manual: boolean;
  privateLinkServiceId: string;
  groupIds: string[];
  requestMessage?: string;
}

/** One address the endpoint gets: a member of the private link resource and the name it serves. */
export interface LinkMember {
  groupId: string;
  memberName: string;
  fqdn: string;
}

export interface LinkedConnection {
  request: RequestedConnection;
  registry: StoredResource;
}

/** The connections of a PUT body, automatic and manual. */
export function requestedConnections(props: Record<string, unknown>, endpointName: string): RequestedConnection[] {
  const read = (entries: unknown, manual: boolean) =>
    listOf(entries).map((entry) => {
      const p = objectOf(entry.properties);
      return {
        name: stringOf(entry.name) ?? endpointName,
        manual,
        privateLinkServiceId: stringOf(p.privateLinkServiceId) ?? '',
        groupIds: Array.isArray(p.groupIds) ? p.groupIds.map(String) : [],
        ...(stringOf(p.requestMessage) ? { requestMessage: String(p.requestMessage) } : {}),
      };
    });
  return [
    ...read(props.privateLinkServiceConnections, false),
    ...read(props.manualPrivateLinkServiceConnections, true),
  ];
}

function callFailed(code: string, message: string): ArmError {
  return new ArmError(400, code, `Call to ${REGISTRY_TYPE} failed. Error message: ${message}`);
}

/** The registry a connection targets, after the checks Azure makes before creating anything. */
export function resolveTarget(
  ctx: ArmContext,
  endpointId: string,
  connection: RequestedConnection,
  caller: { principal: ArmPrincipal; rbac: boolean },
): LinkedConnection {
  const targetId = connection.privateLinkServiceId;
  if (connection.groupIds.length !== 1) {
    throw new ArmError(
      400,
      'OnlyOneGroupIdPermitted',
      `Private link service connection ${endpointId}/privateLinkServiceConnections/${connection.name} has the following group Ids: ${connection.groupIds.join(', ')}. Only one group Id is permitted when connecting to a first-party resource (${targetId}).`,
    );
  }
  const registry = ctx.store.get(targetId);
  if (registry?.type !== REGISTRY_TYPE) {
    const parsed = parseResourceId(targetId);
    throw callFailed(
      'ResourceNotFound',
      `The Resource '${REGISTRY_TYPE}/${parsed.name ?? targetId}' under resource group '${parsed.resourceGroup ?? ''}' was not found.`,
    );
  }
  const groupId = connection.groupIds[0] ?? '';
  if (groupId.toLowerCase() !== 'registry') {
    throw callFailed(
      'InvalidValuesForRequestParameters',
      `Values for request parameters are invalid: GroupId: ${groupId}.`,
    );
  }
  const sku = String(objectOf(registry.body.sku).name ?? '');
  if (sku !== 'Premium') {
    throw callFailed(
      'BadRequest',
      `Private endpoints require the Premium SKU; registry '${String(registry.body.name)}' is ${sku}.`,
    );
  }
  if (!connection.manual && caller.rbac) requireApproval(ctx, caller.principal, endpointId, registry.id);
  return { request: connection, registry };
}

function requireApproval(ctx: ArmContext, principal: ArmPrincipal, endpointId: string, registryId: string): void {
  const blocks = effectivePermissions(ctx.store, roleLookup(ctx.store), principal.objectId, registryId);
  if (allowsAction(blocks, APPROVE_ACTION)) return;
  throw new ArmError(
    403,
    'LinkedAuthorizationFailed',
    `The client '${principal.clientId}' with object id '${principal.objectId}' has permission to perform action 'Microsoft.Network/privateEndpoints/write' on scope '${endpointId}'; however, it does not have permission to perform action(s) '${APPROVE_ACTION}' on the linked scope(s) '${registryId}' (respectively) or the linked scope(s) are invalid.`,
  );
}

/**
 * The addresses a registry's private endpoint needs: the login server and one data endpoint per
 * region the registry lives in (home and replicas). The names are Azure's public ones — the emulator
 * serves registries on loopback addresses, which no private DNS zone could override.
 */
export function registryMembers(ctx: ArmContext, registry: StoredResource): LinkMember[] {
  const name = String(registry.body.name).toLowerCase();
  const regions = new Set([String(registry.body.location)]);
  for (const replica of ctx.store.list({ type: REPLICATION_TYPE, under: registry.id }))
    regions.add(String(replica.body.location));
  return [
    { groupId: 'registry', memberName: 'registry', fqdn: `${name}.${REGISTRY_DNS_SUFFIX}` },
    ...[...regions].map((region) => ({
      groupId: 'registry',
      memberName: `registry_data_${region}`,
      fqdn: `${name}.${region}.data.${REGISTRY_DNS_SUFFIX}`,
    })),
  ];
}

/** Name of the connection a private endpoint creates on the registry: the endpoint's name and a GUID. */
function connectionNameOf(endpointId: string, endpointName: string, connectionName: string): string {
  return `${endpointName}.${deterministicUuid('private-link', `${endpointId.toLowerCase()}|${connectionName}`)}`;
}

/**
 * Creates the registry-side connection of each link that does not have one yet (a re-PUT keeps the
 * owner's decision) and removes those of links the endpoint no longer has. Returns connection name →
 * registry connection id, kept with the endpoint.
 */
export function linkConnections(
  ctx: ArmContext,
  endpoint: { id: string; name: string },
  links: readonly LinkedConnection[],
  previous: Record<string, string>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { request, registry } of links) {
    const name = connectionNameOf(endpoint.id, endpoint.name, request.name);
    const id = `${registry.id}/privateEndpointConnections/${name}`;
    if (!ctx.store.get(id)) {
      const [status, description] = request.manual
        ? ['Pending', request.requestMessage ?? '']
        : ['Approved', 'Auto-Approved'];
      addPrivateEndpointConnection(ctx, registry, name, endpoint.id, status, description);
    }
    result[request.name] = id;
  }
  const kept = new Set(Object.values(result).map((id) => id.toLowerCase()));
  unlinkConnections(
    ctx,
    Object.values(previous).filter((id) => !kept.has(id.toLowerCase())),
  );
  return result;
}

/** Removes registry-side connections (the endpoint is gone or no longer links there). */
export function unlinkConnections(ctx: ArmContext, connectionIds: readonly string[]): void {
  for (const id of connectionIds) removePrivateEndpointConnection(ctx, id);
}

/** The registry's current answer on a connection: its state, or Disconnected once it is gone. */
export function connectionState(ctx: ArmContext, connectionId: string | undefined, previous: unknown): unknown {
  const connection = connectionId ? ctx.store.get(connectionId) : undefined;
  if (!connection) return { ...objectOf(previous), status: 'Disconnected', actionsRequired: 'None' };
  return structuredClone(objectOf(connection.body.properties).privateLinkServiceConnectionState);
}

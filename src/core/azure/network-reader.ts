import type { ResourceManagementClient } from '@azure/arm-resources';
import { RelocationError } from '../errors.js';
import type { ChildResource } from '../plan/model.js';
import { neutralize } from '../text/neutralize.js';
import { azureError, missingPermission } from './errors.js';

/**
 * Reads the network around a registry through the generic resources API (no Microsoft.Network SDK):
 * ACR 2025-11-01 has no virtual network rules, so the subnets a registry is reachable from are those
 * of its private endpoints — connection → private endpoint → properties.subnet.id.
 */

/** A Microsoft.Network api-version every cloud serves for private endpoints, subnets and VNets. */
export const NETWORK_API_VERSION = '2024-05-01';

const SUBNET_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;

/** A resource prepare could not read: the check that needs it warns instead of guessing. */
export interface UnreadableResource {
  id: string;
  reason: string;
}

export interface TargetSubnetFacts {
  exists: boolean;
  /** Region of the subnet's virtual network, when it could be read. */
  location?: string;
  /** Why existence could not be established (permission denied). */
  unreadable?: string;
}

/** Subnet ids are compared as ARM compares ids: without case. */
export function subnetKey(id: string): string {
  return id.trim().toLowerCase();
}

/** Refuses a value that is not a subnet resource id, naming where it came from. */
export function requireSubnetId(value: string, label: string): string {
  if (SUBNET_ID.test(value.trim())) return value.trim();
  throw new RelocationError(
    'INPUT_INVALID',
    `${label}: "${neutralize(value)}" is not a subnet resource id.`,
    'Use /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>.',
  );
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** 404 and 403 become a reason to report; anything else is a failure of the command. */
function readProblem(error: unknown, what: string): string {
  const status = statusOf(error);
  if (status === 404) return 'not found';
  if (status === 403) {
    const message = neutralize((error as { message?: string }).message ?? '');
    const permission = missingPermission(message);
    return permission ? `permission denied: needs "${permission.action}" on ${permission.scope}` : 'permission denied';
  }
  throw azureError(error, what);
}

/** GET by id; `undefined` plus the reason when it cannot be read (404/403). */
async function readById(
  resources: ResourceManagementClient,
  id: string,
  what: string,
): Promise<{ properties?: Record<string, unknown>; location?: string } | { problem: string }> {
  try {
    const resource = await resources.resources.getById(id, NETWORK_API_VERSION);
    return { properties: resource.properties as Record<string, unknown> | undefined, location: resource.location };
  } catch (error) {
    return { problem: readProblem(error, what) };
  }
}

export interface EndpointSubnets {
  /** Subnet id per private endpoint id (lower-cased key). */
  byEndpoint: Map<string, string>;
  unreadable: UnreadableResource[];
}

/** The private endpoint id a connection record names, if any. */
export function endpointIdOf(connection: ChildResource): string | undefined {
  const endpoint = connection.properties.privateEndpoint as { id?: unknown } | undefined;
  return typeof endpoint?.id === 'string' && endpoint.id ? endpoint.id : undefined;
}

/** The subnet of each private endpoint the registry's connections name. */
export async function readEndpointSubnets(
  resources: ResourceManagementClient,
  connections: readonly ChildResource[],
): Promise<EndpointSubnets> {
  const result: EndpointSubnets = { byEndpoint: new Map(), unreadable: [] };
  for (const connection of connections) {
    const endpointId = endpointIdOf(connection);
    if (!endpointId || result.byEndpoint.has(endpointId.toLowerCase())) continue;
    const read = await readById(resources, endpointId, `Reading private endpoint ${endpointId}`);
    const subnetId = 'problem' in read ? undefined : (read.properties?.subnet as { id?: unknown } | undefined)?.id;
    if (typeof subnetId === 'string' && subnetId) result.byEndpoint.set(endpointId.toLowerCase(), subnetId);
    else result.unreadable.push({ id: endpointId, reason: 'problem' in read ? read.problem : 'it names no subnet' });
  }
  return result;
}

/** Whether a target subnet exists, and the region of its virtual network. */
export async function readTargetSubnet(
  resources: ResourceManagementClient,
  subnetId: string,
): Promise<TargetSubnetFacts> {
  const subnet = await readById(resources, subnetId, `Reading subnet ${subnetId}`);
  if ('problem' in subnet) {
    return subnet.problem === 'not found' ? { exists: false } : { exists: false, unreadable: subnet.problem };
  }
  const vnetId = subnetId.split('/').slice(0, -2).join('/');
  const vnet = await readById(resources, vnetId, `Reading virtual network ${vnetId}`);
  return 'problem' in vnet ? { exists: true } : { exists: true, location: vnet.location };
}

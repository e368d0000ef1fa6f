import type { Registry } from '@azure/arm-containerregistry';
import { madeAt, PULL_ROLES, readDiagnosticSettings, readLocks, readRoleAssignments } from '../azure/access-reader.js';
import type { AzureClients } from '../azure/clients.js';
import { findAksConsumers, findAppConsumers, type ConsumerScope } from '../azure/consumer-reader.js';
import { azureCall } from '../azure/errors.js';
import {
  endpointIdOf,
  readEndpointSubnets,
  readTargetSubnet,
  subnetKey,
  type UnreadableResource,
} from '../azure/network-reader.js';
import { getRegistry, readChildren } from '../azure/registry-reader.js';
import { registryResourceId, type RegistryId } from '../azure/resource-id.js';
import { readSubscriptionFacts, type SubscriptionFacts } from '../azure/subscription-reader.js';
import { RelocationError } from '../errors.js';
import type { ChildResource, Children, Consumers } from '../plan/model.js';

export interface SourceFacts {
  registry: Registry;
  children: Children;
  subscription: SubscriptionFacts;
}

/** Everything ARM knows about the source registry that a move must carry. Reads only. */
export async function gatherSource(
  clients: AzureClients,
  ref: RegistryId,
  onSecret: (value: string) => void,
): Promise<SourceFacts> {
  const registry = await getRegistry(clients.registries, ref);
  if (!registry) {
    throw new RelocationError(
      'NOT_FOUND',
      `Source registry ${ref.name} was not found in resource group ${ref.resourceGroup} of subscription ${ref.subscriptionId}.`,
      'Check source-registry, source-resource-group and subscription-id (or give the full resource id).',
    );
  }
  const id = registry.id ?? registryResourceId(ref);
  const [children, assignments, locks, diagnosticSettings, subscription] = await Promise.all([
    readChildren(clients.registries, ref, onSecret),
    readRoleAssignments(clients.authorization, id),
    readLocks(clients.locks, ref),
    readDiagnosticSettings(clients.monitor, id),
    readSubscriptionFacts(clients.subscriptions, clients.resources, ref.subscriptionId),
  ]);
  return {
    registry,
    subscription,
    children: { ...children, locks, diagnosticSettings, roleAssignments: madeAt(assignments, id) },
  };
}

/** Principals that can pull from the source (at its scope or inherited), then who among them is a workload. */
export async function gatherConsumers(
  clients: AzureClients,
  registryId: string,
  loginServer: string,
  scopes: readonly ConsumerScope[],
): Promise<Consumers> {
  const assignments = await readRoleAssignments(clients.authorization, registryId);
  const pullers = assignments.filter((a) => PULL_ROLES.has(a.roleName ?? ''));
  const consumers: Consumers = { aksClusters: [], apps: [], principals: [] };
  for (const scope of scopes) {
    const scoped = clients.forSubscription(scope.subscriptionId).consumers;
    consumers.aksClusters.push(...(await findAksConsumers(scoped, scope, pullers)));
    consumers.apps.push(...(await findAppConsumers(scoped, scope, loginServer)));
  }
  const kubelets = new Set(consumers.aksClusters.map((c) => c.kubeletObjectId));
  consumers.principals = pullers.filter((a) => !kubelets.has(a.principalId));
  return consumers;
}

export interface TargetFacts {
  existing?: Registry;
  nameAvailability?: { nameAvailable: boolean; reason?: string; message?: string };
}

/** Whether the target exists already (a re-run) or its name is free. */
export async function gatherTarget(clients: AzureClients, ref: RegistryId): Promise<TargetFacts> {
  const existing = await getRegistry(clients.registries, ref);
  if (existing) return { existing };
  const answer = await azureCall(`Checking whether the name ${ref.name} is available`, () =>
    clients.registries.registries.checkNameAvailability({
      name: ref.name,
      type: 'Microsoft.ContainerRegistry/registries',
    }),
  );
  return {
    nameAvailability: { nameAvailable: answer.nameAvailable ?? false, reason: answer.reason, message: answer.message },
  };
}

export interface SubnetMapping {
  source: string;
  target?: string;
  targetExists: boolean;
  targetLocation?: string;
  targetUnreadable?: string;
}

export interface SubnetFacts {
  /** Every source subnet (of a private endpoint, or named in subnet-map) with its mapped target. */
  subnets: SubnetMapping[];
  /** Private endpoints whose subnet could not be read (404/403): the checks warn about them. */
  unreadableEndpoints: UnreadableResource[];
  /** Subnet of each readable source private endpoint, by lower-cased endpoint id. */
  endpointSubnets: Map<string, string>;
}

/**
 * The source's subnets are those of its private endpoints (ACR has no virtual network rules any
 * more); each one's mapped target subnet is looked up, with its VNet's region. Reads only.
 */
export async function gatherSubnets(
  clients: AzureClients,
  connections: readonly ChildResource[],
  subnetMap: Readonly<Record<string, string>>,
): Promise<SubnetFacts> {
  const endpoints = await readEndpointSubnets(clients.resources, connections);
  const sources = new Map<string, string>();
  for (const subnet of [...endpoints.byEndpoint.values(), ...Object.keys(subnetMap)])
    if (!sources.has(subnetKey(subnet))) sources.set(subnetKey(subnet), subnet);
  const targets = new Map(Object.entries(subnetMap).map(([from, to]) => [subnetKey(from), to]));
  const subnets: SubnetMapping[] = [];
  for (const [key, source] of sources) {
    const target = targets.get(key);
    if (!target) {
      subnets.push({ source, targetExists: false });
      continue;
    }
    const facts = await readTargetSubnet(clients.resources, target);
    subnets.push({
      source,
      target,
      targetExists: facts.exists,
      ...(facts.location ? { targetLocation: facts.location } : {}),
      ...(facts.unreadable ? { targetUnreadable: facts.unreadable } : {}),
    });
  }
  return { subnets, unreadableEndpoints: endpoints.unreadable, endpointSubnets: endpoints.byEndpoint };
}

/**
 * The connection records with the subnet of their private endpoint (`privateEndpointSubnetId`), so
 * later stages can find where the source's endpoints were without reading the network again.
 */
export function withEndpointSubnets(
  connections: readonly ChildResource[],
  endpointSubnets: ReadonlyMap<string, string>,
): ChildResource[] {
  return connections.map((connection) => {
    const subnet = endpointSubnets.get(endpointIdOf(connection)?.toLowerCase() ?? '');
    return subnet
      ? { ...connection, properties: { ...connection.properties, privateEndpointSubnetId: subnet } }
      : connection;
  });
}

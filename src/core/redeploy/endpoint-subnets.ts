import type { RelocationPlan } from '../plan/model.js';

/**
 * Where the target's private endpoints go when private-endpoint-subnet-ids is not given: the subnets
 * prepare mapped the source's private endpoints to (subnet-map), one endpoint per distinct subnet.
 * Source endpoints whose subnet has no mapping stay work for a human (listed in the summary).
 */
export function mappedEndpointSubnets(plan: Pick<RelocationPlan, 'children' | 'mapping'>): string[] {
  const mapped = new Set<string>();
  const byLowerCase = new Map(Object.entries(plan.mapping.subnets).map(([from, to]) => [from.toLowerCase(), to]));
  for (const connection of plan.children.privateEndpointConnections) {
    const subnet = connection.properties.privateEndpointSubnetId;
    const target = typeof subnet === 'string' ? byLowerCase.get(subnet.toLowerCase()) : undefined;
    if (target) mapped.add(target);
  }
  return [...mapped].sort();
}

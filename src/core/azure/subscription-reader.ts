import type { ResourceManagementClient } from '@azure/arm-resources';
import type { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { azureCall, collect } from './errors.js';

export const normalizeRegion = (region: string): string => region.replace(/\s+/g, '').toLowerCase();

export interface SubscriptionFacts {
  tenantId?: string;
  /** Region name -> whether it offers availability zones. */
  regions: Map<string, boolean>;
  /** Regions where Microsoft.ContainerRegistry/registries can be created. */
  registryRegions: Set<string>;
}

export async function readSubscriptionFacts(
  subscriptions: SubscriptionClient,
  resources: ResourceManagementClient,
  subscriptionId: string,
): Promise<SubscriptionFacts> {
  const [subscription, locations, provider] = await Promise.all([
    azureCall(`Reading subscription ${subscriptionId}`, () => subscriptions.subscriptions.get(subscriptionId)),
    collect(
      `Listing the regions of subscription ${subscriptionId}`,
      subscriptions.subscriptions.listLocations(subscriptionId),
    ),
    azureCall('Reading the Microsoft.ContainerRegistry resource provider', () =>
      resources.providers.get('Microsoft.ContainerRegistry'),
    ),
  ]);
  const regions = new Map<string, boolean>();
  for (const location of locations) {
    if (location.name)
      regions.set(normalizeRegion(location.name), (location.availabilityZoneMappings ?? []).length > 0);
  }
  const registries = provider.resourceTypes?.find((type) => type.resourceType?.toLowerCase() === 'registries');
  return {
    tenantId: subscription.tenantId,
    regions,
    registryRegions: new Set((registries?.locations ?? []).map(normalizeRegion)),
  };
}

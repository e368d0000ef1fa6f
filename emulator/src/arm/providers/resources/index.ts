/** Microsoft.Resources: ARM's own endpoints (subscriptions, locations, providers, resource groups, resources). */
import type { ArmProvider } from '../../provider.js';
import { RESOURCES_VERSIONS } from '../../catalog/apiVersions.js';
import { subscriptionRoutes, type SubscriptionRoutesDeps } from './subscriptions.js';
import { resourceGroupRoutes } from './resourceGroups.js';
import { genericResourceRoutes } from './genericResources.js';

export function createResourcesProvider(deps: SubscriptionRoutesDeps): ArmProvider {
  const type = (resourceType: string, locations?: string[]) => ({
    resourceType,
    apiVersions: RESOURCES_VERSIONS,
    capabilities: 'None',
    ...(locations ? { locations } : {}),
  });
  return {
    namespace: 'Microsoft.Resources',
    builtIn: true,
    resourceTypes: [
      type('subscriptions', []),
      type('subscriptions/locations', []),
      type('providers', []),
      type('resourceGroups'),
      type('resources', []),
    ],
    routes: [...subscriptionRoutes(deps), ...resourceGroupRoutes(), ...genericResourceRoutes()],
  };
}

/** Microsoft.App: Container Apps and the managed environments they run in. */
import type { ArmProvider } from '../../provider.js';
import { APP_VERSIONS } from '../../catalog/apiVersions.js';
import { containerAppRoutes } from './containerApps.js';
import { managedEnvironmentRoutes } from './managedEnvironments.js';

export function createAppProvider(): ArmProvider {
  return {
    namespace: 'Microsoft.App',
    resourceTypes: [
      {
        resourceType: 'containerApps',
        apiVersions: APP_VERSIONS,
        capabilities:
          'CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SystemAssignedResourceIdentity, SupportsTags, SupportsLocation',
      },
      {
        resourceType: 'managedEnvironments',
        apiVersions: APP_VERSIONS,
        capabilities: 'CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SupportsTags, SupportsLocation',
      },
    ],
    routes: [...containerAppRoutes(), ...managedEnvironmentRoutes()],
  };
}

/** Microsoft.Web: App Service sites, their web configuration and app settings. */
import type { ArmProvider } from '../../provider.js';
import { WEB_VERSIONS } from '../../catalog/apiVersions.js';
import { siteRoutes } from './sites.js';
import { siteConfigRoutes } from './siteConfig.js';

export function createWebProvider(): ArmProvider {
  return {
    namespace: 'Microsoft.Web',
    resourceTypes: [
      {
        resourceType: 'sites',
        apiVersions: WEB_VERSIONS,
        capabilities:
          'CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SystemAssignedResourceIdentity, SupportsTags, SupportsLocation',
      },
      { resourceType: 'sites/config', apiVersions: WEB_VERSIONS, capabilities: 'None' },
    ],
    routes: [...siteRoutes(), ...siteConfigRoutes()],
  };
}

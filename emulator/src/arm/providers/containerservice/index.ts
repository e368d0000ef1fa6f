/** Microsoft.ContainerService: AKS managed clusters (what a registry relocation rewires: kubelet identities). */
import type { ArmProvider } from '../../provider.js';
import { CONTAINER_SERVICE_VERSIONS } from '../../catalog/apiVersions.js';
import { managedClusterRoutes } from './managedClusters.js';

export function createContainerServiceProvider(): ArmProvider {
  return {
    namespace: 'Microsoft.ContainerService',
    resourceTypes: [
      {
        resourceType: 'managedClusters',
        apiVersions: CONTAINER_SERVICE_VERSIONS,
        capabilities: 'SystemAssignedResourceIdentity, SupportsTags, SupportsLocation',
      },
    ],
    routes: managedClusterRoutes(),
  };
}

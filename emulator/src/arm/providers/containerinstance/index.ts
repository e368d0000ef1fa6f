/** Microsoft.ContainerInstance: container groups (Azure Container Instances). */
import type { ArmProvider } from '../../provider.js';
import { CONTAINER_INSTANCE_VERSIONS } from '../../catalog/apiVersions.js';
import { containerGroupRoutes } from './containerGroups.js';

export function createContainerInstanceProvider(): ArmProvider {
  return {
    namespace: 'Microsoft.ContainerInstance',
    resourceTypes: [
      {
        resourceType: 'containerGroups',
        apiVersions: CONTAINER_INSTANCE_VERSIONS,
        capabilities: 'SystemAssignedResourceIdentity, SupportsTags, SupportsLocation',
      },
    ],
    routes: containerGroupRoutes(),
  };
}

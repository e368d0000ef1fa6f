/**
 * Microsoft.ContainerRegistry: the registries resource, its actions, and a data-plane listener per
 * registry. Child resources (replications, webhooks, scope maps, tokens, …) and importImage are added
 * by other modules registering more providers for this namespace (see emulator/README.md).
 */
import type { ArmProvider } from '../../provider.js';
import { CONTAINER_REGISTRY_VERSIONS } from '../../catalog/apiVersions.js';
import type { ResourceStore } from '../../store.js';
import { REGISTRY_TYPE } from './registryModel.js';
import { registryRoutes } from './registries.js';
import { registryActionRoutes } from './registryActions.js';
import type { DataPlaneHost } from './dataPlaneHost.js';

export function createContainerRegistryProvider(host: DataPlaneHost, store: ResourceStore): ArmProvider {
  // A registry deleted directly or with its resource group takes its listener and content with it.
  store.onDeleted((removed) => {
    for (const resource of removed) {
      if (resource.type === REGISTRY_TYPE) void host.close(String(resource.body.name), true);
    }
  });
  return {
    namespace: 'Microsoft.ContainerRegistry',
    resourceTypes: [
      {
        resourceType: 'registries',
        apiVersions: CONTAINER_REGISTRY_VERSIONS,
        capabilities: 'CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SupportsTags, SupportsLocation',
      },
      {
        resourceType: 'checkNameAvailability',
        apiVersions: CONTAINER_REGISTRY_VERSIONS,
        locations: [],
        capabilities: 'None',
      },
    ],
    routes: [...registryRoutes(host), ...registryActionRoutes(host)],
    // Reopen the data planes of registries that survived a restart (same state directory).
    start: async (ctx) => {
      for (const registry of ctx.store.list({ type: REGISTRY_TYPE }))
        await host.open(registry.id, String(registry.body.name));
    },
    stop: () => host.closeAll(),
  };
}

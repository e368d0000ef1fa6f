/**
 * Microsoft.Network, as much as a registry relocation needs: virtual networks and subnets (the target
 * region's must exist before redeploy), private endpoints to registries with their NICs and private
 * DNS zone groups, and private DNS zones with the A records the groups write. One provider for the
 * whole namespace, so its operation-status routes accept every type's api-versions.
 */
import type { ArmContext, ArmProvider } from '../../provider.js';
import {
  NETWORK_VERSIONS,
  PRIVATE_DNS_VERSIONS,
  PRIVATE_DNS_ZONE_GROUP_VERSIONS,
  PRIVATE_ENDPOINT_VERSIONS,
} from './apiVersions.js';
import { NS, PRIVATE_ENDPOINT_TYPE, SUBNET_TYPE, vnetIdOf, ZONE_GROUP_TYPE } from './model.js';
import { nicRoutes } from './networkInterfaces.js';
import { privateDnsZoneGroupRoutes, releaseZoneGroup } from './privateDnsZoneGroups.js';
import { privateDnsZoneRoutes } from './privateDnsZones.js';
import { privateEndpointRoutes, releaseEndpoint, type PrivateEndpointOptions } from './privateEndpoints.js';
import { mirrorSubnets, subnetRoutes } from './subnets.js';
import { virtualNetworkRoutes } from './virtualNetworks.js';

export function createNetworkProvider(options: PrivateEndpointOptions): ArmProvider {
  const tracked = 'SupportsTags, SupportsLocation';
  return {
    namespace: NS,
    resourceTypes: [
      { resourceType: 'virtualNetworks', apiVersions: NETWORK_VERSIONS, capabilities: tracked },
      { resourceType: 'virtualNetworks/subnets', apiVersions: NETWORK_VERSIONS, capabilities: 'None' },
      { resourceType: 'networkInterfaces', apiVersions: NETWORK_VERSIONS, capabilities: tracked },
      { resourceType: 'privateEndpoints', apiVersions: PRIVATE_ENDPOINT_VERSIONS, capabilities: tracked },
      {
        resourceType: 'privateEndpoints/privateDnsZoneGroups',
        apiVersions: PRIVATE_DNS_ZONE_GROUP_VERSIONS,
        capabilities: 'None',
      },
      {
        resourceType: 'privateDnsZones',
        apiVersions: PRIVATE_DNS_VERSIONS,
        locations: [],
        capabilities: 'SupportsTags',
      },
      { resourceType: 'privateDnsZones/A', apiVersions: PRIVATE_DNS_VERSIONS, locations: [], capabilities: 'None' },
    ],
    routes: [
      ...virtualNetworkRoutes(),
      ...subnetRoutes(),
      ...nicRoutes(),
      ...privateEndpointRoutes(options),
      ...privateDnsZoneGroupRoutes(),
      ...privateDnsZoneRoutes(),
    ],
    start: (ctx) => releaseOnDelete(ctx),
  };
}

/**
 * However a resource goes (its own DELETE, its parent's, its resource group's), what refers to it is
 * updated as Azure does: an endpoint's NIC, registry connection and DNS records go with it, and a
 * VNet's inline copy of its subnets follows.
 */
function releaseOnDelete(ctx: ArmContext): void {
  ctx.store.onDeleted((removed) => {
    for (const resource of removed) {
      if (resource.type === PRIVATE_ENDPOINT_TYPE) releaseEndpoint(ctx, resource);
      else if (resource.type === ZONE_GROUP_TYPE) releaseZoneGroup(ctx, resource);
      else if (resource.type === SUBNET_TYPE) mirrorSubnets(ctx, vnetIdOf(resource.id));
    }
  });
}

import { literal, LOCATION, REGISTRY_ID, type TemplateResource } from './expressions.js';
import { API_VERSIONS, privateEndpointNameOf } from './names.js';

/**
 * Private endpoints for the target, one per subnet given, connected to the registry's `registry`
 * group (automatic approval: the deployment's identity owns both sides), and with a private DNS zone
 * group when a zone is given, so the endpoint's A records (login server and data endpoints) are
 * written into the zone by Azure.
 */
export function privateEndpoints(
  registryName: string,
  subnetIds: readonly string[],
  dnsZoneId: string | undefined,
): TemplateResource[] {
  return subnetIds.flatMap((subnetId) => {
    const name = privateEndpointNameOf(registryName, subnetId);
    const endpoint: TemplateResource = {
      type: 'Microsoft.Network/privateEndpoints',
      apiVersion: API_VERSIONS.privateEndpoints,
      name,
      location: LOCATION,
      properties: {
        subnet: { id: literal(subnetId) },
        privateLinkServiceConnections: [
          { name, properties: { privateLinkServiceId: REGISTRY_ID, groupIds: ['registry'] } },
        ],
      },
      dependsOn: [REGISTRY_ID],
    };
    if (!dnsZoneId) return [endpoint];
    const zoneName = dnsZoneId.split('/').pop() ?? 'privatelink.azurecr.io';
    const group: TemplateResource = {
      type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
      apiVersion: API_VERSIONS.privateEndpoints,
      name: `${name}/default`,
      properties: {
        privateDnsZoneConfigs: [
          { name: zoneName.replace(/[^A-Za-z0-9-]/g, '-'), properties: { privateDnsZoneId: literal(dnsZoneId) } },
        ],
      },
      dependsOn: [`[resourceId('Microsoft.Network/privateEndpoints', '${name}')]`],
    };
    return [endpoint, group];
  });
}

/**
 * The network interface Azure creates for every private endpoint (`<endpoint>.nic.<guid>`, in the
 * endpoint's resource group, managed by it): one IP configuration per member of the private link
 * resource, each with a private address allocated dynamically from the endpoint's subnet. Read-only
 * here (GET and lists); the endpoint creates, re-addresses and deletes it.
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRoute } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import { deterministicUuid } from '../../../shared/ids.js';
import { objectOf, trackedRoutes } from '../tracked/resource.js';
import { firstFreeAddress, parseCidr } from './addressing.js';
import { listOf, newEtag, NIC_TYPE, NICS, NS } from './model.js';
import type { LinkMember } from './privateLinks.js';

export interface EndpointNic {
  id: string;
  body: Record<string, unknown>;
  /** What the endpoint reports as customDnsConfigs: each name with its address. */
  dns: { fqdn: string; ipAddresses: string[] }[];
}

/** Read-only: the private endpoint creates, re-addresses and deletes its NIC. */
export function nicRoutes(): ArmRoute[] {
  return trackedRoutes(NICS, {});
}

function guidOf(...parts: string[]): string {
  return deterministicUuid('private-endpoint-nic', parts.join('|').toLowerCase());
}

/** Addresses of the subnet held by NICs other than `exceptNicId`. */
function usedAddresses(ctx: ArmContext, subnetId: string, exceptNicId: string): Set<string> {
  const used = new Set<string>();
  for (const nic of ctx.store.list({ type: NIC_TYPE })) {
    if (nic.id.toLowerCase() === exceptNicId.toLowerCase()) continue;
    for (const config of listOf(objectOf(nic.body.properties).ipConfigurations)) {
      const props = objectOf(config.properties);
      if (String(objectOf(props.subnet).id ?? '').toLowerCase() === subnetId.toLowerCase())
        used.add(String(props.privateIPAddress));
    }
  }
  return used;
}

/**
 * The endpoint's NIC with an address for each member, keeping the addresses a previous version had
 * in the same subnet. Nothing is stored: the caller writes it once every check has passed.
 * 400 SubnetIsFull when the subnet has too few free addresses.
 */
export function planEndpointNic(
  ctx: ArmContext,
  endpoint: { id: string; name: string; location: string },
  subnet: StoredResource,
  members: readonly LinkMember[],
): EndpointNic {
  const [, , subscriptionId = '', , resourceGroup = ''] = endpoint.id.split('/');
  const id = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${NS}/networkInterfaces/${endpoint.name}.nic.${guidOf(endpoint.id)}`;
  const previous = new Map<string, string>();
  for (const config of listOf(objectOf(ctx.store.get(id)?.body.properties).ipConfigurations)) {
    const props = objectOf(config.properties);
    if (String(objectOf(props.subnet).id ?? '').toLowerCase() === subnet.id.toLowerCase())
      previous.set(
        String(objectOf(props.privateLinkConnectionProperties).requiredMemberName),
        String(props.privateIPAddress),
      );
  }
  const range = parseCidr(String(objectOf(subnet.body.properties).addressPrefix ?? ''));
  const used = usedAddresses(ctx, subnet.id, id);
  const addresses = members.map((member) => {
    const address = previous.get(member.memberName) ?? (range ? firstFreeAddress(range, used) : undefined);
    if (!address) {
      throw new ArmError(
        400,
        'SubnetIsFull',
        `Subnet ${String(subnet.body.name)} with address prefix ${range?.text ?? ''} does not have enough capacity for ${members.length} IP addresses.`,
      );
    }
    used.add(address);
    return address;
  });
  const ipConfigurations = members.map((member, index) => {
    const name = `privateEndpointIpConfig.${guidOf(endpoint.id, member.memberName)}`;
    return {
      name,
      id: `${id}/ipConfigurations/${name}`,
      etag: newEtag(),
      type: `${NIC_TYPE}/ipConfigurations`,
      properties: {
        provisioningState: 'Succeeded',
        privateIPAddress: addresses[index],
        privateIPAllocationMethod: 'Dynamic',
        subnet: { id: subnet.id },
        primary: index === 0,
        privateIPAddressVersion: 'IPv4',
        privateLinkConnectionProperties: {
          groupId: member.groupId,
          requiredMemberName: member.memberName,
          fqdns: [member.fqdn],
        },
      },
    };
  });
  const body = {
    id,
    name: id.split('/').pop(),
    type: NIC_TYPE,
    location: endpoint.location,
    etag: newEtag(),
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidOf(endpoint.id, 'resource'),
      ipConfigurations,
      dnsSettings: { dnsServers: [], appliedDnsServers: [] },
      enableAcceleratedNetworking: false,
      enableIPForwarding: false,
      privateEndpoint: { id: endpoint.id },
      nicType: 'Standard',
    },
  };
  const dns = members.map((member, index) => ({ fqdn: member.fqdn, ipAddresses: [addresses[index] ?? ''] }));
  return { id, body, dns };
}

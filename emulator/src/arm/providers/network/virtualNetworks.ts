/**
 * Microsoft.Network/virtualNetworks as NRP serves them: PUT (201 create / 200 update with
 * Azure-AsyncOperation) with the address space and the complete list of subnets inline — a PUT that
 * leaves a subnet out deletes it, as in Azure (and fails while that subnet is in use) — GET, list by
 * resource group and subscription, and DELETE (202, refused while a subnet is in use).
 */
import { randomUUID } from 'node:crypto';
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { objectOf, setProvisioningState, trackedPut, trackedRoutes } from '../tracked/resource.js';
import { parseCidr, type Cidr } from './addressing.js';
import { deleteTrackedResource, listOf, newEtag, startWrite, SUBNET_TYPE, VNET_TYPE, VNETS } from './model.js';
import {
  checkPlacement,
  mirrorSubnets,
  refreshSubnetEndpoints,
  subnetBody,
  subnetInUse,
  subnetInUseBy,
  subnetSpec,
} from './subnets.js';

const NAMING = {
  pattern: /^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_])$/,
  rule: 'The name must be 2 to 64 characters, begin with a letter or number, end with a letter, number or underscore, and may contain only letters, numbers, underscores, periods, or hyphens.',
};

export function virtualNetworkRoutes(): ArmRoute[] {
  return trackedRoutes(VNETS, {
    create: createOrUpdate,
    remove: (req, ctx) =>
      deleteTrackedResource(req, ctx, VNETS, (vnet) => {
        for (const subnet of ctx.store.list({ type: SUBNET_TYPE, under: vnet.id })) {
          const user = subnetInUseBy(ctx, subnet.id);
          if (user) throw subnetInUse(String(subnet.body.name), user);
        }
      }),
  });
}

/** The requested address space; 400 InvalidAddressPrefixFormat for anything but CIDR prefixes. */
function addressSpace(vnetId: string, props: Record<string, unknown>): Cidr[] {
  const prefixes = objectOf(props.addressSpace).addressPrefixes;
  return (Array.isArray(prefixes) ? (prefixes as unknown[]) : []).map((prefix) => {
    const range = typeof prefix === 'string' ? parseCidr(prefix) : undefined;
    if (!range) {
      throw new ArmError(
        400,
        'InvalidAddressPrefixFormat',
        `Address prefix ${String(prefix)} of resource ${vnetId} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`,
      );
    }
    return range;
  });
}

function createOrUpdate(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const put = trackedPut(req, ctx, VNETS, NAMING);
  const { name, input, location, existing } = put;
  const id = existing?.id ?? put.id;
  const props = objectOf(input.properties);
  const space = addressSpace(id, props);
  const specs = listOf(props.subnets).map((s) => subnetSpec(id, String(s.name ?? ''), objectOf(s.properties)));
  checkPlacement(name, space, specs);
  const kept = new Set(specs.map((s) => s.name.toLowerCase()));
  const dropped = existing
    ? ctx.store.list({ type: SUBNET_TYPE, under: id }).filter((s) => !kept.has(String(s.body.name).toLowerCase()))
    : [];
  for (const subnet of dropped) {
    const user = subnetInUseBy(ctx, subnet.id);
    if (user) throw subnetInUse(String(subnet.body.name), user);
  }
  const subnets = specs.map((spec) => subnetBody(id, location, spec));
  const previous = objectOf(existing?.body.properties);
  const body: Record<string, unknown> = {
    id,
    name,
    type: VNET_TYPE,
    location,
    etag: newEtag(),
    ...(input.tags ? { tags: input.tags } : {}),
    properties: {
      addressSpace: { addressPrefixes: space.map((range) => range.text) },
      ...(props.dhcpOptions ? { dhcpOptions: props.dhcpOptions } : {}),
      subnets: structuredClone(subnets),
      virtualNetworkPeerings: [],
      enableDdosProtection: props.enableDdosProtection === true,
      resourceGuid: previous.resourceGuid ?? randomUUID(),
    },
  };
  const response = startWrite({
    req,
    ctx,
    id,
    type: VNET_TYPE,
    body,
    created: !existing,
    location,
    afterSettled: () => {
      for (const subnet of subnets) setProvisioningState(ctx, String(subnet.id), 'Succeeded');
      mirrorSubnets(ctx, id);
    },
  });
  for (const subnet of dropped) ctx.store.deleteTree(subnet.id);
  for (const subnet of subnets) {
    ctx.store.put(String(subnet.id), SUBNET_TYPE, subnet);
    refreshSubnetEndpoints(ctx, String(subnet.id));
  }
  return response;
}

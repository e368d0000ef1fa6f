/**
 * Microsoft.Network/virtualNetworks/subnets: PUT/GET/list/DELETE, and what virtual networks and
 * private endpoints need from subnets. A subnet is stored as its own resource under its VNet; the
 * VNet's `properties.subnets` always mirrors them, as NRP returns them inline. A subnet's range must
 * be a CIDR prefix inside the VNet's address space that overlaps no sibling; one with private
 * endpoints in it cannot be deleted; its read-only `privateEndpoints` lists the endpoints in it.
 */
import { ArmError, resourceNotFound } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import { bodyOf, groupOf, itemPath, objectOf, validateName } from '../tracked/resource.js';
import { contains, overlaps, parseCidr, type Cidr } from './addressing.js';
import {
  invalidReference,
  listOf,
  newEtag,
  NIC_TYPE,
  parentNotFound,
  PRIVATE_ENDPOINT_TYPE,
  startDelete,
  startWrite,
  stringOf,
  SUBNET_TYPE,
  vnetIdOf,
  VNETS,
} from './model.js';

const SUBNET_PATH = `${itemPath(VNETS)}/subnets/{subnetName}`;
const NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_])?$/;

export interface SubnetSpec {
  name: string;
  range: Cidr;
  properties: Record<string, unknown>;
}

/** A subnet's requested name, range and writable properties; 400 on a malformed name or prefix. */
export function subnetSpec(vnetId: string, name: string, props: Record<string, unknown>): SubnetSpec {
  validateName(
    name,
    NAME,
    SUBNET_TYPE,
    'The name must begin with a letter or number, end with a letter, number or underscore, and may contain only letters, numbers, underscores, periods, or hyphens.',
  );
  const prefix = stringOf(props.addressPrefix) ?? stringOf(listOf(props.addressPrefixes)[0]);
  const range = prefix ? parseCidr(prefix) : undefined;
  if (!range) {
    throw new ArmError(
      400,
      'InvalidAddressPrefixFormat',
      `Address prefix ${prefix ?? ''} of resource ${vnetId}/subnets/${name} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`,
    );
  }
  return { name, range, properties: props };
}

/** Every subnet inside the VNet's address space, none overlapping another (NRP's Netcfg errors). */
export function checkPlacement(vnetName: string, space: readonly Cidr[], subnets: readonly SubnetSpec[]): void {
  subnets.forEach((subnet, index) => {
    if (!space.some((range) => contains(range, subnet.range))) {
      throw new ArmError(
        400,
        'NetcfgSubnetRangeOutsideVnet',
        `Subnet '${subnet.name}' is not valid because its IP address range is outside the IP address range of virtual network '${vnetName}'.`,
      );
    }
    const clash = subnets.find((other, i) => i !== index && overlaps(other.range, subnet.range));
    if (clash) {
      throw new ArmError(
        400,
        'NetcfgSubnetRangesOverlap',
        `Subnet '${subnet.name}' is not valid because its IP address range overlaps with that of an existing subnet in virtual network '${vnetName}'.`,
      );
    }
  });
}

/** The subnet as GET returns it (its private endpoints filled in by refreshSubnetEndpoints). */
export function subnetBody(vnetId: string, location: string, spec: SubnetSpec): Record<string, unknown> {
  const props = spec.properties;
  return {
    id: `${vnetId}/subnets/${spec.name}`,
    name: spec.name,
    etag: newEtag(),
    type: SUBNET_TYPE,
    properties: {
      addressPrefix: spec.range.text,
      serviceEndpoints: listOf(props.serviceEndpoints).map((endpoint) => ({
        service: endpoint.service,
        locations: Array.isArray(endpoint.locations) ? endpoint.locations : [location],
        provisioningState: 'Succeeded',
      })),
      delegations: listOf(props.delegations),
      // Disabled has been the default since network policies became optional for private endpoints.
      privateEndpointNetworkPolicies: stringOf(props.privateEndpointNetworkPolicies) ?? 'Disabled',
      privateLinkServiceNetworkPolicies: stringOf(props.privateLinkServiceNetworkPolicies) ?? 'Enabled',
      provisioningState: 'Updating',
    },
  };
}

/** The first NIC IP configuration in the subnet (what keeps it from being deleted), if any. */
export function subnetInUseBy(ctx: ArmContext, subnetId: string): string | undefined {
  const key = subnetId.toLowerCase();
  for (const nic of ctx.store.list({ type: NIC_TYPE })) {
    for (const config of listOf(objectOf(nic.body.properties).ipConfigurations)) {
      const subnet = String(objectOf(objectOf(config.properties).subnet).id ?? '');
      if (subnet.toLowerCase() === key) return String(config.id);
    }
  }
  return undefined;
}

export function subnetInUse(name: string, user: string): ArmError {
  return new ArmError(
    400,
    'InUseSubnetCannotBeDeleted',
    `Subnet ${name} is in use by ${user} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
  );
}

/** Copies the VNet's subnets into its `properties.subnets`. */
export function mirrorSubnets(ctx: ArmContext, vnetId: string): void {
  const subnets = ctx.store.list({ type: SUBNET_TYPE, under: vnetId }).map((s) => structuredClone(s.body));
  ctx.store.update(vnetId, (r) => {
    r.body = { ...r.body, properties: { ...objectOf(r.body.properties), subnets } };
  });
}

/** Recomputes the subnet's read-only `privateEndpoints` (and its VNet's copy). */
export function refreshSubnetEndpoints(ctx: ArmContext, subnetId: string): void {
  const key = subnetId.toLowerCase();
  const endpoints = ctx.store
    .list({ type: PRIVATE_ENDPOINT_TYPE })
    .filter((pe) => String(objectOf(objectOf(pe.body.properties).subnet).id ?? '').toLowerCase() === key)
    .map((pe) => ({ id: pe.id }));
  const updated = ctx.store.update(subnetId, (r) => {
    const { privateEndpoints: _previous, ...rest } = objectOf(r.body.properties);
    r.body = { ...r.body, properties: endpoints.length > 0 ? { ...rest, privateEndpoints: endpoints } : rest };
  });
  if (updated) mirrorSubnets(ctx, vnetIdOf(updated.id));
}

/**
 * The subnet `subnetId` names, for a resource `byId` in `location`: NRP refuses a reference to a
 * subnet that does not exist or whose VNet is in another region with the same error.
 */
export function requireSubnetIn(ctx: ArmContext, subnetId: string, byId: string, location: string): StoredResource {
  const subnet = ctx.store.get(subnetId);
  const vnet = subnet?.type === SUBNET_TYPE ? ctx.store.get(vnetIdOf(subnet.id)) : undefined;
  if (!subnet || !vnet || String(vnet.body.location) !== location) throw invalidReference(subnetId, byId);
  return subnet;
}

export function subnetRoutes(): ArmRoute[] {
  return [
    { method: 'PUT', path: SUBNET_PATH, resourceType: 'virtualNetworks/subnets', handle: createOrUpdate },
    {
      method: 'GET',
      path: SUBNET_PATH,
      resourceType: 'virtualNetworks/subnets',
      handle: (req, ctx) => ({ status: 200, body: requireSubnet(req, ctx).body }),
    },
    {
      method: 'GET',
      path: `${itemPath(VNETS)}/subnets`,
      resourceType: 'virtualNetworks/subnets',
      handle: (req, ctx) => ({
        status: 200,
        body: ctx.page(
          ctx.store.list({ type: SUBNET_TYPE, under: requireVnet(req, ctx).id }).map((s) => s.body),
          req,
        ),
      }),
    },
    { method: 'DELETE', path: SUBNET_PATH, resourceType: 'virtualNetworks/subnets', handle: remove },
  ];
}

function requireVnet(req: ArmRequest, ctx: ArmContext): StoredResource {
  groupOf(req, ctx);
  const { subscriptionId = '', resourceGroupName = '', virtualNetworkName = '' } = req.params;
  const id = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/${VNETS.namespace}/virtualNetworks/${virtualNetworkName}`;
  const vnet = ctx.store.get(id);
  if (!vnet) {
    if (req.method === 'PUT') throw parentNotFound('virtualNetworks/subnets', id, req.method);
    throw resourceNotFound(`${VNETS.namespace}/virtualNetworks`, virtualNetworkName, resourceGroupName);
  }
  return vnet;
}

function requireSubnet(req: ArmRequest, ctx: ArmContext): StoredResource {
  const vnet = requireVnet(req, ctx);
  const subnet = ctx.store.get(`${vnet.id}/subnets/${req.params.subnetName ?? ''}`);
  if (!subnet)
    throw resourceNotFound(
      SUBNET_TYPE,
      `${String(vnet.body.name)}/${req.params.subnetName ?? ''}`,
      req.params.resourceGroupName ?? '',
    );
  return subnet;
}

function createOrUpdate(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const vnet = requireVnet(req, ctx);
  const name = req.params.subnetName ?? '';
  const spec = subnetSpec(vnet.id, name, objectOf(bodyOf(req).properties));
  const space = addressSpaceOf(objectOf(vnet.body.properties));
  const siblings = ctx.store
    .list({ type: SUBNET_TYPE, under: vnet.id })
    .filter((s) => String(s.body.name).toLowerCase() !== name.toLowerCase())
    .map((s) => subnetSpec(vnet.id, String(s.body.name), objectOf(s.body.properties)));
  checkPlacement(String(vnet.body.name), space, [spec, ...siblings]);
  const id = `${vnet.id}/subnets/${name}`;
  const existing = ctx.store.get(id);
  const body = subnetBody(vnet.id, String(vnet.body.location), spec);
  const response = startWrite({
    req,
    ctx,
    id: existing?.id ?? id,
    type: SUBNET_TYPE,
    body,
    created: !existing,
    location: String(vnet.body.location),
    afterSettled: () => mirrorSubnets(ctx, vnet.id),
  });
  refreshSubnetEndpoints(ctx, id);
  return response;
}

/** The VNet's address space as CIDR ranges (malformed entries were refused when it was written). */
export function addressSpaceOf(vnetProperties: Record<string, unknown>): Cidr[] {
  const prefixes = objectOf(vnetProperties.addressSpace).addressPrefixes;
  return (Array.isArray(prefixes) ? prefixes : [])
    .map((p) => parseCidr(String(p)))
    .filter((c): c is Cidr => c !== undefined);
}

function remove(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const vnet = requireVnet(req, ctx);
  const id = `${vnet.id}/subnets/${req.params.subnetName ?? ''}`;
  return startDelete(req, ctx, id, String(vnet.body.location), () => {
    const user = subnetInUseBy(ctx, id);
    if (user) throw subnetInUse(req.params.subnetName ?? '', user);
  });
}

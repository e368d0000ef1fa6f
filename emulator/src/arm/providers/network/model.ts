/**
 * What the Microsoft.Network resources share: type names, ids, etags, the network resource provider's
 * errors (wire format and wording as NRP answers) and its write pattern — the resource is stored at
 * once in provisioningState 'Updating' (NRP's only transitional state besides 'Deleting'), the answer
 * is 201 (create) or 200 (update) with Azure-AsyncOperation, and the operation settles it 'Succeeded'.
 */
import { randomUUID } from 'node:crypto';
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import { groupOf, objectOf, setProvisioningState, trackedId, type TrackedType } from '../tracked/resource.js';

export const NS = 'Microsoft.Network';
export const VNET_TYPE = `${NS}/virtualNetworks`;
export const SUBNET_TYPE = `${NS}/virtualNetworks/subnets`;
export const PRIVATE_ENDPOINT_TYPE = `${NS}/privateEndpoints`;
export const ZONE_GROUP_TYPE = `${NS}/privateEndpoints/privateDnsZoneGroups`;
export const NIC_TYPE = `${NS}/networkInterfaces`;
export const DNS_ZONE_TYPE = `${NS}/privateDnsZones`;
export const A_RECORD_TYPE = `${NS}/privateDnsZones/A`;

export const VNETS: TrackedType = { namespace: NS, type: 'virtualNetworks', param: 'virtualNetworkName' };
export const PRIVATE_ENDPOINTS: TrackedType = { namespace: NS, type: 'privateEndpoints', param: 'privateEndpointName' };
export const NICS: TrackedType = { namespace: NS, type: 'networkInterfaces', param: 'networkInterfaceName' };
export const DNS_ZONES: TrackedType = { namespace: NS, type: 'privateDnsZones', param: 'privateZoneName' };

/** A weak etag as NRP sends them (a new one on every write). */
export function newEtag(): string {
  return `W/"${randomUUID()}"`;
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(objectOf) : [];
}

/** The last segment of an id. */
export function nameOf(id: string): string {
  return id.split('/').filter(Boolean).pop() ?? '';
}

/** The subnet's virtual network id: the subnet id without its last two segments. */
export function vnetIdOf(subnetId: string): string {
  return subnetId.split('/').slice(0, -2).join('/');
}

/** 400 InvalidResourceReference: NRP's answer for any reference to a resource it cannot find. */
export function invalidReference(referencedId: string, byId: string): ArmError {
  return new ArmError(
    400,
    'InvalidResourceReference',
    `Resource ${referencedId} referenced by resource ${byId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
  );
}

/** 404 ParentResourceNotFound: ARM's answer for a child resource whose parent does not exist. */
export function parentNotFound(childType: string, parentId: string, method: string): ArmError {
  const verb = method === 'GET' ? 'read' : method === 'DELETE' ? 'delete' : 'write';
  return new ArmError(
    404,
    'ParentResourceNotFound',
    `Failed to perform '${verb}' on resource(s) of type '${childType}', because the parent resource '${parentId}' could not be found.`,
  );
}

/** Stores `body` as 'Updating' and settles it 'Succeeded' (201 on create, 200 on update). */
export function startWrite(spec: {
  req: ArmRequest;
  ctx: ArmContext;
  id: string;
  type: string;
  body: Record<string, unknown>;
  created: boolean;
  /** Region of the operation (the resource's, or its parent's for child resources). */
  location: string;
  internal?: Record<string, unknown>;
  initialStatus?: 200 | 201 | 202;
  headers?: 'azure-async-operation' | 'both';
  /** Runs once the resource is 'Succeeded' (e.g. to settle inline children, refresh a parent's copy). */
  afterSettled?: () => void;
}): ArmResponse {
  const { ctx, id, body } = spec;
  body.properties = { ...objectOf(body.properties), provisioningState: 'Updating' };
  ctx.store.put(id, spec.type, body, spec.internal);
  return ctx.lro.start({
    req: spec.req,
    namespace: NS,
    location: spec.location,
    initialStatus: spec.initialStatus ?? (spec.created ? 201 : 200),
    initialBody: body,
    headers: spec.headers ?? 'azure-async-operation',
    complete: () => {
      setProvisioningState(ctx, id, 'Succeeded');
      spec.afterSettled?.();
      return { status: 200, body: ctx.store.get(id)?.body };
    },
    onFailure: () => setProvisioningState(ctx, id, 'Failed'),
  });
}

/** DELETE as NRP answers it: 202 with Azure-AsyncOperation and Location, 204 when nothing exists. */
export function startDelete(
  req: ArmRequest,
  ctx: ArmContext,
  id: string,
  location: string,
  beforeDelete?: () => void,
): ArmResponse {
  const existing = ctx.store.get(id);
  if (!existing) return { status: 204 };
  beforeDelete?.();
  setProvisioningState(ctx, existing.id, 'Deleting');
  return ctx.lro.start({
    req,
    namespace: NS,
    location,
    initialStatus: 202,
    headers: 'both',
    complete: () => {
      ctx.store.deleteTree(existing.id);
    },
    onFailure: () => setProvisioningState(ctx, existing.id, 'Succeeded'),
  });
}

/** DELETE of a tracked network resource (startDelete in its region); `beforeDelete` may refuse it. */
export function deleteTrackedResource(
  req: ArmRequest,
  ctx: ArmContext,
  t: TrackedType,
  beforeDelete?: (existing: StoredResource) => void,
): ArmResponse {
  groupOf(req, ctx);
  const existing = ctx.store.get(trackedId(req, t));
  if (!existing) return { status: 204 };
  return startDelete(req, ctx, existing.id, String(existing.body.location), () => beforeDelete?.(existing));
}

/**
 * What the consumer resource providers (AKS, App Service, Container Apps, Container Instances) share:
 * route templates for a resource-group tracked resource, lookups with ARM's 404s, list routes by
 * resource group and subscription (paged), location checks, systemData, and provisioning/deletion as
 * long-running operations (state stored at once in its transitional provisioningState, settled when
 * the operation completes).
 */
import { ArmError, invalidRequestContent, resourceNotFound } from '../../errors.js';
import { findRegion } from '../../catalog/locations.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import type { StoredResource } from '../../store.js';

export interface TrackedType {
  namespace: string;
  /** Resource type within the namespace, e.g. managedClusters. */
  type: string;
  /** Route parameter holding the resource name. */
  param: string;
}

export function fullType(t: TrackedType): string {
  return `${t.namespace}/${t.type}`;
}

export function collectionPath(t: TrackedType): string {
  return `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${t.namespace}/${t.type}`;
}

export function itemPath(t: TrackedType): string {
  return `${collectionPath(t)}/{${t.param}}`;
}

export function trackedId(req: ArmRequest, t: TrackedType): string {
  const { subscriptionId = '', resourceGroupName = '' } = req.params;
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/${t.namespace}/${t.type}/${req.params[t.param] ?? ''}`;
}

export function groupOf(req: ArmRequest, ctx: ArmContext): StoredResource {
  return ctx.requireResourceGroup(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
}

/** The stored resource, or 404 ResourceGroupNotFound / ResourceNotFound. */
export function requireTracked(req: ArmRequest, ctx: ArmContext, t: TrackedType): StoredResource {
  groupOf(req, ctx);
  const found = ctx.store.get(trackedId(req, t));
  if (!found) throw resourceNotFound(fullType(t), req.params[t.param] ?? '', req.params.resourceGroupName ?? '');
  return found;
}

/** GET list by resource group and by subscription, each paged with nextLink. */
export function listRoutes(t: TrackedType, view: (r: StoredResource) => unknown = (r) => r.body): ArmRoute[] {
  const list = (req: ArmRequest, ctx: ArmContext, under: string): ArmResponse => ({
    status: 200,
    body: ctx.page(ctx.store.list({ type: fullType(t), under }).map(view), req),
  });
  return [
    {
      method: 'GET',
      path: collectionPath(t),
      resourceType: t.type,
      handle: (req, ctx) => list(req, ctx, groupOf(req, ctx).id),
    },
    {
      method: 'GET',
      path: `/subscriptions/{subscriptionId}/providers/${t.namespace}/${t.type}`,
      resourceType: t.type,
      handle: (req, ctx) => {
        ctx.requireSubscription(req.params.subscriptionId ?? '');
        return list(req, ctx, `/subscriptions/${req.params.subscriptionId ?? ''}`);
      },
    },
  ];
}

/** The request body as an object (400 InvalidRequestContent otherwise). */
export function bodyOf(req: ArmRequest): Record<string, unknown> {
  const body = req.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw invalidRequestContent('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

export function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The region name ('westeurope') of a request's location, with ARM's errors. */
export function requireLocation(value: unknown, type: string): string {
  if (typeof value !== 'string') throw invalidRequestContent("Required property 'location' not found in JSON");
  const region = findRegion(value);
  if (!region)
    throw new ArmError(
      400,
      'LocationNotAvailableForResourceType',
      `The provided location '${value}' is not available for resource type '${type}'.`,
    );
  return region.name;
}

/** An existing resource keeps its location: ARM answers a different one with 400 InvalidResourceLocation. */
export function sameLocation(existing: StoredResource | undefined, location: string): void {
  if (!existing || existing.body.location === location) return;
  const group = existing.id.split('/')[4] ?? '';
  throw new ArmError(
    400,
    'InvalidResourceLocation',
    `The resource '${String(existing.body.name)}' already exists in location '${String(existing.body.location)}' in resource group '${group}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
  );
}

export function systemData(
  req: ArmRequest,
  existingBody: Record<string, unknown> | undefined,
  now: string,
): Record<string, unknown> {
  const previous = objectOf(existingBody?.systemData);
  return {
    createdBy: previous.createdBy ?? req.principal.objectId,
    createdByType: previous.createdByType ?? 'Application',
    createdAt: previous.createdAt ?? now,
    lastModifiedBy: req.principal.objectId,
    lastModifiedByType: 'Application',
    lastModifiedAt: now,
  };
}

export function setProvisioningState(ctx: ArmContext, id: string, provisioningState: string): void {
  ctx.store.update(id, (r) => {
    r.body = { ...r.body, properties: { ...objectOf(r.body.properties), provisioningState } };
  });
}

export interface ProvisionSpec {
  req: ArmRequest;
  ctx: ArmContext;
  namespace: string;
  id: string;
  type: string;
  body: Record<string, unknown>;
  /** Transitional state shown while the operation runs (Creating, Updating, …). */
  transitional: string;
  initialStatus: 200 | 201 | 202;
  headers: 'azure-async-operation' | 'location' | 'both';
  internal?: Record<string, unknown>;
}

/** Stores the resource in its transitional state and settles it (Succeeded / Failed) as an LRO. */
export function provision(spec: ProvisionSpec): ArmResponse {
  const { ctx, id, body } = spec;
  body.properties = { ...objectOf(body.properties), provisioningState: spec.transitional };
  ctx.store.put(id, spec.type, body, spec.internal);
  return ctx.lro.start({
    req: spec.req,
    namespace: spec.namespace,
    location: String(body.location ?? 'global'),
    initialStatus: spec.initialStatus,
    initialBody: body,
    headers: spec.headers,
    complete: () => {
      setProvisioningState(ctx, id, 'Succeeded');
      return { status: 200, body: ctx.store.get(id)?.body };
    },
    onFailure: () => setProvisioningState(ctx, id, 'Failed'),
  });
}

/** DELETE as a long-running operation (202 + polling headers), 204 when nothing exists. */
export function deleteTracked(
  req: ArmRequest,
  ctx: ArmContext,
  t: TrackedType,
  headers: 'azure-async-operation' | 'location' | 'both',
): ArmResponse {
  groupOf(req, ctx);
  const existing = ctx.store.get(trackedId(req, t));
  if (!existing) return { status: 204 };
  setProvisioningState(ctx, existing.id, 'Deleting');
  return ctx.lro.start({
    req,
    namespace: t.namespace,
    location: String(existing.body.location ?? 'global'),
    initialStatus: 202,
    headers,
    complete: () => {
      ctx.store.deleteTree(existing.id);
    },
    onFailure: () => setProvisioningState(ctx, existing.id, 'Failed'),
  });
}

export function validateName(name: string, pattern: RegExp, type: string, rule: string): void {
  if (!pattern.test(name))
    throw new ArmError(
      400,
      'InvalidResourceName',
      `The resource name '${name}' is invalid for type '${type}'. ${rule}`,
    );
}

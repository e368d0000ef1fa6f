/**
 * What the tracked (resource-group) resource providers (AKS, App Service, Container Apps, Container
 * Instances, Microsoft.Network) share: their route table (PUT, PATCH, GET, DELETE on one resource,
 * lists by resource group and subscription, paged), lookups with ARM's 404s, a PUT's name, location
 * and existing-resource checks, systemData, system-assigned identities, and provisioning/deletion as
 * long-running operations (state stored at once in its transitional provisioningState, settled when
 * the operation completes).
 */
import { ArmError, invalidRequestContent, resourceNotFound } from '../../errors.js';
import { findRegion } from '../../catalog/locations.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute, HttpMethod } from '../../provider.js';
import { deterministicUuid } from '../../../shared/ids.js';
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

type TrackedHandler = (req: ArmRequest, ctx: ArmContext) => ArmResponse;

export interface TrackedHandlers {
  /** PUT: create or update (absent for resources Azure creates itself, e.g. an endpoint's NIC). */
  create?: TrackedHandler;
  /** PATCH, where the resource type has one. */
  update?: TrackedHandler;
  /** DELETE, where the resource type has one. */
  remove?: TrackedHandler;
  /** What GET and the lists return for a stored resource (default: its body). */
  view?: (ctx: ArmContext, resource: StoredResource) => unknown;
  /** POST actions on one resource, by last path segment (e.g. listSecrets). */
  actions?: Record<string, TrackedHandler>;
}

/** The routes of a tracked resource type: those `handlers` has, GET on one, lists by group and subscription. */
export function trackedRoutes(t: TrackedType, handlers: TrackedHandlers): ArmRoute[] {
  const view = handlers.view ?? ((_ctx, r) => r.body);
  const route = (method: HttpMethod, path: string, handle: TrackedHandler): ArmRoute => ({
    method,
    path,
    resourceType: t.type,
    handle,
  });
  const optional = (method: HttpMethod, handle: TrackedHandler | undefined) =>
    handle ? [route(method, itemPath(t), handle)] : [];
  const list = (req: ArmRequest, ctx: ArmContext, under: string): ArmResponse => ({
    status: 200,
    body: ctx.page(
      ctx.store.list({ type: fullType(t), under }).map((r) => view(ctx, r)),
      req,
    ),
  });
  return [
    ...optional('PUT', handlers.create),
    ...optional('PATCH', handlers.update),
    route('GET', itemPath(t), (req, ctx) => ({ status: 200, body: view(ctx, requireTracked(req, ctx, t)) })),
    ...optional('DELETE', handlers.remove),
    route('GET', collectionPath(t), (req, ctx) => list(req, ctx, groupOf(req, ctx).id)),
    route('GET', `/subscriptions/{subscriptionId}/providers/${t.namespace}/${t.type}`, (req, ctx) => {
      ctx.requireSubscription(req.params.subscriptionId ?? '');
      return list(req, ctx, `/subscriptions/${req.params.subscriptionId ?? ''}`);
    }),
    ...Object.entries(handlers.actions ?? {}).map(([action, handle]) =>
      route('POST', `${itemPath(t)}/${action}`, handle),
    ),
  ];
}

/** What a PUT starts from once its name, resource group, body and location passed the checks. */
export interface TrackedPut {
  name: string;
  group: StoredResource;
  input: Record<string, unknown>;
  /** The region name, e.g. 'westeurope'. */
  location: string;
  /** The id in the request's casing (a stored resource keeps the casing of its first PUT). */
  id: string;
  existing: StoredResource | undefined;
}

/** A PUT's checks, in this order: name, resource group, body, location, and the location it already has. */
export function trackedPut(
  req: ArmRequest,
  ctx: ArmContext,
  t: TrackedType,
  naming: { pattern: RegExp; rule: string },
): TrackedPut {
  const name = req.params[t.param] ?? '';
  validateName(name, naming.pattern, fullType(t), naming.rule);
  const group = groupOf(req, ctx);
  const input = bodyOf(req);
  const location = requireLocation(input.location, fullType(t));
  const id = trackedId(req, t);
  const existing = ctx.store.get(id);
  sameLocation(existing, location);
  return { name, group, input, location, id, existing };
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

/**
 * A requested identity; a system-assigned one gets a principal (`<kind>:<id>` keys its ids) in the
 * tenant, so that role assignments such as AcrPull can name it.
 */
export function systemAssignedIdentity(
  ctx: ArmContext,
  id: string,
  requested: unknown,
  kind: string,
): Record<string, unknown> {
  const identity = objectOf(requested);
  const type = String(identity.type ?? 'None');
  if (!type.includes('SystemAssigned')) return identity;
  const principalId = deterministicUuid(ctx.tenantId, `${kind}:${id.toLowerCase()}`);
  ctx.directory.upsert({
    clientId: deterministicUuid(ctx.tenantId, `${kind}-client:${id.toLowerCase()}`),
    objectId: principalId,
    displayName: id.split('/').pop() ?? '',
    secrets: [],
    federatedCredentials: [],
  });
  return { ...identity, type, principalId, tenantId: ctx.tenantId };
}

/**
 * What every child resource of a registry (replications, webhooks, scope maps, tokens, cache rules,
 * credential sets, connected registries, private endpoint connections) shares, as ACR implements it
 * in api-version 2025-11-01:
 * - PUT creates (201) or replaces (200) and PATCH updates (201): long-running, Azure-AsyncOperation,
 *   the body first in a transitional provisioningState (Creating / Updating), then Succeeded;
 * - DELETE answers 202 + Location (final-state-via location), 204 when there is nothing to delete;
 * - operations are named `<type>-<uuid>` (e.g. replications-…), as in ACR's polling URLs;
 * - a child of a missing registry is 404 ResourceNotFound naming the registry.
 */
import { randomUUID } from 'node:crypto';
import { ArmError, resourceNotFound } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute, HttpMethod } from '../../provider.js';
import { normalize } from '../../resourceId.js';
import type { StoredResource } from '../../store.js';
import { REGISTRY_TYPE } from './registryModel.js';
import { REGISTRY_PATH, requireRegistry } from './registries.js';

export const NS = 'Microsoft.ContainerRegistry';

export interface ChildKind {
  /** Path segment of the collection, e.g. 'replications'. */
  segment: string;
  /** Route parameter naming one child, e.g. 'replicationName'. */
  param: string;
  /** Allowed names (the spec's pattern and 5-50 length), when the spec constrains them. */
  namePattern?: RegExp;
}

export type Body = Record<string, unknown>;

export const childType = (kind: ChildKind): string => `${REGISTRY_TYPE}/${kind.segment}`;
export const resourceTypeOf = (kind: ChildKind): string => `registries/${kind.segment}`;
export const collectionPath = (kind: ChildKind): string => `${REGISTRY_PATH}/${kind.segment}`;
export const itemPath = (kind: ChildKind): string => `${REGISTRY_PATH}/${kind.segment}/{${kind.param}}`;
export const childId = (registry: StoredResource, kind: ChildKind, name: string): string =>
  `${registry.id}/${kind.segment}/${name}`;
export const childName = (req: ArmRequest, kind: ChildKind): string => req.params[kind.param] ?? '';

/** The parsed request body as an object ({} when absent or not an object). */
export function asObject(value: unknown): Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : {};
}

export function propertiesOf(resource: { body: Body }): Body {
  return asObject(resource.body.properties);
}

export function validateChildName(kind: ChildKind, name: string): void {
  if (!kind.namePattern) return;
  if (name.length < 5 || name.length > 50 || !kind.namePattern.test(name)) {
    throw new ArmError(
      400,
      'InvalidResourceName',
      `The resource name '${name}' is invalid. It must be between 5 and 50 characters and match '${kind.namePattern.source}'.`,
    );
  }
}

/** The registry of the request and its child named by the route, or 404 for either. */
export function requireChild(
  req: ArmRequest,
  ctx: ArmContext,
  kind: ChildKind,
): { registry: StoredResource; child: StoredResource } {
  const registry = requireRegistry(req, ctx);
  const name = childName(req, kind);
  const child = ctx.store.get(childId(registry, kind, name));
  if (!child)
    throw resourceNotFound(
      REGISTRY_TYPE,
      `${String(registry.body.name)}/${kind.segment}/${name}`,
      req.params.resourceGroupName ?? '',
    );
  return { registry, child };
}

/** GET on the collection: the registry's children of `kind` in creation order, paged. */
export function listChildren(req: ArmRequest, ctx: ArmContext, kind: ChildKind): ArmResponse {
  const registry = requireRegistry(req, ctx);
  const items = ctx.store.list({ type: childType(kind), under: registry.id }).map((r) => r.body);
  return { status: 200, body: ctx.page(items, req) };
}

/** A common child body: id, name, type, then `extra` (location, tags, identity…) and properties. */
export function childBody(
  registry: StoredResource,
  kind: ChildKind,
  name: string,
  properties: Body,
  extra: Body = {},
): Body {
  return { id: childId(registry, kind, name), name, type: childType(kind), ...extra, properties };
}

export function operationId(kind: ChildKind): string {
  return `${kind.segment.toLowerCase()}-${randomUUID()}`;
}

export interface ChildWrite {
  req: ArmRequest;
  ctx: ArmContext;
  kind: ChildKind;
  registry: StoredResource;
  id: string;
  body: Body;
  /** Emulator-only data kept beside the body (secrets); default: keep what is stored. */
  internal?: Body;
  status: 200 | 201;
  transitional: 'Creating' | 'Updating';
  /** Extra changes once the operation succeeds (e.g. a replication's status becomes Ready). */
  onSucceeded?: (properties: Body) => Body;
  /** Runs once the stored resource shows its final state (e.g. to mirror it into the registry). */
  afterSettled?: () => void;
}

/** Stores `body` in its transitional state and finishes it as a long-running operation. */
export function startChildWrite(write: ChildWrite): ArmResponse {
  const { ctx, id, kind, registry } = write;
  const settle = (change: (properties: Body) => Body) =>
    ctx.store.update(id, (r) => {
      r.body = { ...r.body, properties: change(propertiesOf(r)) };
    });
  const body = {
    ...write.body,
    properties: { ...asObject(write.body.properties), provisioningState: write.transitional },
  };
  ctx.store.put(id, childType(kind), body, write.internal);
  return ctx.lro.start({
    req: write.req,
    namespace: NS,
    location: String(registry.body.location),
    initialStatus: write.status,
    initialBody: structuredClone(body),
    headers: 'azure-async-operation',
    operationId: operationId(kind),
    complete: () => {
      settle((p) => ({ ...(write.onSucceeded ? write.onSucceeded(p) : p), provisioningState: 'Succeeded' }));
      write.afterSettled?.();
    },
    onFailure: () => {
      settle((p) => ({ ...p, provisioningState: 'Failed' }));
      write.afterSettled?.();
    },
  });
}

/** DELETE of a child: 202 + Location while it is deleted, 204 when it does not exist. */
export function startChildDelete(
  req: ArmRequest,
  ctx: ArmContext,
  kind: ChildKind,
  beforeDelete?: (child: StoredResource, registry: StoredResource) => void,
  afterDelete?: (registry: StoredResource) => void,
): ArmResponse {
  const registry = requireRegistry(req, ctx);
  const child = ctx.store.get(childId(registry, kind, childName(req, kind)));
  if (!child) return { status: 204 };
  beforeDelete?.(child, registry);
  ctx.store.update(child.id, (r) => {
    r.body = { ...r.body, properties: { ...propertiesOf(r), provisioningState: 'Deleting' } };
  });
  return ctx.lro.start({
    req,
    namespace: NS,
    location: String(registry.body.location),
    initialStatus: 202,
    headers: 'location',
    operationId: operationId(kind),
    complete: () => {
      ctx.store.deleteTree(child.id);
      afterDelete?.(registry);
    },
    onFailure: () =>
      ctx.store.update(child.id, (r) => {
        r.body = { ...r.body, properties: { ...propertiesOf(r), provisioningState: 'Failed' } };
      }),
  });
}

type ChildHandler = (req: ArmRequest, ctx: ArmContext) => ArmResponse;

export interface ChildHandlers {
  /** PUT: create or replace. */
  create: ChildHandler;
  /** PATCH, where ACR has one. */
  update?: ChildHandler;
  /** DELETE; default startChildDelete. */
  remove?: ChildHandler;
  /** POST actions on one child, by last path segment (e.g. ping). */
  actions?: Record<string, ChildHandler>;
}

/** The routes every child kind has: PUT, PATCH, GET and DELETE on one child, GET on the collection. */
export function childRoutes(kind: ChildKind, handlers: ChildHandlers): ArmRoute[] {
  const resourceType = resourceTypeOf(kind);
  const item = itemPath(kind);
  const route = (method: HttpMethod, path: string, handle: ChildHandler): ArmRoute => ({
    method,
    path,
    resourceType,
    handle,
  });
  return [
    route('PUT', item, handlers.create),
    ...(handlers.update ? [route('PATCH', item, handlers.update)] : []),
    route('GET', item, (req, ctx) => ({ status: 200, body: requireChild(req, ctx, kind).child.body })),
    route('DELETE', item, handlers.remove ?? ((req, ctx) => startChildDelete(req, ctx, kind))),
    route('GET', collectionPath(kind), (req, ctx) => listChildren(req, ctx, kind)),
    ...Object.entries(handlers.actions ?? {}).map(([action, handle]) => route('POST', `${item}/${action}`, handle)),
  ];
}

/**
 * `routes` whose handlers (those `applies` selects) first run `prepare` on the request's registry:
 * how children ACR creates implicitly (built-in scope maps, the home replication) appear on first use.
 */
export function preparing(
  routes: ArmRoute[],
  prepare: (ctx: ArmContext, registry: StoredResource) => void,
  applies: (route: ArmRoute) => boolean = () => true,
): ArmRoute[] {
  return routes.map((route) =>
    applies(route)
      ? {
          ...route,
          handle: (req, ctx) => {
            prepare(ctx, requireRegistry(req, ctx));
            return route.handle(req, ctx);
          },
        }
      : route,
  );
}

/** The child of `kind` of this registry that a resource id names, or 404 ResourceNotFound naming `noun`. */
export function requireSibling(
  ctx: ArmContext,
  registry: StoredResource,
  kind: ChildKind,
  id: string,
  noun: string,
): StoredResource {
  const found = ctx.store.get(id);
  const underRegistry = normalize(id).startsWith(`${normalize(registry.id)}/${kind.segment.toLowerCase()}/`);
  if (!found || found.type !== childType(kind) || !underRegistry) {
    throw new ArmError(
      404,
      'ResourceNotFound',
      `The ${noun} '${id}' could not be found in registry '${String(registry.body.name)}'.`,
    );
  }
  return found;
}

/** Copies the listed keys of `from` that are present into a new object. */
export function pick(from: Body, keys: readonly string[]): Body {
  const out: Body = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
}

export function requireString(value: unknown, property: string): string {
  if (typeof value !== 'string' || value === '')
    throw new ArmError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: 'Required property '${property}' not found in JSON.'.`,
    );
  return value;
}

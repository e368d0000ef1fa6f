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
import type { ArmContext, ArmRequest, ArmResponse } from '../../provider.js';
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
  afterDelete?: () => void,
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
      afterDelete?.();
    },
    onFailure: () =>
      ctx.store.update(child.id, (r) => {
        r.body = { ...r.body, properties: { ...propertiesOf(r), provisioningState: 'Failed' } };
      }),
  });
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

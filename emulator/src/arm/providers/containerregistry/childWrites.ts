/**
 * What the PUT and PATCH handlers of every registry child start from and end with: the request's
 * registry, the child's validated name and id and what is stored there, the body and its properties;
 * then the write as ACR answers it (children.ts startChildWrite) — PUT 201 Creating for a new child
 * or 200 Updating for a replaced one, PATCH 201 Updating.
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import { requireRegistry } from './registries.js';
import {
  asObject,
  childBody,
  childId,
  childName,
  requireChild,
  startChildWrite,
  validateChildName,
  type Body,
  type ChildKind,
  type ChildWrite,
} from './children.js';

interface ChildRequest {
  req: ArmRequest;
  ctx: ArmContext;
  kind: ChildKind;
  registry: StoredResource;
  /** The request body as an object, and its `properties`. */
  input: Body;
  props: Body;
}

export interface ChildPut extends ChildRequest {
  name: string;
  id: string;
  existing: StoredResource | undefined;
}

export interface ChildPatch extends ChildRequest {
  child: StoredResource;
}

/** What the write adds besides the body: secrets, and what happens when it settles. */
type WriteExtras = Pick<ChildWrite, 'internal' | 'onSucceeded' | 'afterSettled'>;

function requestBody(req: ArmRequest): { input: Body; props: Body } {
  const input = asObject(req.body);
  return { input, props: asObject(input.properties) };
}

/**
 * A PUT's registry (404 when missing) and child name (400 when invalid); `prepare` runs before the
 * existing child is looked up (e.g. to store the registry's implicit children first).
 */
export function childPut(
  req: ArmRequest,
  ctx: ArmContext,
  kind: ChildKind,
  prepare?: (registry: StoredResource) => void,
): ChildPut {
  const registry = requireRegistry(req, ctx);
  const name = childName(req, kind);
  validateChildName(kind, name);
  prepare?.(registry);
  const id = childId(registry, kind, name);
  return { req, ctx, kind, registry, name, id, existing: ctx.store.get(id), ...requestBody(req) };
}

/** Stores the PUT's child with these properties (and `extra` top-level fields such as location, tags). */
export function startPut(put: ChildPut, write: { properties: Body; extra?: Body } & WriteExtras): ArmResponse {
  const { properties, extra, ...extras } = write;
  return startChildWrite({
    req: put.req,
    ctx: put.ctx,
    kind: put.kind,
    registry: put.registry,
    id: put.id,
    body: childBody(put.registry, put.kind, put.name, properties, extra),
    ...extras,
    status: put.existing ? 200 : 201,
    transitional: put.existing ? 'Updating' : 'Creating',
  });
}

/** A PATCH's registry and child (404 for either). */
export function childPatch(req: ArmRequest, ctx: ArmContext, kind: ChildKind): ChildPatch {
  return { req, ctx, kind, ...requireChild(req, ctx, kind), ...requestBody(req) };
}

/** Stores the patched child's new body. */
export function startPatch(patch: ChildPatch, write: { body: Body } & WriteExtras): ArmResponse {
  return startChildWrite({
    req: patch.req,
    ctx: patch.ctx,
    kind: patch.kind,
    registry: patch.registry,
    id: patch.child.id,
    ...write,
    status: 201,
    transitional: 'Updating',
  });
}

/** A child with a location keeps it: ARM answers another one with 400 InvalidResourceLocation. */
export function keepLocation(put: ChildPut, location: string): void {
  const { existing } = put;
  if (!existing || existing.body.location === location) return;
  throw new ArmError(
    400,
    'InvalidResourceLocation',
    `The resource '${put.name}' already exists in location '${String(existing.body.location)}' in resource group '${put.req.params.resourceGroupName ?? ''}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
  );
}

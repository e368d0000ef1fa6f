/**
 * What-if (Deployments_WhatIf): the changes a deployment would make, as WhatIfOperationResult —
 * changes[] with changeType Create (absent), Modify (a property the template sets differs), NoChange,
 * and for the group's other top-level resources Delete (Complete mode) or Ignore (Incremental mode);
 * `delta` lists property changes by dotted path with propertyChangeType Create, Modify, Delete or Array
 * (children by index). Only properties the template sets are compared, so values the resource
 * provider fills in (provisioningState, loginServer, …) are not noise; locations compare ignoring case
 * and spaces; array elements compare the same way, recursively (what the service fills into an
 * element, or the order it returns an element's keys in, is no change). `after` is `before` with the
 * template's values laid over it, element by element in arrays, so an unchanged resource has
 * `after` equal to `before`. reference() to a resource that does not exist yet keeps its expression
 * text, as what-if shows values known only after deployment. Secure parameter values are masked
 * everywhere in the answer (secureValues.ts).
 */
import type { ArmContext } from '../../provider.js';
import { DEFERRED, isObject, type JsonValue, type Value } from './template/values.js';
import { evaluateBody, findResources, type PlannedResource } from './template/plan.js';
import type { ResolutionHooks } from './template/template.js';
import { contextFor, type Prepared } from './prepare.js';
import type { ArmCaller } from './dispatch.js';
import { topLevelResources } from './completeMode.js';
import { secureValueMasker } from './secureValues.js';

export interface PropertyChange {
  path: string;
  propertyChangeType: 'Create' | 'Delete' | 'Modify' | 'Array' | 'NoEffect';
  before?: JsonValue;
  after?: JsonValue;
  children?: PropertyChange[];
}

export async function computeWhatIf(
  ctx: ArmContext,
  prepared: Prepared,
  caller: ArmCaller,
): Promise<Record<string, unknown>> {
  const current = new Map<string, Record<string, unknown> | undefined>();
  for (const resource of prepared.planned) current.set(resource.id, await caller.get(resource.id, resource.apiVersion));
  const { ctx: evaluation } = await contextFor(
    prepared.template,
    prepared.request,
    prepared.environment,
    whatIfHooks(prepared.planned, current, caller),
  );
  const changes: Record<string, unknown>[] = [];
  for (const resource of prepared.planned) {
    const body = (await evaluateBody(resource, evaluation, true)) as Record<string, JsonValue>;
    const identity = {
      id: resource.id,
      name: resource.name.split('/').pop() ?? resource.name,
      type: resource.type,
      apiVersion: resource.apiVersion,
    };
    const existing = current.get(resource.id);
    if (!existing) {
      changes.push({ resourceId: resource.id, changeType: 'Create', after: { ...identity, ...body } });
      continue;
    }
    const before = { ...(existing as Record<string, JsonValue>), apiVersion: resource.apiVersion };
    const delta = diffObject('', body, before);
    const after = mergeValues(before, body) as Record<string, JsonValue>;
    changes.push({
      resourceId: resource.id,
      changeType: delta.length > 0 ? 'Modify' : 'NoChange',
      before,
      after,
      ...(delta.length > 0 ? { delta } : {}),
    });
  }
  const planned = new Set(prepared.planned.map((p) => p.id.toLowerCase()));
  for (const other of topLevelResources(ctx, prepared.request.group.id).filter(
    (r) => !planned.has(r.id.toLowerCase()),
  )) {
    changes.push({
      resourceId: other.id,
      changeType: prepared.request.mode === 'Complete' ? 'Delete' : 'Ignore',
      before: other.body,
    });
  }
  const mask = secureValueMasker(prepared.bound);
  return { status: 'Succeeded', properties: { changes: changes.map((change) => mask(change)) } };
}

function whatIfHooks(
  planned: readonly PlannedResource[],
  current: ReadonlyMap<string, Record<string, unknown> | undefined>,
  caller: ArmCaller,
): ResolutionHooks {
  return {
    reference: async (target, apiVersion, full): Promise<Value> => {
      const inTemplate = findResources(target, planned)[0];
      const body = inTemplate
        ? current.get(inTemplate.id)
        : target.startsWith('/') && apiVersion
          ? await caller.get(target, apiVersion)
          : undefined;
      if (!body) return DEFERRED;
      return (full ? body : (body.properties ?? {})) as JsonValue;
    },
    list: async () => DEFERRED,
  };
}

function same(path: string, a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (path === 'location' && typeof a === 'string' && typeof b === 'string')
    return a.replace(/\s/g, '').toLowerCase() === b.replace(/\s/g, '').toLowerCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

function join(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** Changes the template's values would make to `before`, for the paths the template sets. */
export function diffObject(
  path: string,
  after: Record<string, JsonValue>,
  before: Record<string, JsonValue>,
): PropertyChange[] {
  const changes: PropertyChange[] = [];
  for (const [key, value] of Object.entries(after)) {
    const beforeKey = Object.keys(before).find((k) => k.toLowerCase() === key.toLowerCase());
    const childPath = join(path, key);
    if (beforeKey === undefined || before[beforeKey] === undefined || before[beforeKey] === null) {
      if (value !== null) changes.push({ path: childPath, propertyChangeType: 'Create', after: value });
      continue;
    }
    changes.push(...diffValue(childPath, value, before[beforeKey] as JsonValue));
  }
  return changes;
}

function diffValue(path: string, after: JsonValue, before: JsonValue): PropertyChange[] {
  if (isObject(after) && isObject(before)) return diffObject(path, after, before);
  if (Array.isArray(after) && Array.isArray(before)) {
    const children: PropertyChange[] = [];
    for (let i = 0; i < Math.max(after.length, before.length); i++) {
      if (i >= before.length)
        children.push({ path: String(i), propertyChangeType: 'Create', after: after[i] as JsonValue });
      else if (i >= after.length)
        children.push({ path: String(i), propertyChangeType: 'Delete', before: before[i] as JsonValue });
      else children.push(...elementChange(i, after[i] as JsonValue, before[i] as JsonValue));
    }
    // Elements compare like resources: only what the template sets counts.
    return children.length === 0 ? [] : [{ path, propertyChangeType: 'Array', children }];
  }
  return same(path, after, before) ? [] : [{ path, propertyChangeType: 'Modify', before, after }];
}

/** An array element the template changes: the element before and as predicted, with its own property changes. */
function elementChange(index: number, after: JsonValue, before: JsonValue): PropertyChange[] {
  const inner = diffValue('', after, before);
  if (inner.length === 0) return [];
  const nested = isObject(after) && isObject(before) ? { children: inner } : {};
  return [{ path: String(index), propertyChangeType: 'Modify', before, after: mergeValues(before, after), ...nested }];
}

/** The predicted resource: `before` with every value the template sets (arrays element by element). */
export function mergeValues(before: JsonValue, after: JsonValue): JsonValue {
  if (Array.isArray(before) && Array.isArray(after)) {
    return after.map((item, i) => (i < before.length ? mergeValues(before[i] as JsonValue, item) : item));
  }
  if (isObject(before) && isObject(after)) {
    const out: Record<string, JsonValue> = { ...before };
    for (const [key, value] of Object.entries(after)) {
      const existingKey = Object.keys(before).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
      out[existingKey] = mergeValues(before[existingKey] as JsonValue, value);
    }
    return out;
  }
  return after === undefined ? before : after;
}

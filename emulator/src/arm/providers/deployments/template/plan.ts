/**
 * Turns a template's resources into deployable instances: nested child resources flattened (they
 * depend on their parent), copy loops expanded, conditions, names, types, api-versions, resource ids
 * (resource-group scope, `scope` extension resources, and the older `…/providers/…` extension form)
 * and dependsOn resolved (by id, name, type/name or copy-loop name), then ordered so every resource
 * comes after its dependencies. Errors are ARM's InvalidTemplate messages.
 */
import { TemplateError, isDeferred, isObject, type JsonObject, type JsonValue } from './values.js';
import type { CopyLoop, EvaluationContext } from './functionTypes.js';
import { evaluateValue } from './evaluator.js';
import { providerPath } from './functionsResource.js';

export interface PlannedResource {
  id: string;
  /** Type as ARM resource providers know it (extension form rewritten), e.g. Microsoft.Authorization/roleAssignments. */
  type: string;
  /** Name as written in the template (parent/child for child resources). */
  name: string;
  apiVersion: string;
  copyName?: string;
  copyLoops: CopyLoop[];
  definition: JsonObject;
  /** Ids of the resources this one waits for. */
  dependsOn: string[];
}

interface Draft extends PlannedResource {
  rawDependsOn: string[];
  parentId?: string;
}

/** Resources deployed, and resources switched off by their condition (dependsOn on those is dropped, as in ARM). */
interface Collected {
  active: Draft[];
  inactive: Draft[];
}

/** Keys of a template resource that are for ARM itself, not for the resource provider. */
export const TEMPLATE_ONLY_KEYS = new Set([
  'name',
  'type',
  'apiversion',
  'dependson',
  'condition',
  'copy',
  'comments',
  'scope',
  'resources',
  'metadata',
]);

export async function planResources(
  definitions: readonly JsonValue[],
  ctx: EvaluationContext,
  resourceGroupId: string,
): Promise<PlannedResource[]> {
  const collected: Collected = { active: [], inactive: [] };
  for (const definition of definitions) await expand(definition, ctx, resourceGroupId, collected, undefined);
  const drafts = collected.active;
  const byId = new Map<string, Draft>();
  for (const draft of drafts) {
    const key = draft.id.toLowerCase();
    if (byId.has(key))
      throw new TemplateError(
        `The resource '${draft.id}' is defined multiple times in a template. Please see https://aka.ms/arm-syntax-resources for usage details.`,
      );
    byId.set(key, draft);
  }
  for (const draft of drafts) {
    const resolved = draft.rawDependsOn.flatMap((entry) => {
      const found = findResources(entry, drafts);
      if (found.length === 0 && findResources(entry, collected.inactive).length > 0) return [];
      if (found.length === 0)
        throw new TemplateError(
          `The resource '${entry}' is not defined in the template. Please see https://aka.ms/arm-syntax for usage details.`,
        );
      return found.map((d) => d.id);
    });
    draft.dependsOn = [
      ...new Set([...(draft.parentId && byId.has(draft.parentId.toLowerCase()) ? [draft.parentId] : []), ...resolved]),
    ];
  }
  return order(drafts, byId).map(({ rawDependsOn: _raw, parentId: _parent, ...planned }) => planned);
}

/** Template resources an entry names: by id, full name, type/name, or copy-loop name. */
export function findResources<T extends PlannedResource>(entry: string, resources: readonly T[]): T[] {
  const key = entry.toLowerCase();
  const exact = resources.filter(
    (r) => r.id.toLowerCase() === key || r.name.toLowerCase() === key || `${r.type}/${r.name}`.toLowerCase() === key,
  );
  return exact.length > 0 ? exact : resources.filter((r) => r.copyName?.toLowerCase() === key);
}

async function evaluated(
  value: JsonValue | undefined,
  ctx: EvaluationContext,
  what: string,
): Promise<JsonValue | undefined> {
  if (value === undefined) return undefined;
  const result = await evaluateValue(value, ctx);
  if (isDeferred(result))
    throw new TemplateError(
      `The template resource ${what} cannot use reference() or list*(): it must be known before deployment starts.`,
    );
  return result;
}

async function expand(
  definition: JsonValue,
  ctx: EvaluationContext,
  groupId: string,
  out: Collected,
  parent: Draft | undefined,
): Promise<void> {
  if (!isObject(definition)) throw new TemplateError('Each template resource must be a JSON object.');
  const copy = definition.copy;
  if (copy === undefined) return instance(definition, ctx, groupId, out, parent, undefined);
  if (!isObject(copy) || typeof copy.name !== 'string')
    throw new TemplateError("The template resource 'copy' property must be an object with a 'name' and a 'count'.");
  const count = await evaluated(copy.count, ctx, "'copy.count'");
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 800) {
    throw new TemplateError(
      `The template resource copy count '${JSON.stringify(count)}' of loop '${copy.name}' is not valid: it must be an integer between 0 and 800.`,
    );
  }
  for (let index = 0; index < count; index++) {
    const inner = { ...ctx, copyLoops: [...ctx.copyLoops, { name: copy.name, index, resource: true }] };
    await instance(definition, inner, groupId, out, parent, copy.name);
  }
}

async function instance(
  definition: JsonObject,
  ctx: EvaluationContext,
  groupId: string,
  out: Collected,
  parent: Draft | undefined,
  copyName: string | undefined,
): Promise<void> {
  const condition = await evaluated(definition.condition, ctx, "'condition'");
  const rawType = await evaluated(definition.type, ctx, "'type'");
  const rawName = await evaluated(definition.name, ctx, "'name'");
  const apiVersion = await evaluated(definition.apiVersion, ctx, "'apiVersion'");
  if (typeof rawType !== 'string' || typeof rawName !== 'string')
    throw new TemplateError("Each template resource must have a 'type' and a 'name' that are strings.");
  if (typeof apiVersion !== 'string')
    throw new TemplateError(`The template resource '${rawName}' of type '${rawType}' must have an 'apiVersion'.`);
  const type = parent && !rawType.includes('.') ? `${parent.type}/${rawType}` : rawType;
  const name = parent && !rawType.includes('.') ? `${parent.name}/${rawName}` : rawName;
  const scope = await evaluated(definition.scope, ctx, "'scope'");
  const { id, dispatchType } = resourceIdentity(type, name, typeof scope === 'string' ? scope : undefined, groupId);
  const dependsOn = (await evaluated(definition.dependsOn, ctx, "'dependsOn'")) ?? [];
  if (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== 'string'))
    throw new TemplateError(`The 'dependsOn' of template resource '${name}' must be an array of strings.`);
  const draft: Draft = {
    id,
    type: dispatchType,
    name,
    apiVersion,
    copyLoops: ctx.copyLoops.slice(),
    definition,
    dependsOn: [],
    rawDependsOn: dependsOn as string[],
    ...(copyName ? { copyName } : {}),
    ...(parent ? { parentId: parent.id } : {}),
  };
  if (condition === false) {
    out.inactive.push(draft);
    return;
  }
  out.active.push(draft);
  const children = definition.resources;
  if (Array.isArray(children)) for (const child of children) await expand(child, ctx, groupId, out, draft);
}

/** The id a template resource gets, and the type its resource provider knows it by. */
export function resourceIdentity(
  type: string,
  name: string,
  scope: string | undefined,
  groupId: string,
): { id: string; dispatchType: string } {
  const marker = type.toLowerCase().indexOf('/providers/');
  if (marker > 0) {
    // Older extension form: type 'A.B/parents/providers/C.D/ext', name 'parent/C.D/extName'.
    const parentType = type.slice(0, marker);
    const extension = type.slice(marker + '/providers/'.length).split('/');
    const parentDepth = parentType.split('/').length - 1;
    const names = name.split('/');
    const parentId = `${groupId}/${providerPath('resourceId', parentType, names.slice(0, parentDepth))}`;
    const namespace = names[parentDepth] ?? '';
    const dispatchType = `${namespace}/${extension.join('/')}`;
    return {
      id: `${parentId}/${providerPath('resourceId', dispatchType, names.slice(parentDepth + 1))}`,
      dispatchType,
    };
  }
  const base = scope ? scopeId(scope, name, groupId) : groupId;
  return { id: `${base}/${providerPath('resourceId', type, [name])}`, dispatchType: type };
}

/**
 * An extension resource's `scope`: a resource id, or a resource's full name relative to the
 * deployment's resource group ('Microsoft.ContainerRegistry/registries/myreg', the form Bicep emits
 * for `scope: registry`), which ARM resolves against the group.
 */
function scopeId(scope: string, name: string, groupId: string): string {
  const trimmed = scope.replace(/\/$/, '');
  if (trimmed.startsWith('/') || trimmed === '') return trimmed;
  const segments = trimmed.split('/');
  const plain = !/\/providers\//i.test(trimmed);
  if (!segments[0]?.includes('.') || segments.some((s) => s === '') || (plain && segments.length % 2 === 0)) {
    throw new TemplateError(
      `The scope '${scope}' of template resource '${name}' is not valid: use a resource id or a resource's full name ('{namespace}/{type}/{name}').`,
    );
  }
  return `${groupId}/providers/${trimmed}`;
}

/** Adds dependencies found later (reference() to template resources) and orders again, catching cycles. */
export function withDependencies(
  planned: readonly PlannedResource[],
  extra: ReadonlyMap<string, readonly string[]>,
): PlannedResource[] {
  const drafts: Draft[] = planned.map((p) => ({
    ...p,
    dependsOn: [...new Set([...p.dependsOn, ...(extra.get(p.id) ?? [])])].filter((d) => d !== p.id),
    rawDependsOn: [],
  }));
  const byId = new Map(drafts.map((d) => [d.id.toLowerCase(), d]));
  return order(drafts, byId).map(({ rawDependsOn: _raw, parentId: _parent, ...resource }) => resource);
}

function order<T extends Draft>(drafts: T[], byId: Map<string, T>): T[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const out: T[] = [];
  const visit = (draft: T): void => {
    const key = draft.id.toLowerCase();
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting')
      throw new TemplateError(
        `Circular dependency detected on resource: '${draft.id}'. Please see https://aka.ms/arm-syntax-resources for usage details.`,
      );
    state.set(key, 'visiting');
    for (const dependency of draft.dependsOn) visit(byId.get(dependency.toLowerCase()) as T);
    state.set(key, 'done');
    out.push(draft);
  };
  for (const draft of drafts) visit(draft);
  return out;
}

/** The body sent to the resource provider: every key that is not for ARM itself, evaluated. */
export async function evaluateBody(
  resource: PlannedResource,
  ctx: EvaluationContext,
  keepDeferredText = false,
): Promise<JsonObject> {
  const source: JsonObject = {};
  for (const [key, value] of Object.entries(resource.definition))
    if (!TEMPLATE_ONLY_KEYS.has(key.toLowerCase())) source[key] = value;
  const inner = { ...ctx, copyLoops: resource.copyLoops };
  const body = await evaluateValue(source, inner, { keepDeferredText });
  return isObject(body) ? body : {};
}

/**
 * Microsoft.ContainerRegistry/registries/scopeMaps. Every registry has ACR's system-defined scope
 * maps (_repositories_pull, _repositories_push, _repositories_admin and the two metadata variants),
 * stored on first use; they cannot be changed or deleted. User scope maps hold actions such as
 * `repositories/<repo>/content/read` (a repository name, or a prefix ending in `*`); tokens reference
 * them and registryControl.ts turns their actions into data-plane permissions.
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import {
  childBody,
  childId,
  childRoutes,
  childType,
  preparing,
  propertiesOf,
  startChildDelete,
  type Body,
  type ChildKind,
} from './children.js';
import { childPatch, childPut, startPatch, startPut } from './childWrites.js';

export const SCOPE_MAPS: ChildKind = { segment: 'scopeMaps', param: 'scopeMapName', namePattern: /^[a-zA-Z0-9-_]*$/ };
const ALL = (verbs: string[]) => verbs.map((verb) => `repositories/*/${verb}`);

/** ACR's system-defined scope maps. */
export const BUILT_IN_SCOPE_MAPS: ReadonlyArray<{ name: string; description: string; actions: string[] }> = [
  {
    name: '_repositories_admin',
    description: 'Can perform all read, write and delete operations on the registry',
    actions: ALL(['metadata/read', 'metadata/write', 'content/read', 'content/write', 'content/delete']),
  },
  {
    name: '_repositories_pull',
    description: 'Can pull any repository of the registry',
    actions: ALL(['content/read']),
  },
  {
    name: '_repositories_pull_metadata_read',
    description: 'Can perform all read operations on the registry',
    actions: ALL(['content/read', 'metadata/read']),
  },
  {
    name: '_repositories_push',
    description: 'Can push to any repository of the registry',
    actions: ALL(['content/read', 'content/write']),
  },
  {
    name: '_repositories_push_metadata_write',
    description: 'Can perform all read and write operations on the registry',
    actions: ALL(['metadata/read', 'metadata/write', 'content/read', 'content/write']),
  },
];

export function scopeMapRoutes(): ArmRoute[] {
  return preparing(childRoutes(SCOPE_MAPS, { create, update, remove }), ensureBuiltInScopeMaps);
}

/** Stores the system-defined scope maps of `registry` unless present. */
export function ensureBuiltInScopeMaps(ctx: ArmContext, registry: StoredResource): void {
  const created = String(
    (registry.body.properties as { creationDate?: string }).creationDate ?? new Date().toISOString(),
  );
  for (const builtIn of BUILT_IN_SCOPE_MAPS) {
    const id = childId(registry, SCOPE_MAPS, builtIn.name);
    if (ctx.store.get(id)) continue;
    const properties = {
      description: builtIn.description,
      type: 'SystemDefined',
      creationDate: created,
      provisioningState: 'Succeeded',
      actions: builtIn.actions,
    };
    ctx.store.put(id, childType(SCOPE_MAPS), childBody(registry, SCOPE_MAPS, builtIn.name, properties), {
      builtIn: true,
    });
  }
}

function create(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const put = childPut(req, ctx, SCOPE_MAPS);
  const { existing, props } = put;
  refuseBuiltIn(existing);
  const properties: Body = {
    ...(typeof props.description === 'string' ? { description: props.description } : {}),
    type: 'UserDefined',
    creationDate: existing ? propertiesOf(existing).creationDate : new Date().toISOString(),
    actions: requireActions(props.actions),
  };
  return startPut(put, { properties });
}

function update(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const patch = childPatch(req, ctx, SCOPE_MAPS);
  const { child, props } = patch;
  refuseBuiltIn(child);
  const properties = propertiesOf(child);
  if (typeof props.description === 'string') properties.description = props.description;
  if (props.actions !== undefined) properties.actions = requireActions(props.actions);
  return startPatch(patch, { body: { ...child.body, properties } });
}

function remove(req: ArmRequest, ctx: ArmContext): ArmResponse {
  return startChildDelete(req, ctx, SCOPE_MAPS, (child) => refuseBuiltIn(child));
}

function refuseBuiltIn(scopeMap: StoredResource | undefined): void {
  if (scopeMap?.internal.builtIn === true) {
    throw new ArmError(
      400,
      'BadRequest',
      `The scope map '${String(scopeMap.body.name)}' is system defined and cannot be modified or deleted.`,
    );
  }
}

function requireActions(value: unknown): string[] {
  const actions = Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string' && a.length > 0) : [];
  if (actions.length === 0)
    throw new ArmError(400, 'InvalidParameter', 'A scope map must contain at least one action.');
  return actions;
}

/**
 * Microsoft.ContainerRegistry/registries/cacheRules: an upstream repository cached under a target
 * repository, optionally logging in with a credential set of the same registry (referenced by
 * resource id). Source and target are fixed at creation; an update changes only the credential set
 * (CacheRuleUpdateProperties). The emulator records the rules; it does not pull through them.
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import { normalize } from '../../resourceId.js';
import { requireRegistry } from './registries.js';
import {
  asObject,
  childBody,
  childId,
  childName,
  childType,
  collectionPath,
  itemPath,
  listChildren,
  propertiesOf,
  requireChild,
  requireString,
  resourceTypeOf,
  startChildDelete,
  startChildWrite,
  validateChildName,
  type Body,
  type ChildKind,
} from './children.js';
import { CREDENTIAL_SETS } from './credentialSets.js';

export const CACHE_RULES: ChildKind = { segment: 'cacheRules', param: 'cacheRuleName', namePattern: /^[a-zA-Z0-9-]*$/ };
const TYPE = resourceTypeOf(CACHE_RULES);

export function cacheRuleRoutes(): ArmRoute[] {
  return [
    { method: 'PUT', path: itemPath(CACHE_RULES), resourceType: TYPE, handle: create },
    { method: 'PATCH', path: itemPath(CACHE_RULES), resourceType: TYPE, handle: update },
    {
      method: 'GET',
      path: itemPath(CACHE_RULES),
      resourceType: TYPE,
      handle: (req, ctx) => ({ status: 200, body: requireChild(req, ctx, CACHE_RULES).child.body }),
    },
    {
      method: 'DELETE',
      path: itemPath(CACHE_RULES),
      resourceType: TYPE,
      handle: (req, ctx) => startChildDelete(req, ctx, CACHE_RULES),
    },
    {
      method: 'GET',
      path: collectionPath(CACHE_RULES),
      resourceType: TYPE,
      handle: (req, ctx) => listChildren(req, ctx, CACHE_RULES),
    },
  ];
}

function create(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const registry = requireRegistry(req, ctx);
  const name = childName(req, CACHE_RULES);
  validateChildName(CACHE_RULES, name);
  const id = childId(registry, CACHE_RULES, name);
  const existing = ctx.store.get(id);
  const props = asObject(asObject(req.body).properties);
  const targetRepository = requireString(props.targetRepository, 'targetRepository');
  const clash = ctx.store
    .list({ type: childType(CACHE_RULES), under: registry.id })
    .find((rule) => rule.id !== existing?.id && propertiesOf(rule).targetRepository === targetRepository);
  if (clash)
    throw new ArmError(
      409,
      'Conflict',
      `The target repository '${targetRepository}' is already used by the cache rule '${String(clash.body.name)}'.`,
    );
  const properties: Body = {
    ...credentialSetOf(ctx, registry, props.credentialSetResourceId),
    sourceRepository: requireString(props.sourceRepository, 'sourceRepository'),
    targetRepository,
    creationDate: existing ? propertiesOf(existing).creationDate : new Date().toISOString(),
  };
  return startChildWrite({
    req,
    ctx,
    kind: CACHE_RULES,
    registry,
    id,
    body: childBody(registry, CACHE_RULES, name, properties),
    status: existing ? 200 : 201,
    transitional: existing ? 'Updating' : 'Creating',
  });
}

function update(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const { registry, child } = requireChild(req, ctx, CACHE_RULES);
  const props = asObject(asObject(req.body).properties);
  const properties = propertiesOf(child);
  if (props.credentialSetResourceId !== undefined) {
    delete properties.credentialSetResourceId;
    Object.assign(properties, credentialSetOf(ctx, registry, props.credentialSetResourceId));
  }
  return startChildWrite({
    req,
    ctx,
    kind: CACHE_RULES,
    registry,
    id: child.id,
    body: { ...child.body, properties },
    status: 201,
    transitional: 'Updating',
  });
}

/** `{ credentialSetResourceId }` for an existing credential set of this registry, `{}` for none. */
function credentialSetOf(ctx: ArmContext, registry: StoredResource, value: unknown): Body {
  if (value === undefined || value === null || value === '') return {};
  const id = String(value);
  const set = ctx.store.get(id);
  const underRegistry = normalize(id).startsWith(`${normalize(registry.id)}/${CREDENTIAL_SETS.segment.toLowerCase()}/`);
  if (!set || set.type !== childType(CREDENTIAL_SETS) || !underRegistry) {
    throw new ArmError(
      404,
      'ResourceNotFound',
      `The credential set '${id}' could not be found in registry '${String(registry.body.name)}'.`,
    );
  }
  return { credentialSetResourceId: set.id };
}

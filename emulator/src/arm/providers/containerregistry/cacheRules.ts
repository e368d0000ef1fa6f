/**
 * Microsoft.ContainerRegistry/registries/cacheRules: an upstream repository cached under a target
 * repository, optionally logging in with a credential set of the same registry (referenced by
 * resource id). Source and target are fixed at creation; an update changes only the credential set
 * (CacheRuleUpdateProperties). The emulator records the rules; it does not pull through them.
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import {
  childRoutes,
  childType,
  propertiesOf,
  requireSibling,
  requireString,
  type Body,
  type ChildKind,
} from './children.js';
import { childPatch, childPut, startPatch, startPut } from './childWrites.js';
import { CREDENTIAL_SETS } from './credentialSets.js';

export const CACHE_RULES: ChildKind = { segment: 'cacheRules', param: 'cacheRuleName', namePattern: /^[a-zA-Z0-9-]*$/ };

export function cacheRuleRoutes(): ArmRoute[] {
  return childRoutes(CACHE_RULES, { create, update });
}

function create(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const put = childPut(req, ctx, CACHE_RULES);
  const { registry, existing, props } = put;
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
  return startPut(put, { properties });
}

function update(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const patch = childPatch(req, ctx, CACHE_RULES);
  const { child, props } = patch;
  const properties = propertiesOf(child);
  if (props.credentialSetResourceId !== undefined) {
    delete properties.credentialSetResourceId;
    Object.assign(properties, credentialSetOf(ctx, patch.registry, props.credentialSetResourceId));
  }
  return startPatch(patch, { body: { ...child.body, properties } });
}

/** `{ credentialSetResourceId }` for an existing credential set of this registry, `{}` for none. */
function credentialSetOf(ctx: ArmContext, registry: StoredResource, value: unknown): Body {
  if (value === undefined || value === null || value === '') return {};
  return {
    credentialSetResourceId: requireSibling(ctx, registry, CREDENTIAL_SETS, String(value), 'credential set').id,
  };
}

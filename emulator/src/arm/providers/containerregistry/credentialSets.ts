/**
 * Microsoft.ContainerRegistry/registries/credentialSets: credentials for an upstream registry, kept as
 * references to Key Vault secrets (usernameSecretIdentifier / passwordSecretIdentifier URIs), never
 * as values. A system-assigned identity gets a principal id in the emulator's tenant. Credential
 * health is Healthy when both references are https Key Vault secret URIs, else Unhealthy (the
 * emulator has no Key Vault to resolve them against).
 */
import { randomUUID } from 'node:crypto';
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import {
  asObject,
  childRoutes,
  propertiesOf,
  requireString,
  startChildDelete,
  type Body,
  type ChildKind,
} from './children.js';
import { childPatch, childPut, startPatch, startPut } from './childWrites.js';

export const CREDENTIAL_SETS: ChildKind = {
  segment: 'credentialSets',
  param: 'credentialSetName',
  namePattern: /^[a-zA-Z0-9-]*$/,
};
const SECRET_URI = /^https:\/\/[a-z0-9-]+\.vault\.[a-z0-9.]+\/secrets\/[a-zA-Z0-9-]+(\/[a-zA-Z0-9]+)?$/;

export function credentialSetRoutes(): ArmRoute[] {
  return childRoutes(CREDENTIAL_SETS, { create, update, remove });
}

function create(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const put = childPut(req, ctx, CREDENTIAL_SETS);
  const { existing, input, props } = put;
  const properties: Body = {
    loginServer: requireString(props.loginServer, 'loginServer'),
    authCredentials: authCredentialsOf(props.authCredentials),
    creationDate: existing ? propertiesOf(existing).creationDate : new Date().toISOString(),
  };
  const identity = identityOf(ctx, input.identity, existing?.body.identity);
  return startPut(put, { properties, extra: identity ? { identity } : {} });
}

function update(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const patch = childPatch(req, ctx, CREDENTIAL_SETS);
  const { child, input, props } = patch;
  const properties = propertiesOf(child);
  if (props.authCredentials !== undefined) properties.authCredentials = authCredentialsOf(props.authCredentials);
  const body: Body = { ...child.body, properties };
  if (input.identity !== undefined) {
    const identity = identityOf(ctx, input.identity, child.body.identity);
    if (identity) body.identity = identity;
    else delete body.identity;
  }
  return startPatch(patch, { body });
}

/** A credential set used by a cache rule cannot be deleted (the rule would lose its upstream login). */
function remove(req: ArmRequest, ctx: ArmContext): ArmResponse {
  return startChildDelete(req, ctx, CREDENTIAL_SETS, (child, registry) => {
    const user = ctx.store
      .list({ type: `${String(registry.type)}/cacheRules`, under: registry.id })
      .find(
        (rule) =>
          String(asObject(rule.body.properties).credentialSetResourceId ?? '').toLowerCase() === child.id.toLowerCase(),
      );
    if (user)
      throw new ArmError(
        409,
        'Conflict',
        `The credential set '${String(child.body.name)}' is used by the cache rule '${String(user.body.name)}'.`,
      );
  });
}

function authCredentialsOf(value: unknown): Body[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new ArmError(
      400,
      'InvalidParameter',
      'A credential set needs authCredentials with a username and a password secret identifier.',
    );
  return value.map((raw) => {
    const credential = asObject(raw);
    const username = requireString(credential.usernameSecretIdentifier, 'usernameSecretIdentifier');
    const password = requireString(credential.passwordSecretIdentifier, 'passwordSecretIdentifier');
    const healthy = SECRET_URI.test(username) && SECRET_URI.test(password);
    return {
      name:
        credential.name === 'Credential1' || credential.name === undefined
          ? 'Credential1'
          : invalidName(credential.name),
      usernameSecretIdentifier: username,
      passwordSecretIdentifier: password,
      credentialHealth: healthy
        ? { status: 'Healthy' }
        : {
            status: 'Unhealthy',
            errorCode: 'InvalidSecretIdentifier',
            errorMessage:
              'The secret identifiers must be Key Vault secret URIs (https://<vault>.vault.azure.net/secrets/<name>).',
          },
    };
  });
}

function invalidName(name: unknown): never {
  throw new ArmError(
    400,
    'InvalidParameter',
    `The credential name '${String(name)}' is invalid. The only valid name is 'Credential1'.`,
  );
}

/** SystemAssigned gets a principal id (kept across updates); None removes the identity. */
function identityOf(ctx: ArmContext, requested: unknown, current: unknown): Body | undefined {
  const type = asObject(requested).type ?? asObject(current).type;
  if (type === undefined || type === 'None') return undefined;
  if (type !== 'SystemAssigned')
    throw new ArmError(
      400,
      'InvalidParameter',
      `The identity type '${String(type)}' is not supported for credential sets; use 'SystemAssigned'.`,
    );
  const principalId = asObject(current).principalId ?? randomUUID();
  return { principalId, tenantId: ctx.tenantId, type };
}

/**
 * POST …/registries/{name}/generateCredentials (Registries_GenerateCredentials): creates password1,
 * password2 or both for a token, long-running with Location (final-state-via location), and returns
 * the values once in GenerateCredentialsResult (RegistryGenerateCredentials.json). A new password
 * replaces the one of the same name; tokens authenticate with either while unexpired.
 */
import { randomBytes } from 'node:crypto';
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { REGISTRY_PATH, requireRegistry } from './registries.js';
import { NS, asObject, operationId, requireSibling } from './children.js';
import { TOKENS, setTokenPasswords, storedPasswords, type TokenPasswordRecord } from './tokens.js';

const NAMES = ['password1', 'password2'] as const;

export function generateCredentialsRoute(): ArmRoute {
  return {
    method: 'POST',
    path: `${REGISTRY_PATH}/generateCredentials`,
    resourceType: 'registries',
    handle: generateCredentials,
  };
}

function generateCredentials(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const registry = requireRegistry(req, ctx);
  const input = asObject(req.body);
  const tokenId = typeof input.tokenId === 'string' ? input.tokenId : '';
  const token = requireSibling(ctx, registry, TOKENS, tokenId, 'token');
  const names = requestedNames(input.name);
  const expiry = requestedExpiry(input.expiry);
  return ctx.lro.start({
    req,
    namespace: NS,
    location: String(registry.body.location),
    initialStatus: 202,
    headers: 'location',
    operationId: operationId({ segment: 'registries', param: '' }),
    complete: () => {
      const current = ctx.store.get(token.id);
      if (!current) throw new ArmError(404, 'ResourceNotFound', `The token '${tokenId}' was deleted.`);
      const creationTime = new Date().toISOString();
      const fresh: TokenPasswordRecord[] = names.map((name) => ({
        name,
        value: newTokenPassword(),
        creationTime,
        ...(expiry ? { expiry } : {}),
      }));
      const kept = storedPasswords(current).filter((p) => !names.includes(p.name));
      const all = [...kept, ...fresh].sort((a, b) => a.name.localeCompare(b.name));
      setTokenPasswords(ctx, current, all);
      return {
        status: 200,
        body: {
          username: String(current.body.name),
          passwords: fresh.map((p) => ({
            creationTime: p.creationTime,
            ...(p.expiry ? { expiry: p.expiry } : {}),
            name: p.name,
            value: p.value,
          })),
        },
      };
    },
  });
}

function requestedNames(name: unknown): Array<(typeof NAMES)[number]> {
  if (name === undefined || name === null) return [...NAMES];
  const match = NAMES.find((n) => n === name);
  if (!match)
    throw new ArmError(
      400,
      'InvalidParameter',
      `The password name '${String(name)}' is invalid. Valid names are 'password1' and 'password2'.`,
    );
  return [match];
}

function requestedExpiry(expiry: unknown): string | undefined {
  if (expiry === undefined || expiry === null) return undefined;
  const time = typeof expiry === 'string' ? Date.parse(expiry) : Number.NaN;
  if (Number.isNaN(time))
    throw new ArmError(400, 'InvalidParameter', `The expiry '${String(expiry)}' is not a valid date-time.`);
  return new Date(time).toISOString();
}

/** A token password shaped like ACR's (base64 text, 44 characters). */
function newTokenPassword(): string {
  return randomBytes(33).toString('base64');
}

/**
 * Per-request authorization, as ACR does it: a bearer access token is checked against its `access`
 * claim (401 with error="insufficient_scope" when it lacks the action, like distribution); basic
 * credentials (admin user, scoped token, or the null-GUID user with an ACR refresh token) are
 * checked live (403 DENIED when they are valid but lack the permission); anything else gets the
 * 401 challenge that starts the token flow.
 */
import type { RegistryControl } from '../../shared/contract.js';
import {
  allowedActions,
  describePrincipal,
  NULL_GUID_USER,
  principalFromPassword,
  type Principal,
} from '../auth/principals.js';
import type { ResourceType } from '../auth/scopes.js';
import type { TokenIssuer } from '../auth/tokens.js';
import type { RequestContext } from './context.js';
import { RegistryError } from './errors.js';

export interface Requirement {
  type: ResourceType;
  name: string;
  /** Any one of these actions is enough. */
  anyOf: readonly string[];
  /** The actions named in the challenge's scope. */
  challenge: readonly string[];
}

export const need = {
  pull: (repository: string): Requirement => repositoryNeed(repository, ['pull'], ['pull']),
  push: (repository: string): Requirement => repositoryNeed(repository, ['push'], ['pull', 'push']),
  delete: (repository: string): Requirement => repositoryNeed(repository, ['delete'], ['delete']),
  /** /v2 tag listing: ACR wants metadata_read; pull is accepted too (docker clients ask for pull). */
  listTags: (repository: string): Requirement =>
    repositoryNeed(repository, ['metadata_read', 'pull'], ['metadata_read']),
  metadataRead: (repository: string): Requirement => repositoryNeed(repository, ['metadata_read'], ['metadata_read']),
  metadataWrite: (repository: string): Requirement =>
    repositoryNeed(repository, ['metadata_write'], ['metadata_write']),
  catalog: (): Requirement => ({ type: 'registry', name: 'catalog', anyOf: ['*'], challenge: ['*'] }),
};

function repositoryNeed(name: string, anyOf: string[], challenge: string[]): Requirement {
  return { type: 'repository', name, anyOf, challenge };
}

export type Credentials = { scheme: 'basic'; username: string; password: string } | { scheme: 'bearer'; token: string };

export function parseAuthorization(header: string | undefined): Credentials | undefined {
  if (!header) return undefined;
  const space = header.indexOf(' ');
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'bearer' && value) return { scheme: 'bearer', token: value };
  if (scheme !== 'basic') return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { scheme: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Basic credentials to a principal: admin, scoped token, or null-GUID user + ACR refresh token. */
export function principalFromBasic(
  control: RegistryControl,
  issuer: TokenIssuer,
  username: string,
  password: string,
): Principal | undefined {
  if (username === NULL_GUID_USER) return issuer.readRefreshToken(password);
  return principalFromPassword(control, username, password);
}

/** Resolves when the caller may proceed; throws the RegistryError to answer otherwise. */
export function authorize(ctx: RequestContext, requirement: Requirement | 'any'): void {
  const credentials = parseAuthorization(ctx.req.headers.authorization);
  if (credentials?.scheme === 'bearer') return authorizeBearer(ctx, credentials.token, requirement);
  if (credentials?.scheme === 'basic') {
    const principal = principalFromBasic(ctx.control, ctx.issuer, credentials.username, credentials.password);
    if (principal) return authorizeBasic(ctx, principal, requirement);
  }
  throw challenge(ctx, requirement);
}

function authorizeBearer(ctx: RequestContext, token: string, requirement: Requirement | 'any'): void {
  const claims = ctx.issuer.readAccessToken(token);
  if (!claims) throw challenge(ctx, requirement, 'invalid_token');
  ctx.principal = claims.principal;
  if (requirement === 'any') return;
  const entry = claims.access.find((access) => access.type === requirement.type && access.name === requirement.name);
  if (!entry || !requirement.anyOf.some((action) => entry.actions.includes(action))) {
    throw challenge(ctx, requirement, 'insufficient_scope');
  }
}

function authorizeBasic(ctx: RequestContext, principal: Principal, requirement: Requirement | 'any'): void {
  ctx.principal = describePrincipal(principal);
  if (requirement === 'any') return;
  const allowed = allowedActions(ctx.control, principal, requirement.type, requirement.name);
  if (!requirement.anyOf.some((action) => allowed.has(action))) {
    throw new RegistryError('DENIED', { detail: accessDetail(requirement) });
  }
}

export function challengeHeader(loginServer: string, requirement?: Requirement, error?: string): string {
  let header = `Bearer realm="https://${loginServer}/oauth2/token",service="${loginServer}"`;
  if (requirement) header += `,scope="${requirement.type}:${requirement.name}:${requirement.challenge.join(',')}"`;
  if (error) header += `,error="${error}"`;
  return header;
}

function challenge(ctx: RequestContext, requirement: Requirement | 'any', error?: string): RegistryError {
  const scoped = requirement === 'any' ? undefined : requirement;
  return new RegistryError('UNAUTHORIZED', {
    detail: scoped ? accessDetail(scoped) : undefined,
    headers: { 'Www-Authenticate': challengeHeader(ctx.control.loginServer(), scoped, error) },
  });
}

/** ACR's detail shape for auth errors: [{Type, Name, Action}]. */
function accessDetail(requirement: Requirement): Array<{ Type: string; Name: string; Action: string }> {
  return requirement.challenge.map((action) => ({ Type: requirement.type, Name: requirement.name, Action: action }));
}

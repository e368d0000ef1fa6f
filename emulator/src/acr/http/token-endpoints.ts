/**
 * ACR's token service: POST /oauth2/exchange (Entra access token -> ACR refresh token) and
 * GET/POST /oauth2/token (credentials, refresh token or nothing -> ACR access token for the
 * requested scopes, narrowed to what the principal holds).
 */
import type { Principal } from '../auth/principals.js';
import { describePrincipal } from '../auth/principals.js';
import { parseScopes } from '../auth/scopes.js';
import { parseAuthorization, principalFromBasic } from './authorize.js';
import { readForm } from './body.js';
import type { RequestContext } from './context.js';
import { RegistryError, sendJson } from './errors.js';

const EXCHANGE_GRANTS = new Set(['access_token', 'access_token_refresh_token']);

export async function handleExchange(ctx: RequestContext): Promise<void> {
  if (ctx.req.method !== 'POST') throw new RegistryError('UNSUPPORTED');
  const form = await readForm(ctx.req);
  const grantType = form.get('grant_type') ?? '';
  if (!EXCHANGE_GRANTS.has(grantType)) {
    throw new RegistryError('UNSUPPORTED', { status: 400, message: `grant_type '${grantType}' is not supported` });
  }
  checkService(ctx, form.get('service'));
  const identity = ctx.control.verifyEntraToken(form.get('access_token') ?? '');
  if (!identity) throw unauthorized('the Entra ID access token is invalid or expired');
  const tenant = form.get('tenant');
  if (tenant && tenant !== identity.tid) throw unauthorized('the access token was issued for another tenant');
  ctx.principal = identity.oid;
  sendJson(ctx.res, 200, { refresh_token: ctx.issuer.issueRefreshToken(identity) });
}

export async function handleToken(ctx: RequestContext): Promise<void> {
  const method = ctx.req.method;
  if (method !== 'GET' && method !== 'POST') throw new RegistryError('UNSUPPORTED');
  const params = method === 'POST' ? await readForm(ctx.req) : ctx.url.searchParams;
  checkService(ctx, params.get('service'));
  const principal = method === 'POST' ? principalFromForm(ctx, params) : principalFromHeader(ctx);
  if (principal.kind === 'anonymous' && !ctx.control.anonymousPullEnabled()) {
    throw unauthorized('anonymous access is not enabled on this registry');
  }
  ctx.principal = describePrincipal(principal);
  const scopeValues =
    method === 'POST' ? [...params.getAll('scope'), ...ctx.url.searchParams.getAll('scope')] : params.getAll('scope');
  const scopes = parseScopes(scopeValues);
  sendJson(ctx.res, 200, { access_token: ctx.issuer.issueAccessToken(principal, scopes) });
}

function principalFromHeader(ctx: RequestContext): Principal {
  const credentials = parseAuthorization(ctx.req.headers.authorization);
  if (!credentials) return { kind: 'anonymous' };
  if (credentials.scheme !== 'basic') throw unauthorized('use basic credentials or a refresh token');
  const principal = principalFromBasic(ctx.control, ctx.issuer, credentials.username, credentials.password);
  if (!principal) throw unauthorized('invalid credentials');
  return principal;
}

function principalFromForm(ctx: RequestContext, form: URLSearchParams): Principal {
  const grantType = form.get('grant_type') ?? '';
  if (grantType === 'refresh_token') {
    const principal = ctx.issuer.readRefreshToken(form.get('refresh_token') ?? '');
    if (!principal) throw unauthorized('the refresh token is invalid or expired');
    return principal;
  }
  if (grantType === 'access_token') {
    const identity = ctx.control.verifyEntraToken(form.get('access_token') ?? '');
    if (!identity) throw unauthorized('the Entra ID access token is invalid or expired');
    return { kind: 'entra', ...identity };
  }
  if (grantType !== 'password') {
    throw new RegistryError('UNSUPPORTED', { status: 400, message: `grant_type '${grantType}' is not supported` });
  }
  const username = form.get('username');
  if (username) {
    const principal = principalFromBasic(ctx.control, ctx.issuer, username, form.get('password') ?? '');
    if (!principal) throw unauthorized('invalid credentials');
    return principal;
  }
  // The Azure SDK's anonymous flow: grant_type=password with an empty refresh_token.
  return principalFromHeader(ctx);
}

function checkService(ctx: RequestContext, service: string | null): void {
  const loginServer = ctx.control.loginServer();
  if (service !== null && service !== loginServer) {
    throw new RegistryError('UNSUPPORTED', {
      status: 400,
      message: `service '${service}' does not match this registry ('${loginServer}')`,
    });
  }
}

function unauthorized(message: string): RegistryError {
  return new RegistryError('UNAUTHORIZED', { message });
}

/**
 * POST /{tenant}/oauth2/v2.0/token (and the v1 /oauth2/token): the client credentials grant with a
 * client secret (post or basic) or a client assertion from a federated issuer.
 */
import type { Directory, ServicePrincipal } from './directory.js';
import { EntraError } from './errors.js';
import { verifyClientAssertion } from './assertion.js';
import type { AccessTokenIssuer } from './accessTokens.js';
import { trimSlash } from './accessTokens.js';
import type { TrustedIssuer } from './oidcCommon.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

export interface TokenEndpointDeps {
  directory: Directory;
  tokens: AccessTokenIssuer;
  issuers: () => readonly TrustedIssuer[];
  /** Resources (application ID URIs) this tenant issues tokens for. */
  knownResources: () => readonly string[];
}

export interface TokenGrant {
  principal: ServicePrincipal;
  body: { token_type: 'Bearer'; expires_in: number; ext_expires_in: number; access_token: string };
}

/** Validates the form body and issues a token; throws EntraError with Entra's code otherwise. */
export function grantToken(
  deps: TokenEndpointDeps,
  tenant: string,
  form: URLSearchParams,
  authorization: string | undefined,
  version: 'v1' | 'v2',
): TokenGrant {
  const { directory } = deps;
  if (tenant !== directory.tenantId) {
    throw new EntraError(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    );
  }
  const grantType = form.get('grant_type') ?? '';
  if (grantType !== 'client_credentials') {
    throw new EntraError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    );
  }
  const basic = parseBasic(authorization);
  const clientId = form.get('client_id') ?? basic?.clientId ?? '';
  const principal = directory.byClientId(clientId);
  if (!principal) {
    throw new EntraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  const appidacr = authenticateClient(deps, principal, form, basic?.secret);
  const audience = resolveAudience(deps, form, version, tenant);
  const { token, expiresIn } = deps.tokens.issue(principal, audience, appidacr);
  return {
    principal,
    body: { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token },
  };
}

function authenticateClient(
  deps: TokenEndpointDeps,
  principal: ServicePrincipal,
  form: URLSearchParams,
  basicSecret: string | undefined,
): '1' | '2' {
  const secret = form.get('client_secret') ?? basicSecret;
  const assertion = form.get('client_assertion');
  if (secret !== null && secret !== undefined) {
    if (!principal.secrets.includes(secret)) {
      throw new EntraError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${principal.clientId}'.`,
      );
    }
    return '1';
  }
  if (assertion !== null) {
    const type = form.get('client_assertion_type');
    if (type !== JWT_BEARER) {
      throw new EntraError(
        400,
        'invalid_request',
        50026,
        `Invalid client_assertion_type '${type ?? ''}'. Expected '${JWT_BEARER}'.`,
      );
    }
    verifyClientAssertion(assertion, principal, deps.issuers());
    return '2';
  }
  throw new EntraError(
    401,
    'invalid_client',
    7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  );
}

/** v2 takes `scope=<resource>/.default`; v1 takes `resource=<resource>`. Returns the token audience. */
function resolveAudience(deps: TokenEndpointDeps, form: URLSearchParams, version: 'v1' | 'v2', tenant: string): string {
  let resource: string;
  if (version === 'v1') {
    resource = form.get('resource') ?? '';
    if (!resource)
      throw new EntraError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'resource'.",
      );
  } else {
    const scopes = (form.get('scope') ?? '').split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s));
    if (scopes.length === 0)
      throw new EntraError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'scope'.",
      );
    const scope = scopes[0] ?? '';
    if (scopes.length > 1 || !scope.endsWith('/.default')) {
      throw new EntraError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scopes.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    resource = scope.slice(0, -'/.default'.length);
  }
  const known = new Set(deps.knownResources().map(trimSlash));
  if (!known.has(trimSlash(resource))) {
    throw new EntraError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );
  }
  return resource;
}

function parseBasic(authorization: string | undefined): { clientId: string; secret: string } | undefined {
  const match = /^Basic\s+(.+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return {
    clientId: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

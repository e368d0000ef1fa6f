/**
 * Registry authentication, driven by the registry's own challenge:
 * - `WWW-Authenticate: Basic` (htpasswd registries): send the user name and password.
 * - `WWW-Authenticate: Bearer realm,service,scope` (Docker token flow): get a token for the scopes,
 *   anonymously, with basic credentials, or through ACR's Entra exchange:
 *   Entra token -> POST {realm host}/oauth2/exchange -> ACR refresh token -> POST realm -> access token.
 * Access tokens are cached per scope set until shortly before they expire; concurrent requests for the
 * same scopes share one token request. Credentials are only ever sent to the registry's own origin or
 * to realm origins the caller explicitly trusts.
 */
import type { TokenCredential } from '@azure/core-auth';
import { RelocationError } from '../errors.js';
import { findChallenge, parseChallenges, type Challenge } from './headers.js';
import { quoteForMessage } from './names.js';
import { parseRegistryErrors, registryFailure, type CredentialKind, type Secrets } from './registry-errors.js';
import { sendWithRetry, type RetryPolicy, type Timing } from './retry.js';
import { DEFAULT_REFRESH_LIFETIME_S, readTokenResponse, type CachedToken } from './token-response.js';
import { readBody, type HttpResponse, type Transport } from './transport.js';

export const ACR_ENTRA_SCOPE = 'https://containerregistry.azure.net/.default';

export type RegistryCredentials =
  | { kind: 'anonymous' }
  | { kind: 'basic'; username: string; password: string }
  | {
      kind: 'entra';
      credential: TokenCredential;
      /** Entra scope of the token exchanged with the registry (default: ACR_ENTRA_SCOPE). */
      scope?: string;
      /** Tenant sent to /oauth2/exchange (optional for ACR). */
      tenantId?: string;
    };

export interface AuthenticatorOptions {
  origin: URL;
  credentials: RegistryCredentials;
  transport: Transport;
  secrets: Secrets;
  retry: RetryPolicy;
  timing: Timing;
  /** Extra origins (scheme://host:port) of token realms allowed to receive credentials. */
  trustedRealmOrigins?: readonly string[];
}

const TOKEN_BODY_LIMIT = 256 * 1024;

export class Authenticator {
  private challenge: Challenge | undefined;
  private readonly tokens = new Map<string, Promise<CachedToken>>();
  /** Scope sets the registry asked for in a challenge, keyed by the scope set we requested. */
  private readonly scopeAliases = new Map<string, string[]>();
  private refreshToken: Promise<CachedToken> | undefined;

  constructor(private readonly options: AuthenticatorOptions) {}

  get credentialKind(): CredentialKind {
    return this.options.credentials.kind;
  }

  /** The Authorization header for a request needing `scopes`, from what earlier challenges taught. */
  async authorizationFor(scopes: readonly string[]): Promise<string | undefined> {
    if (!this.challenge) return undefined;
    if (this.challenge.scheme === 'basic') return this.basicHeader();
    const wanted = this.scopeAliases.get(scopeKey(scopes)) ?? [...scopes];
    return `Bearer ${(await this.cachedToken(wanted)).value}`;
  }

  /**
   * After a 401: learn the challenge, drop the token that failed and get a fresh one. Returns the
   * header to retry with, or undefined when there is nothing new to try (the caller then fails).
   */
  async afterUnauthorized(response: HttpResponse, scopes: readonly string[], sent: string | undefined) {
    const challenges = parseChallenges(response.headers['www-authenticate']);
    const bearer = findChallenge(challenges, 'bearer');
    const basic = findChallenge(challenges, 'basic');
    if (bearer?.params.realm) {
      this.challenge = bearer;
      const asked = bearer.params.scope?.split(/\s+/).filter(Boolean) ?? [];
      const wanted = [...new Set([...scopes, ...asked])].sort();
      this.scopeAliases.set(scopeKey(scopes), wanted);
      await this.forgetToken(wanted, sent);
      const header = `Bearer ${(await this.cachedToken(wanted)).value}`;
      return header === sent ? undefined : header;
    }
    if (basic) {
      this.challenge = basic;
      const header = this.basicHeader();
      return header === sent ? undefined : header;
    }
    return undefined;
  }

  /**
   * Drop the cached token only if it is the one the registry just refused: after a burst of first
   * requests all answered 401, they share one new token instead of fetching one each.
   */
  private async forgetToken(scopes: readonly string[], sent: string | undefined): Promise<void> {
    const key = scopeKey(scopes);
    const cached = this.tokens.get(key);
    if (!cached || sent === undefined) return;
    const token = await cached.catch(() => undefined);
    if (token && `Bearer ${token.value}` === sent && this.tokens.get(key) === cached) this.tokens.delete(key);
  }

  private basicHeader(): string | undefined {
    const { credentials, secrets } = this.options;
    if (credentials.kind !== 'basic') return undefined;
    secrets.add(credentials.password);
    const header = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    secrets.add(header.slice(6));
    return header;
  }

  private cachedToken(scopes: readonly string[]): Promise<CachedToken> {
    const key = scopeKey(scopes);
    const cached = this.tokens.get(key);
    if (cached) {
      return cached.then((token) =>
        token.refreshAt > this.options.timing.now() ? token : this.freshToken(key, scopes),
      );
    }
    return this.freshToken(key, scopes);
  }

  private freshToken(key: string, scopes: readonly string[]): Promise<CachedToken> {
    const pending = this.requestToken(scopes);
    this.tokens.set(key, pending);
    pending.catch(() => this.tokens.delete(key));
    return pending;
  }

  private realm(): URL {
    const realmText = this.challenge?.params.realm ?? '';
    let realm: URL;
    try {
      realm = new URL(realmText);
    } catch {
      throw this.configError(`a token realm that is not a URL (${quoteForMessage(realmText)})`);
    }
    const { origin, credentials, trustedRealmOrigins = [] } = this.options;
    const plainAllowed = origin.protocol === 'http:';
    if (realm.protocol !== 'https:' && !(plainAllowed && realm.protocol === 'http:')) {
      throw this.configError(`a token realm over ${realm.protocol} (${quoteForMessage(realmText)})`);
    }
    const trusted = realm.origin === origin.origin || trustedRealmOrigins.includes(realm.origin);
    if (credentials.kind !== 'anonymous' && !trusted) {
      throw this.configError(`credentials be sent to another host (${quoteForMessage(realm.origin)})`);
    }
    return realm;
  }

  private configError(what: string): RelocationError {
    return new RelocationError(
      'AUTH_CONFIG',
      `${this.options.origin.host} asks for ${what}; refusing.`,
      'Registries issue tokens from their own host. If this token service is legitimate, list its origin in the client options (trustedRealmOrigins).',
    );
  }

  private async requestToken(scopes: readonly string[]): Promise<CachedToken> {
    const { credentials } = this.options;
    if (credentials.kind === 'entra') return this.entraAccessToken(scopes, true);
    const realm = this.realm();
    const url = new URL(realm);
    if (this.challenge?.params.service) url.searchParams.set('service', this.challenge.params.service);
    for (const scope of scopes) url.searchParams.append('scope', scope);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (credentials.kind === 'basic') {
      url.searchParams.set('account', credentials.username);
      headers.authorization = this.basicHeader() ?? '';
    }
    const body = await this.call('GET', url, headers, undefined, scopes);
    return this.tokenFrom(body, ['token', 'access_token'], scopes);
  }

  private async entraAccessToken(scopes: readonly string[], mayRenew: boolean): Promise<CachedToken> {
    const realm = this.realm();
    const reused = this.refreshToken !== undefined;
    const refreshPromise = this.refreshToken ?? (this.refreshToken = this.exchange(realm));
    let refresh: CachedToken;
    try {
      refresh = await refreshPromise;
    } catch (error) {
      this.refreshToken = undefined;
      throw error;
    }
    // An ageing cached refresh token is replaced; a brand-new one is used whatever its lifetime says.
    if (reused && refresh.refreshAt <= this.options.timing.now()) {
      if (this.refreshToken === refreshPromise) this.refreshToken = undefined;
      return this.entraAccessToken(scopes, mayRenew);
    }
    const form = new URLSearchParams({ grant_type: 'refresh_token', service: this.service() });
    for (const scope of scopes) form.append('scope', scope);
    form.set('refresh_token', refresh.value);
    try {
      const body = await this.call('POST', realm, formHeaders(), Buffer.from(form.toString()), scopes);
      return this.tokenFrom(body, ['access_token', 'token'], scopes);
    } catch (error) {
      // A refresh token can be revoked or expire early: exchange a new one, once.
      if (!mayRenew || (error as RelocationError).code !== 'AUTH_FAILED') throw error;
      this.refreshToken = undefined;
      return this.entraAccessToken(scopes, false);
    }
  }

  private async exchange(realm: URL): Promise<CachedToken> {
    const credentials = this.options.credentials;
    if (credentials.kind !== 'entra') throw new RelocationError('INTERNAL', 'exchange without Entra credentials');
    const entraScope = credentials.scope ?? ACR_ENTRA_SCOPE;
    let entraToken: string;
    try {
      const token = await credentials.credential.getToken(entraScope);
      if (!token?.token) throw new Error('the credential returned no token');
      entraToken = token.token;
    } catch (error) {
      throw new RelocationError(
        'AUTH_FAILED',
        this.options.secrets.redact(
          `Could not get an Entra token for ${entraScope} to sign in to ${this.options.origin.host}: ${error instanceof Error ? error.message : String(error)}`,
        ),
        'Check the Azure sign-in of this run (service connection, federated credential, managed identity).',
      );
    }
    this.options.secrets.add(entraToken);
    const form = new URLSearchParams({ grant_type: 'access_token', service: this.service() });
    if (credentials.tenantId) form.set('tenant', credentials.tenantId);
    form.set('access_token', entraToken);
    const url = new URL('/oauth2/exchange', realm);
    const body = await this.call('POST', url, formHeaders(), Buffer.from(form.toString()), []);
    return this.tokenFrom(body, ['refresh_token'], [], DEFAULT_REFRESH_LIFETIME_S);
  }

  private service(): string {
    return this.challenge?.params.service ?? this.options.origin.host;
  }

  private async call(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: Buffer | undefined,
    scopes: readonly string[],
  ) {
    const { transport, retry, timing, secrets } = this.options;
    const what = `token request (${url.pathname})`;
    const response = await sendWithRetry(() => transport.send({ method, url, headers, body }), retry, timing);
    const text = await readBody(response, TOKEN_BODY_LIMIT, what);
    if (response.status !== 200) {
      const context = { host: url.host, what, scopes, credentialKind: this.credentialKind };
      throw registryFailure(response.status, parseRegistryErrors(text), context, secrets);
    }
    return text;
  }

  private tokenFrom(body: Buffer, fields: string[], scopes: readonly string[], fallbackLifetime?: number) {
    const token = readTokenResponse(body, fields, this.options.timing.now(), fallbackLifetime);
    if (!token) {
      throw new RelocationError(
        'REMOTE_ERROR',
        `The token service of ${this.options.origin.host} answered without a token (scopes ${scopes.join(' ') || 'none'}).`,
        'The registry token endpoint misbehaves; retry later.',
      );
    }
    this.options.secrets.add(token.value);
    return token;
  }
}

function scopeKey(scopes: readonly string[]): string {
  return [...scopes].sort().join(' ');
}

function formHeaders(): Record<string, string> {
  return { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
}

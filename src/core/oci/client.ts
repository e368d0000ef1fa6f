/**
 * One registry: its origin, connection pool, authentication and the request loop every operation
 * uses (auth header, bounded retries, one re-authentication on 401, redirects, error mapping).
 * Operations live in their own modules (manifests.ts, blobs.ts, upload.ts, listing.ts, …) and
 * take a RegistryClient as their first argument.
 */
import { RelocationError } from '../errors.js';
import { Authenticator, type RegistryCredentials } from './auth.js';
import { quoteForMessage, registryPath } from './names.js';
import {
  networkFailure,
  parseRegistryErrors,
  registryFailure,
  Secrets,
  type FailureContext,
} from './registry-errors.js';
import { DEFAULT_RETRY_POLICY, realTiming, sendWithRetry, type RetryPolicy, type Timing } from './retry.js';
import { header, readBody, Transport, type HttpResponse } from './transport.js';

export interface RegistryClientOptions {
  /** https://host[:port], or a bare host (HTTPS). Plain http:// only when the URL says so explicitly. */
  url: string;
  credentials?: RegistryCredentials;
  /** Extra CA (PEM) trusted for this registry (tests); otherwise Node's store + NODE_EXTRA_CA_CERTS. */
  caPem?: string | Buffer;
  /** Inactivity timeout per request (default 60 s). */
  timeoutMs?: number;
  maxSockets?: number;
  retry?: Partial<RetryPolicy>;
  timing?: Timing;
  /** Called with every secret the moment it is obtained (passwords, Entra/ACR tokens): hosts mask it. */
  onSecret?: (value: string) => void;
  /** Called before each retry wait, with a line fit for a debug log. */
  onRetry?: (message: string) => void;
  /** Origins of token realms other than the registry itself that may receive credentials. */
  trustedRealmOrigins?: readonly string[];
  userAgent?: string;
}

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

export interface RegistryRequest {
  method: HttpMethod;
  /** Path built with registryPath(), or an absolute URL on this registry (see sameOriginUrl). */
  target: string | URL;
  query?: Record<string, string | readonly string[] | undefined>;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Token scopes the request needs, e.g. repository:app:pull. */
  scopes: readonly string[];
  /** For messages: `GET manifest app:1.0`. */
  what: string;
  /** Statuses handed back to the caller; any other status becomes a RelocationError. */
  expect: readonly number[];
  /** Follow redirects (blob downloads may be sent to storage), dropping auth when leaving the origin. */
  followRedirects?: boolean;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const ERROR_BODY_LIMIT = 64 * 1024;

export function parseRegistryUrl(value: string): URL {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RelocationError('INPUT_INVALID', `Registry ${quoteForMessage(value)} is not a host name or URL.`);
  }
  const bare = (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash && !url.username;
  if (!['https:', 'http:'].includes(url.protocol) || !bare) {
    throw new RelocationError(
      'INPUT_INVALID',
      `Registry ${quoteForMessage(value)} must be a login server such as contoso.azurecr.io or https://host:port.`,
      'Give only the scheme, host and port: no path, query or user information.',
    );
  }
  return new URL(url.origin);
}

export class RegistryClient {
  readonly origin: URL;
  /** host[:port], as used in image references. */
  readonly host: string;
  readonly secrets: Secrets;
  private readonly transport: Transport;
  private readonly auth: Authenticator;
  private readonly retry: RetryPolicy;
  private readonly timing: Timing;

  constructor(private readonly options: RegistryClientOptions) {
    this.origin = parseRegistryUrl(options.url);
    this.host = this.origin.host;
    this.secrets = new Secrets(options.onSecret);
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.timing = options.timing ?? realTiming;
    this.transport = new Transport({
      caPem: options.caPem,
      timeoutMs: options.timeoutMs,
      maxSockets: options.maxSockets,
      userAgent: options.userAgent,
    });
    const credentials = options.credentials ?? { kind: 'anonymous' };
    if (credentials.kind === 'basic') this.secrets.add(credentials.password);
    this.auth = new Authenticator({
      origin: this.origin,
      credentials,
      transport: this.transport,
      secrets: this.secrets,
      retry: this.retry,
      timing: this.timing,
      trustedRealmOrigins: options.trustedRealmOrigins,
    });
  }

  /** A registry-supplied location (upload URL, Link target) resolved and held to this registry's origin. */
  sameOriginUrl(location: string, base: URL | string = this.origin, what = 'a location'): URL {
    let url: URL;
    try {
      url = new URL(location, base);
    } catch {
      throw new RelocationError(
        'REMOTE_ERROR',
        `${this.host} sent ${what} that is not a URL: ${quoteForMessage(location)}.`,
      );
    }
    if (url.origin !== this.origin.origin || url.username || url.password) {
      throw new RelocationError(
        'REMOTE_ERROR',
        `${this.host} sent ${what} on another origin (${quoteForMessage(url.origin)}); refusing to follow it.`,
        'Registry pagination and upload locations must stay on the registry; a proxy may be rewriting them.',
      );
    }
    return url;
  }

  async request(request: RegistryRequest): Promise<HttpResponse> {
    const url = this.urlFor(request);
    let authorization = await this.auth.authorizationFor(request.scopes);
    let reauthenticated = false;
    for (;;) {
      const response = await this.sendFollowing(request, url, authorization);
      if (request.expect.includes(response.status)) return response;
      const body = await readBody(response, ERROR_BODY_LIMIT, request.what).catch(() => undefined);
      if (response.status === 401 && !reauthenticated) {
        reauthenticated = true;
        const next = await this.auth.afterUnauthorized(response, request.scopes, authorization);
        if (next !== undefined) {
          authorization = next;
          continue;
        }
      }
      throw registryFailure(response.status, parseRegistryErrors(body), this.context(request), this.secrets);
    }
  }

  /** GET /v2/: the registry answers and accepts these credentials. */
  async ping(): Promise<void> {
    const response = await this.request({ method: 'GET', target: '/v2/', scopes: [], what: 'ping', expect: [200] });
    response.discard();
  }

  /** A failure while a response body streams (reset, stall) as a RelocationError naming this registry. */
  streamFailure(error: unknown, what: string): RelocationError {
    if (error instanceof RelocationError) return error;
    return networkFailure(
      error,
      { host: this.host, what, scopes: [], credentialKind: this.auth.credentialKind },
      this.secrets,
    );
  }

  /** Close idle keep-alive connections. */
  close(): void {
    this.transport.close();
  }

  private context(request: RegistryRequest): FailureContext {
    return { host: this.host, what: request.what, scopes: request.scopes, credentialKind: this.auth.credentialKind };
  }

  private urlFor(request: RegistryRequest): URL {
    const url =
      typeof request.target === 'string'
        ? new URL(registryPath(...request.target.split('/').slice(1)), this.origin)
        : this.sameOriginUrl(request.target.href);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      url.searchParams.delete(name);
      for (const v of typeof value === 'string' ? [value] : value) url.searchParams.append(name, v);
    }
    return url;
  }

  private async sendFollowing(request: RegistryRequest, start: URL, authorization: string | undefined) {
    let url = start;
    let auth = authorization;
    for (let redirects = 0; ; redirects++) {
      const headers = { ...request.headers, ...(auth ? { authorization: auth } : {}) };
      let response: HttpResponse;
      try {
        response = await sendWithRetry(
          () => this.transport.send({ method: request.method, url, headers, body: request.body }),
          this.retry,
          this.timing,
          (reason, delay) =>
            this.options.onRetry?.(`${request.what} on ${this.host}: ${reason}, retrying in ${delay} ms`),
        );
      } catch (error) {
        if (error instanceof RelocationError) throw error;
        throw networkFailure(error, this.context(request), this.secrets);
      }
      if (!request.followRedirects || !REDIRECTS.has(response.status)) return response;
      response.discard();
      url = this.redirectTarget(url, header(response.headers, 'location'), redirects, request.what);
      if (url.origin !== this.origin.origin) auth = undefined;
    }
  }

  private redirectTarget(from: URL, location: string | undefined, redirects: number, what: string): URL {
    let next: URL | undefined;
    try {
      next = location ? new URL(location, from) : undefined;
    } catch {
      next = undefined;
    }
    // Plain http only where the caller chose plain http for the registry itself (local tests).
    const safe =
      next && (next.protocol === 'https:' || (next.protocol === 'http:' && this.origin.protocol === 'http:'));
    if (!next || !safe || redirects >= MAX_REDIRECTS) {
      throw new RelocationError(
        'REMOTE_ERROR',
        `${what} on ${this.host}: unusable redirect (${location ? quoteForMessage(location.split('?')[0] ?? '') : 'no Location'}).`,
        'Redirects must go to https (from an https registry) and at most 5 times; check proxies between this runner and the registry.',
      );
    }
    return next;
  }
}

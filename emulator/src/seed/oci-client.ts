/**
 * A small registry HTTP client for seeding over the wire and for tests: HTTPS with a given CA,
 * the bearer challenge dance (basic credentials or anonymous at the realm, token cached per scope),
 * raw request/response bodies. It is deliberately independent of the data plane's code.
 */
import { Agent, request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';

export interface RegistryClientOptions {
  /** e.g. https://127.0.0.1:41234 */
  baseUrl: string;
  /** CA certificate(s) to trust, PEM. */
  ca?: string | Buffer;
  credentials?: { username: string; password: string };
}

export interface RegistryResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: Buffer;
}

interface Challenge {
  realm: string;
  service: string;
  scope?: string;
}

export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header?.toLowerCase().startsWith('bearer ')) return undefined;
  const values: Record<string, string> = {};
  for (const match of header.slice(7).matchAll(/(\w+)="([^"]*)"/g)) values[match[1] ?? ''] = match[2] ?? '';
  if (!values.realm || !values.service) return undefined;
  return { realm: values.realm, service: values.service, ...(values.scope ? { scope: values.scope } : {}) };
}

export class RegistryClient {
  private readonly agent: Agent;
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: RegistryClientOptions) {
    this.agent = new Agent({ keepAlive: true, ...(options.ca ? { ca: options.ca } : {}) });
  }

  /**
   * Sends a request; on a 401 challenge fetches a token for the challenge's scope (plus
   * `extraScopes`, e.g. pull on a mount's source repository) and retries once. With extra scopes
   * the cached token is not used (it would not cover them).
   */
  async send(
    method: string,
    path: string,
    options: RequestOptions = {},
    extraScopes: readonly string[] = [],
  ): Promise<RegistryResponse> {
    const scopeKey = this.lastScopeFor(path);
    const cached = extraScopes.length === 0 ? this.tokens.get(scopeKey) : undefined;
    const first = await this.raw(method, new URL(path, this.options.baseUrl), options, cached);
    if (first.status !== 401) return first;
    const challenge = parseChallenge(first.headers['www-authenticate'] as string | undefined);
    if (!challenge) return first;
    const token = await this.fetchToken(challenge, extraScopes);
    if (!token) return first;
    if (extraScopes.length === 0) this.tokens.set(scopeKey, token);
    return this.raw(method, new URL(path, this.options.baseUrl), options, token);
  }

  /** GET <realm>?service=&scope= with basic credentials (or none): the access token, or undefined. */
  async fetchToken(challenge: Challenge, extraScopes: readonly string[] = []): Promise<string | undefined> {
    const url = new URL(challenge.realm);
    url.searchParams.set('service', challenge.service);
    for (const scope of [challenge.scope, ...extraScopes]) if (scope) url.searchParams.append('scope', scope);
    const headers: Record<string, string> = {};
    if (this.options.credentials) {
      const { username, password } = this.options.credentials;
      headers.Authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    }
    const response = await this.raw('GET', url, { headers });
    if (response.status !== 200) return undefined;
    const body = JSON.parse(response.body.toString('utf8')) as { access_token?: string; token?: string };
    return body.access_token ?? body.token;
  }

  close(): void {
    this.agent.destroy();
  }

  /** Tokens are cached per repository (or the catalog): one token covers one repository's calls. */
  private lastScopeFor(path: string): string {
    const match = /^\/(?:v2|acr\/v1)\/(.+?)\/(?:manifests|blobs|tags|referrers|_tags|_manifests)/.exec(path);
    return match?.[1] ?? path;
  }

  raw(method: string, url: URL, options: RequestOptions, token?: string): Promise<RegistryResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.body) headers['Content-Length'] = String(options.body.length);
    return new Promise((resolve, reject) => {
      const req = httpsRequest(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }
}

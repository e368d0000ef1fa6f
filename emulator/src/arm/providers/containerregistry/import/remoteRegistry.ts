/**
 * The small registry client importImage uses for `source.registryUri`: what ACR's import service does
 * against any external registry. HTTPS by default (trusting the system roots and the emulator's CA);
 * a registry that answers plain HTTP on that port (a local `docker-registry`) is retried over http.
 * Handles both challenge schemes: Basic (htpasswd) and Bearer (token from the realm, with the given
 * credentials as Basic, or anonymous). Content is verified against its digest.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';

export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
];
export const MANIFEST_ACCEPT = MANIFEST_MEDIA_TYPES.join(', ');

/** An error answer of the source registry (status and its first OCI error, when it sent one). */
export class RemoteRegistryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RemoteRegistryError';
  }
}

type Headers = Record<string, string | string[]>;

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RemoteRegistryOptions {
  /** host[:port], optionally with an http:// or https:// prefix. */
  registryUri: string;
  credentials?: { username?: string; password: string };
  /** Extra CA certificates to trust (PEM), e.g. the emulator's own. */
  ca?: string[];
  /** Largest manifest or blob read into memory. */
  maxBytes?: number;
}

export class RemoteRegistry {
  private scheme: 'https' | 'http' | undefined;
  private readonly host: string;
  private authorization: string | undefined;
  private readonly httpsAgent: HttpsAgent;
  private readonly httpAgent = new HttpAgent({ keepAlive: true });

  constructor(private readonly options: RemoteRegistryOptions) {
    const match = /^(https?):\/\/(.+?)\/?$/.exec(options.registryUri);
    this.scheme = match ? (match[1] as 'https' | 'http') : undefined;
    this.host = match?.[2] ?? options.registryUri.replace(/\/+$/, '');
    this.httpsAgent = new HttpsAgent({ keepAlive: true, ca: [...rootCertificates, ...(options.ca ?? [])] });
  }

  /** The manifest bytes and media type of `repository` at a tag or digest (verified when by digest). */
  async manifest(repository: string, reference: string): Promise<{ bytes: Buffer; mediaType: string; digest: string }> {
    // One Accept line per type: distribution 2.x reads each line as a single media type and, when
    // none matches, converts docker images to schema1 (another digest).
    const reply = await this.get(`/v2/${repository}/manifests/${reference}`, repository, {
      Accept: MANIFEST_MEDIA_TYPES,
    });
    const digest = sha256(reply.body);
    if (reference.startsWith('sha256:') && digest !== reference) {
      throw new RemoteRegistryError(
        502,
        'DIGEST_INVALID',
        `manifest ${reference} of ${repository} does not match its digest`,
      );
    }
    const mediaType =
      String(reply.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    return { bytes: reply.body, mediaType, digest };
  }

  /** A blob's bytes, verified against `digest`. */
  async blob(repository: string, digest: string): Promise<Buffer> {
    let reply = await this.get(`/v2/${repository}/blobs/${digest}`, repository, {});
    for (let hop = 0; hop < 3 && reply.status >= 300 && reply.status < 400; hop++) {
      reply = await this.send(new URL(String(reply.headers.location), this.baseUrl()), {});
    }
    if (reply.status !== 200) throw errorOf(reply, `blob ${digest}`);
    if (sha256(reply.body) !== digest)
      throw new RemoteRegistryError(502, 'DIGEST_INVALID', `blob ${digest} of ${repository} does not match its digest`);
    return reply.body;
  }

  close(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
  }

  private baseUrl(): string {
    return `${this.scheme ?? 'https'}://${this.host}`;
  }

  /** GET with the authorization dance; throws RemoteRegistryError on an error answer. */
  private async get(path: string, repository: string, headers: Headers): Promise<Reply> {
    const url = () => new URL(path, this.baseUrl());
    let reply = await this.send(url(), headers);
    if (reply.status === 401) {
      this.authorization = await this.authorize(String(reply.headers['www-authenticate'] ?? ''), repository);
      if (this.authorization) reply = await this.send(url(), headers);
    }
    if (reply.status >= 400) throw errorOf(reply, path);
    return reply;
  }

  private async authorize(challenge: string, repository: string): Promise<string | undefined> {
    const basic = this.options.credentials
      ? `Basic ${Buffer.from(`${this.options.credentials.username ?? ''}:${this.options.credentials.password}`).toString('base64')}`
      : undefined;
    if (/^basic\b/i.test(challenge)) return basic;
    if (!/^bearer\b/i.test(challenge)) return undefined;
    const params: Record<string, string> = {};
    for (const m of challenge.matchAll(/(\w+)="([^"]*)"/g)) params[m[1] ?? ''] = m[2] ?? '';
    if (!params.realm) return undefined;
    const realm = new URL(params.realm);
    if (params.service) realm.searchParams.set('service', params.service);
    realm.searchParams.set('scope', `repository:${repository}:pull`);
    const reply = await this.send(realm, basic ? { Authorization: basic } : {}, true);
    if (reply.status !== 200) throw errorOf(reply, 'token request');
    const token = JSON.parse(reply.body.toString('utf8')) as { token?: string; access_token?: string };
    const value = token.access_token ?? token.token;
    return value ? `Bearer ${value}` : undefined;
  }

  /** One request; when the first HTTPS handshake meets a plain-HTTP server, switches to http. */
  private async send(url: URL, headers: Headers, explicitAuth = false): Promise<Reply> {
    const all = { ...headers, ...(!explicitAuth && this.authorization ? { Authorization: this.authorization } : {}) };
    const ours = url.host === this.host;
    try {
      const reply = await this.request(url, all);
      if (this.scheme === undefined && ours) this.scheme = url.protocol === 'http:' ? 'http' : 'https';
      return reply;
    } catch (err) {
      if (this.scheme === undefined && ours && url.protocol === 'https:' && isPlainHttpAnswer(err)) {
        this.scheme = 'http';
        return this.request(new URL(`${url.pathname}${url.search}`, this.baseUrl()), all);
      }
      throw err;
    }
  }

  private request(url: URL, headers: Headers): Promise<Reply> {
    const limit = this.options.maxBytes ?? 512 * 1024 * 1024;
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        { method: 'GET', headers, agent: secure ? this.httpsAgent : this.httpAgent, timeout: 30_000 },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit)
              req.destroy(
                new RemoteRegistryError(413, 'SIZE_INVALID', `${url.pathname} is larger than ${limit} bytes`),
              );
            else chunks.push(chunk);
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer from ${url.host} within 30 s`)));
      req.on('error', reject);
      req.end();
    });
  }
}

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function isPlainHttpAnswer(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === 'EPROTO' ||
    e.code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    /wrong version number|packet length too long/i.test(e.message ?? '')
  );
}

function errorOf(reply: Reply, what: string): RemoteRegistryError {
  let code = `HTTP_${reply.status}`;
  let message = `${what}: the source registry answered ${reply.status}`;
  try {
    const first = (JSON.parse(reply.body.toString('utf8')) as { errors?: Array<{ code?: string; message?: string }> })
      .errors?.[0];
    if (first?.code) code = first.code;
    if (first?.message) message = first.message;
  } catch {
    // not an OCI error body: keep the status line
  }
  return new RemoteRegistryError(reply.status, code, message);
}

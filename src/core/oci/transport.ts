/**
 * HTTP transport over node:http / node:https.
 *
 * Why not the global fetch (undici)? (1) A per-registry CA needs an undici Agent, and undici is not
 * one of our pinned dependencies (the copy bundled in Node is not importable); node:https takes `ca`
 * directly. (2) Blob bodies must be Node streams with backpressure into pipeline(); fetch hands out
 * web streams. (3) fetch follows redirects itself, while a registry's redirect to blob storage must
 * be followed by us, without the registry's Authorization header. node:https covers all three and
 * honours NODE_EXTRA_CA_CERTS for the default trust store like fetch does.
 *
 * Every request body is a Buffer of bounded size (chunked uploads send one chunk per request), so
 * any request can be replayed by the retry loop.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { RelocationError } from '../errors.js';

export interface TransportOptions {
  /**
   * Extra CA certificate(s) (PEM) trusted for this registry, on top of Node's bundled roots. Meant
   * for tests: with it set, NODE_EXTRA_CA_CERTS is not consulted for this registry's connections.
   */
  caPem?: string | Buffer;
  /** Inactivity timeout: no byte received (headers or body) for this long fails the request. */
  timeoutMs?: number;
  /** Connections per host kept by the keep-alive pool. */
  maxSockets?: number;
  userAgent?: string;
}

export interface HttpRequest {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  url: URL;
  stream: IncomingMessage;
  /** Drain and drop the body (keeps the socket reusable). */
  discard(): void;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

export class Transport {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly timeoutMs: number;
  private readonly userAgent: string;

  constructor(options: TransportOptions = {}) {
    const maxSockets = options.maxSockets ?? 16;
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets });
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      maxSockets,
      ...(options.caPem !== undefined ? { ca: [...rootCertificates, options.caPem.toString()] } : {}),
    });
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.userAgent = options.userAgent ?? 'acr-relocate';
  }

  send(request: HttpRequest): Promise<HttpResponse> {
    const { url } = request;
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') {
      return Promise.reject(new RelocationError('INTERNAL', `Unsupported URL scheme ${url.protocol}`));
    }
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...request.headers };
    if (request.body) headers['content-length'] = String(request.body.length);
    else if (['PUT', 'POST', 'PATCH'].includes(request.method)) headers['content-length'] = '0';
    const send = secure ? https.request : http.request;
    return new Promise<HttpResponse>((resolve, reject) => {
      const req = send(url, {
        method: request.method,
        headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
      });
      let received: IncomingMessage | undefined;
      req.setTimeout(this.timeoutMs, () => {
        // Name the stall on the body stream too, or its reader only sees a bare "aborted".
        const error = timeoutError(this.timeoutMs);
        received?.destroy(error);
        req.destroy(error);
      });
      req.on('error', reject);
      req.on('response', (stream) => {
        received = stream;
        resolve({
          status: stream.statusCode ?? 0,
          headers: stream.headers,
          url,
          stream,
          discard: () => {
            stream.on('error', () => undefined);
            stream.resume();
          },
        });
      });
      req.end(request.body);
    });
  }

  /** Close pooled sockets (call when done with a registry; idle sockets would keep a process alive). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function timeoutError(ms: number): Error {
  return Object.assign(new Error(`no data received for ${ms} ms`), { code: 'OCI_TIMEOUT' });
}

/** Read a whole (small) body; refuses more than `limit` bytes instead of buffering without bound. */
export async function readBody(response: HttpResponse, limit: number, what: string): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    response.stream.destroy();
    throw tooLarge(what, limit);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response.stream) {
      total += (chunk as Buffer).length;
      if (total > limit) {
        response.stream.destroy();
        throw tooLarge(what, limit);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof RelocationError) throw error;
    throw new RelocationError(
      'REMOTE_ERROR',
      `${what}: the response from ${response.url.host} broke off (${error instanceof Error ? error.message : String(error)}).`,
      'A transient network failure; run the command again (it resumes).',
      { cause: error },
    );
  }
  return Buffer.concat(chunks);
}

function tooLarge(what: string, limit: number): RelocationError {
  return new RelocationError(
    'REMOTE_ERROR',
    `${what}: the response is larger than ${limit} bytes; refusing to read it.`,
    'Registries cap manifests at 4 MiB; a bigger answer is not a manifest or JSON listing this tool can use.',
  );
}

/** First value of a header. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

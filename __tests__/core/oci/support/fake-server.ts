/**
 * A scriptable HTTP server on 127.0.0.1:0 for behaviour a real registry will not show on demand:
 * tampered blobs, 429/503 storms, redirects, stalls, odd challenges, ACR metadata pages.
 * Every request is recorded (method, path, headers, body size) for assertions.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  body?: string | Buffer | object;
  /** Stop after writing this many body bytes and hang (stall tests). */
  stallAfter?: number;
  /** Destroy the socket without answering. */
  reset?: boolean;
}

export type FakeHandler = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface FakeServer {
  origin: string;
  host: string;
  requests: RecordedRequest[];
  handle(handler: FakeHandler): void;
  stop(): Promise<void>;
}

function send(res: ServerResponse, reply: FakeReply): void {
  if (reply.reset) {
    res.socket?.destroy();
    return;
  }
  const body =
    reply.body === undefined
      ? Buffer.alloc(0)
      : Buffer.isBuffer(reply.body)
        ? reply.body
        : Buffer.from(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  const headers: Record<string, string | string[]> = { 'content-length': String(body.length) };
  for (const [name, value] of Object.entries(reply.headers ?? {})) if (value !== undefined) headers[name] = value;
  if (reply.body !== undefined && typeof reply.body === 'object' && !Buffer.isBuffer(reply.body)) {
    headers['content-type'] ??= 'application/json';
  }
  res.writeHead(reply.status ?? 200, headers);
  if (reply.stallAfter !== undefined) {
    res.write(body.subarray(0, reply.stallAfter));
    return;
  }
  res.end(body);
}

export async function startFakeServer(handler?: FakeHandler): Promise<FakeServer> {
  let current: FakeHandler = handler ?? (() => ({ status: 404 }));
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded = {
        method: req.method ?? 'GET',
        path: url.pathname,
        url,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      Promise.resolve(current(recorded)).then(
        (reply) => send(res, reply),
        (error: unknown) => send(res, { status: 500, body: String(error) }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin: `http://${host}`,
    host,
    requests,
    handle: (next) => {
      current = next;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The registry error body shape. */
export function registryError(code: string, message: string): object {
  return { errors: [{ code, message, detail: {} }] };
}

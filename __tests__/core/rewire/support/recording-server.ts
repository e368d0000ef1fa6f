/**
 * A JSON HTTP server on 127.0.0.1 (free port) that records every request and answers through a
 * handler: the stand-in for GitHub's and Azure DevOps' REST APIs in pull request tests.
 *
 *   const server = await startRecordingServer((call) => ({ status: 200, body: { ok: true } }));
 *   server.url; server.calls; await server.close();
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  /** Path without the query, percent-decoded. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests inspect arbitrary JSON
}

export interface Reply {
  status: number;
  body?: unknown;
}

export interface RecordingServer {
  url: string;
  calls: RecordedCall[];
  /** "METHOD /path" of every call, in order. */
  lines(): string[];
  close(): Promise<void>;
}

export async function startRecordingServer(handle: (call: RecordedCall) => Reply): Promise<RecordingServer> {
  const calls: RecordedCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const call: RecordedCall = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      calls.push(call);
      let reply: Reply;
      try {
        reply = handle(call);
      } catch (error) {
        reply = { status: 500, body: { message: String(error) } };
      }
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    lines: () => calls.map((c) => `${c.method} ${c.path}`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

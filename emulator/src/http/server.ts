/**
 * HTTPS listeners on 127.0.0.1. Port 0 by default so parallel emulators never collide; `stop` also
 * drops idle keep-alive connections (SDK agents keep them open) so shutdown is immediate.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TlsMaterial } from '../tls/ca.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface HttpsListener {
  readonly port: number;
  /** https://127.0.0.1:<port> */
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function listenHttps(
  tls: TlsMaterial,
  handler: RequestHandler,
  onError: (err: unknown, req: IncomingMessage, res: ServerResponse) => void,
  port = 0,
): Promise<HttpsListener> {
  const server = createServer({ cert: tls.serverCertPem, key: tls.serverKeyPem }, (req, res) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err: unknown) => onError(err, req, res));
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    port: actualPort,
    url: `https://127.0.0.1:${actualPort}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Listens on `preferredPort` when it is free, else on a fresh free port (restart keeps URLs stable). */
export async function listenHttpsPreferring(
  tls: TlsMaterial,
  handler: RequestHandler,
  onError: (err: unknown, req: IncomingMessage, res: ServerResponse) => void,
  preferredPort: number | undefined,
): Promise<HttpsListener> {
  if (preferredPort) {
    try {
      return await listenHttps(tls, handler, onError, preferredPort);
    } catch {
      // Taken by someone else since the last run: fall through to a free port.
    }
  }
  return listenHttps(tls, handler, onError, 0);
}

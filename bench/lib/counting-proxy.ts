/**
 * A TCP proxy on loopback that counts the bytes a registry sends back: put in front of a source
 * registry, it measures "bytes read from the source" for any client (ours, skopeo) in the same
 * way, headers and bodies included, without touching either client or the registry.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface CountingProxy {
  /** 127.0.0.1:PORT, for image references and URLs. */
  readonly host: string;
  /** Bytes the upstream sent to clients since the last reset. */
  readonly bytesFromUpstream: number;
  /** Bytes clients sent to the upstream since the last reset. */
  readonly bytesToUpstream: number;
  /** Connections accepted since the last reset. */
  readonly connections: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startCountingProxy(upstreamPort: number): Promise<CountingProxy> {
  const counts = { down: 0, up: 0, connections: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    counts.connections += 1;
    const upstream = connect(upstreamPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    upstream.on('data', (chunk: Buffer) => (counts.down += chunk.length));
    client.on('data', (chunk: Buffer) => (counts.up += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
    // Either side failing or closing ends the pair; the client sees a reset, as with a real proxy.
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.once('error', end).once('close', end);
    upstream.once('error', end).once('close', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the counting proxy has no TCP address');
  return {
    host: `127.0.0.1:${address.port}`,
    get bytesFromUpstream() {
      return counts.down;
    },
    get bytesToUpstream() {
      return counts.up;
    },
    get connections() {
      return counts.connections;
    },
    reset() {
      counts.down = 0;
      counts.up = 0;
      counts.connections = 0;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

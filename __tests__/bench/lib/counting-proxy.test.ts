/**
 * The counting proxy in front of a tiny HTTP server: what a client reads through it arrives intact
 * and is counted exactly (bytes from the upstream, headers included), and reset() starts over.
 */
import { createServer, request, type Server } from 'node:http';
import { startCountingProxy, type CountingProxy } from '../../../bench/lib/counting-proxy.js';

const BODY = Buffer.alloc(300_000, 7);

function get(host: string, path: string): Promise<{ status: number; body: Buffer; raw: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`http://${host}${path}`, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), raw: 0 }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startCountingProxy', () => {
  let upstream: Server;
  let proxy: CountingProxy;
  beforeAll(async () => {
    upstream = createServer((req, res) => {
      if (req.url === '/big') res.end(BODY);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    const address = upstream.address();
    proxy = await startCountingProxy(typeof address === 'object' && address ? address.port : 0);
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('passes responses through unchanged and counts every byte the upstream sent', async () => {
    proxy.reset();
    const reply = await get(proxy.host, '/big');
    expect(reply.status).toBe(200);
    expect(reply.body.equals(BODY)).toBe(true);
    // The body plus a status line and headers (a few hundred bytes at most).
    expect(proxy.bytesFromUpstream).toBeGreaterThan(BODY.length);
    expect(proxy.bytesFromUpstream).toBeLessThan(BODY.length + 1_000);
    expect(proxy.bytesToUpstream).toBeGreaterThan(0);
    expect(proxy.connections).toBe(1);
  });

  it('starts over after reset() and counts a second client the same way', async () => {
    proxy.reset();
    expect(proxy.bytesFromUpstream).toBe(0);
    await get(proxy.host, '/missing');
    const small = proxy.bytesFromUpstream;
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThan(1_000);
    await get(proxy.host, '/big');
    expect(proxy.bytesFromUpstream).toBeGreaterThan(small + BODY.length);
    expect(proxy.connections).toBe(2);
  });
});

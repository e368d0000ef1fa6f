import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { downloadBlobToFile, getBlob, headBlob } from '../../../src/core/oci/blobs.js';
import { RegistryClient } from '../../../src/core/oci/client.js';
import { sha256Digest } from '../../../src/core/oci/names.js';
import { startFakeServer, type FakeServer } from './support/fake-server.js';

const good = randomBytes(200_000);
const digest = sha256Digest(good);
const tampered = Buffer.from(good);
tampered[tampered.length - 1] ^= 0xff;

describe('blob downloads are verified while streaming', () => {
  let server: FakeServer;
  let client: RegistryClient;
  let dir: string;

  beforeAll(async () => {
    server = await startFakeServer();
    client = new RegistryClient({ url: server.origin, timeoutMs: 500, retry: { maxAttempts: 1 } });
    dir = mkdtempSync(join(tmpdir(), 'blobs-test-'));
  });
  afterAll(async () => {
    client.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes intact content through unchanged', async () => {
    server.handle(() => ({ body: good }));
    const chunks: Buffer[] = [];
    const { stream, size } = await getBlob(client, 'app', { digest, size: good.length });
    await pipeline(stream, new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) }));
    expect(size).toBe(good.length);
    expect(Buffer.concat(chunks).equals(good)).toBe(true);
  });

  it('fails a tampered blob before the consumer sees the end of the data', async () => {
    server.handle(() => ({ body: tampered }));
    let finished = false;
    let received = 0;
    const sink = new Writable({
      write: (c: Buffer, _e, cb) => ((received += c.length), cb()),
      final: (cb) => ((finished = true), cb()),
    });
    const { stream } = await getBlob(client, 'app', { digest, size: good.length });
    await expect(pipeline(stream, sink)).rejects.toMatchObject({
      code: 'REMOTE_ERROR',
      message: expect.stringMatching(/does not match the expected sha256:/),
    });
    expect(finished).toBe(false);
    expect(received).toBe(tampered.length);
  });

  it('downloads to a file only when verified, leaving nothing behind on a mismatch', async () => {
    server.handle(() => ({ body: tampered }));
    const target = join(dir, 'blob-bad');
    await expect(downloadBlobToFile(client, 'app', { digest }, target)).rejects.toMatchObject({ code: 'REMOTE_ERROR' });
    expect(readdirSync(dir)).toEqual([]);

    server.handle(() => ({ body: good }));
    await downloadBlobToFile(client, 'app', { digest }, join(dir, 'blob-good'));
    expect(readFileSync(join(dir, 'blob-good')).equals(good)).toBe(true);
    expect(readdirSync(dir)).toEqual(['blob-good']);
  });

  it('refuses a blob whose announced size differs from the descriptor', async () => {
    server.handle(() => ({ body: good.subarray(0, 1000) }));
    await expect(getBlob(client, 'app', { digest, size: good.length })).rejects.toMatchObject({
      message: expect.stringMatching(/announces 1000 bytes, the manifest says 200000/),
    });
  });

  it('fails a body that stalls mid-stream (inactivity timeout) instead of hanging', async () => {
    server.handle(() => ({ body: good, stallAfter: 5000 }));
    const target = join(dir, 'blob-stalled');
    await expect(downloadBlobToFile(client, 'app', { digest }, target)).rejects.toMatchObject({
      code: 'REMOTE_ERROR',
      message: expect.stringMatching(/no data received for 500 ms/),
    });
    expect(existsSync(target)).toBe(false);
  });

  it('follows a redirect to storage without sending the registry credentials there', async () => {
    const storage = await startFakeServer(() => ({ body: good }));
    try {
      const registry = await startFakeServer((request) =>
        request.headers.authorization
          ? { status: 307, headers: { location: `${storage.origin}/blobs/${digest}?sig=abc` } }
          : { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } },
      );
      const authed = new RegistryClient({
        url: registry.origin,
        credentials: { kind: 'basic', username: 'u', password: 'secret-pass' },
      });
      try {
        const { stream } = await getBlob(authed, 'app', { digest });
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        expect(Buffer.concat(chunks).equals(good)).toBe(true);
        expect(storage.requests).toHaveLength(1);
        expect(storage.requests[0]!.headers.authorization).toBeUndefined();
        expect(storage.requests[0]!.url.searchParams.get('sig')).toBe('abc');
      } finally {
        authed.close();
        await registry.stop();
      }
    } finally {
      await storage.stop();
    }
  });

  it('HEAD answers the size, or undefined when the blob is missing', async () => {
    server.handle((request) =>
      request.method === 'HEAD' && request.path.endsWith(digest)
        ? { headers: { 'content-length': '42' } }
        : { status: 404 },
    );
    expect(await headBlob(client, 'app', digest)).toBe(42);
    expect(await headBlob(client, 'app', sha256Digest(Buffer.from('x')))).toBeUndefined();
  });
});

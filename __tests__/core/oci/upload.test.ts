import { randomBytes } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { getBlob, headBlob } from '../../../src/core/oci/blobs.js';
import { RegistryClient } from '../../../src/core/oci/client.js';
import { sha256Digest } from '../../../src/core/oci/names.js';
import { uploadBlob } from '../../../src/core/oci/upload.js';
import { startDistribution, type Distribution } from '../../helpers/distribution.js';
import { requireTool } from '../../helpers/tools.js';
import { startFakeServer, type FakeServer } from './support/fake-server.js';

/** Yield `bytes` in pieces of `piece` bytes, like a network stream. */
async function* pieces(bytes: Buffer, piece = 10_000): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += piece) yield bytes.subarray(i, i + piece);
}

const gate = requireTool('docker-registry');

gate.describe('uploadBlob against a real distribution registry', () => {
  let registry: Distribution;
  let client: RegistryClient;

  beforeAll(async () => {
    registry = await startDistribution();
    client = new RegistryClient({ url: registry.url });
  });
  afterAll(async () => {
    client?.close();
    await registry?.stop();
  });

  it('uploads a small blob in one PUT, then skips it because HEAD finds it', async () => {
    const bytes = randomBytes(1000);
    const blob = { digest: sha256Digest(bytes), size: bytes.length };
    expect(await uploadBlob(client, 'up/small', blob, bytes)).toBe('uploaded');
    expect(await uploadBlob(client, 'up/small', blob, bytes)).toBe('exists');
    expect(await headBlob(client, 'up/small', blob.digest)).toBe(1000);
    expect(await buffer((await getBlob(client, 'up/small', blob)).stream)).toEqual(bytes);
  });

  it('uploads a large streamed blob in PATCH chunks that the registry reassembles exactly', async () => {
    const bytes = randomBytes(1024 * 1024 + 123);
    const blob = { digest: sha256Digest(bytes), size: bytes.length };
    const outcome = await uploadBlob(client, 'up/large', blob, async () => pieces(bytes), { chunkSize: 64 * 1024 });
    expect(outcome).toBe('uploaded');
    // Buffer.equals: jest's toEqual walks big buffers byte by byte (seconds per MiB)
    expect((await buffer((await getBlob(client, 'up/large', blob)).stream)).equals(bytes)).toBe(true);
  });

  it('mounts from another repository, and falls back to uploading when the source lacks the blob', async () => {
    const bytes = randomBytes(5000);
    const blob = { digest: sha256Digest(bytes), size: bytes.length };
    await uploadBlob(client, 'mount/source', blob, bytes);
    const neverRead = async (): Promise<AsyncIterable<Uint8Array>> => {
      throw new Error('a mount must not read the source');
    };
    expect(await uploadBlob(client, 'mount/target', blob, neverRead, { mountFrom: 'mount/source' })).toBe('mounted');
    expect(await headBlob(client, 'mount/target', blob.digest)).toBe(5000);

    const other = randomBytes(3000);
    const otherBlob = { digest: sha256Digest(other), size: other.length };
    expect(await uploadBlob(client, 'mount/target', otherBlob, other, { mountFrom: 'mount/empty' })).toBe('uploaded');
    expect(await headBlob(client, 'mount/target', otherBlob.digest)).toBe(3000);
  });

  it('never commits content that does not match its digest (small and chunked)', async () => {
    const bytes = randomBytes(300_000);
    const claimed = { digest: sha256Digest(randomBytes(10)), size: bytes.length };
    await expect(uploadBlob(client, 'up/bad', claimed, bytes)).rejects.toMatchObject({
      code: 'REMOTE_ERROR',
      message: expect.stringMatching(/does not match the expected/),
    });
    await expect(
      uploadBlob(client, 'up/bad', claimed, async () => pieces(bytes), { chunkSize: 64 * 1024 }),
    ).rejects.toMatchObject({ code: 'REMOTE_ERROR' });
    expect(await headBlob(client, 'up/bad', claimed.digest)).toBeUndefined();
  });

  it('refuses a size that differs from the descriptor', async () => {
    const bytes = randomBytes(2000);
    await expect(
      uploadBlob(client, 'up/size', { digest: sha256Digest(bytes), size: 1999 }, bytes),
    ).rejects.toMatchObject({ message: expect.stringMatching(/read 2000 bytes, the descriptor says 1999/) });
    expect(await headBlob(client, 'up/size', sha256Digest(bytes))).toBeUndefined();
  });
});

describe('uploadBlob request shapes (recorded by a fake registry)', () => {
  let server: FakeServer;
  let client: RegistryClient;

  beforeAll(async () => {
    server = await startFakeServer();
    client = new RegistryClient({ url: server.origin });
  });
  afterAll(async () => {
    client.close();
    await server.stop();
  });

  it('sends bounded, contiguous chunks with Content-Range, then commits with the digest', async () => {
    let session = 0;
    server.handle((request) => {
      if (request.method === 'HEAD') return { status: 404 };
      if (request.method === 'POST')
        return { status: 202, headers: { location: `/v2/r/blobs/uploads/u${++session}?_state=s` } };
      if (request.method === 'PATCH')
        return { status: 202, headers: { location: `/v2/r/blobs/uploads/u${++session}?_state=s` } };
      if (request.method === 'PUT')
        return { status: 201, headers: { 'docker-content-digest': request.url.searchParams.get('digest') ?? '' } };
      return { status: 500 };
    });
    const bytes = randomBytes(250_000);
    const chunkSize = 64 * 1024;
    await uploadBlob(
      client,
      'r',
      { digest: sha256Digest(bytes), size: bytes.length },
      async () => pieces(bytes, 7_777),
      { chunkSize },
    );
    const patches = server.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((p) => p.body.length)).toEqual([65536, 65536, 65536, 53392]);
    expect(patches.map((p) => p.headers['content-range'])).toEqual([
      '0-65535',
      '65536-131071',
      '131072-196607',
      '196608-249999',
    ]);
    expect(Buffer.concat(patches.map((p) => p.body)).equals(bytes)).toBe(true);
    // each request went to the location the previous answer named
    expect(patches.map((p) => p.path)).toEqual([
      '/v2/r/blobs/uploads/u1',
      '/v2/r/blobs/uploads/u2',
      '/v2/r/blobs/uploads/u3',
      '/v2/r/blobs/uploads/u4',
    ]);
    const commit = server.requests.find((r) => r.method === 'PUT')!;
    expect(commit.url.searchParams.get('digest')).toBe(sha256Digest(bytes));
    expect(commit.url.searchParams.get('_state')).toBe('s');
    expect(commit.body.length).toBe(0);
  });

  it('sends a streamed blob of exactly one chunk in one PUT, and a declared-small blob that grows in chunks', async () => {
    server.requests.length = 0;
    server.handle((request) => {
      if (request.method === 'HEAD') return { status: 404 };
      if (request.method === 'POST' || request.method === 'PATCH')
        return { status: 202, headers: { location: '/v2/r/blobs/uploads/u?_state=s' } };
      if (request.method === 'PUT')
        return { status: 201, headers: { 'docker-content-digest': request.url.searchParams.get('digest') ?? '' } };
      return { status: 204 }; // DELETE: the cancelled session
    });
    const chunkSize = 64 * 1024;
    const exact = randomBytes(chunkSize);
    await uploadBlob(client, 'r', { digest: sha256Digest(exact) }, async () => pieces(exact, 5_000), { chunkSize });
    expect(server.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
    expect(server.requests.find((r) => r.method === 'PUT')!.body.equals(exact)).toBe(true);

    server.requests.length = 0;
    const grown = randomBytes(3_000);
    const declared = { digest: sha256Digest(grown), size: 1_000 };
    await expect(uploadBlob(client, 'r', declared, async () => pieces(grown, 700), { chunkSize })).rejects.toThrow(
      /read 3000 bytes, the descriptor says 1000/,
    );
    expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
    expect(server.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('refuses an upload location on another origin (no data leaves for it)', async () => {
    server.requests.length = 0;
    server.handle((request) => {
      if (request.method === 'HEAD') return { status: 404 };
      if (request.method === 'POST')
        return { status: 202, headers: { location: 'http://203.0.113.9/v2/r/blobs/uploads/x' } };
      return { status: 500 };
    });
    const bytes = randomBytes(100);
    await expect(uploadBlob(client, 'r', { digest: sha256Digest(bytes) }, bytes)).rejects.toMatchObject({
      code: 'REMOTE_ERROR',
      message: expect.stringMatching(/another origin/),
    });
    expect(server.requests.map((r) => r.method)).toEqual(['HEAD', 'POST']);
  });
});

import { randomBytes } from 'node:crypto';
import { errorCodes, startRegistry, type TestRegistry } from '../harness.js';
import { pushArtifact } from '../../../../emulator/src/seed/images-push.js';
import { generateImage, sha256 } from '../../../../emulator/src/seed/images.js';

const image = generateImage('faults');
const layer = image.blobs[1]!;

describe('fault injection and the request log', () => {
  let registry: TestRegistry;

  beforeAll(async () => {
    registry = await startRegistry();
    await pushArtifact(registry.client(), 'app', image, ['v1']);
  });

  afterEach(() => registry.faults.clear());
  afterAll(() => registry.destroy());

  it('answers a fault status with its headers and error code instead of doing the work', async () => {
    registry.faults.set('acr:manifest-get', { status: 429, headers: { 'Retry-After': '3' } });
    const throttled = await registry.client().send('GET', '/v2/app/manifests/v1');
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('3');
    expect(errorCodes(throttled.body)).toEqual(['TOOMANYREQUESTS']);
    registry.faults.set('acr:manifest-get', { status: 503, errorCode: 'UNAVAILABLE' });
    expect((await registry.client().send('GET', '/v2/app/manifests/v1')).status).toBe(503);
    registry.faults.clear();
    expect((await registry.client().send('GET', '/v2/app/manifests/v1')).status).toBe(200);
  });

  it('flips one byte of a served blob (same length) so only a digest check notices', async () => {
    registry.faults.set('acr:blob-get', { corruptBody: true });
    const corrupted = await registry.client().send('GET', `/v2/app/blobs/${layer.digest}`);
    expect(corrupted.status).toBe(200);
    expect(corrupted.body.length).toBe(layer.size);
    expect(sha256(corrupted.body)).not.toBe(layer.digest);
    expect(corrupted.body.subarray(1).equals(layer.data.subarray(1))).toBe(true);
  });

  it('delays a request by delayMs', async () => {
    const client = registry.client();
    await client.send('GET', '/v2/app/tags/list');
    registry.faults.set('acr:tags', { delayMs: 300 });
    const started = Date.now();
    expect((await client.send('GET', '/v2/app/tags/list')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('logs every request with service, kind, principal and status', async () => {
    const before = registry.log.length;
    const client = registry.client();
    await client.send('GET', `/v2/app/blobs/${layer.digest}`);
    const entries = registry.log.slice(before);
    expect(entries.map((entry) => [entry.kind, entry.status, entry.principal])).toEqual([
      ['acr:blob-get', 401, undefined],
      ['acr:token', 200, 'admin:testregistry'],
      ['acr:blob-get', 200, 'admin:testregistry'],
    ]);
    expect(entries.every((entry) => entry.service === 'acr:testregistry')).toBe(true);
    expect(entries[2]?.path).toBe(`/v2/app/blobs/${layer.digest}`);
  });
});

describe('persistence across a restart', () => {
  it('serves the same content, tags, attributes and tokens after reopening the same directory', async () => {
    const tokenSecret = randomBytes(32);
    const first = await startRegistry({ tokenSecret });
    await pushArtifact(first.client(), 'kept', image, ['v1']);
    first.store.setTagAttributes('kept', 'v1', { writeEnabled: false });
    const token = await first.client().fetchToken({
      realm: `https://${first.loginServer}/oauth2/token`,
      service: first.loginServer,
      scope: 'repository:kept:pull',
    });
    await first.close();
    const second = await startRegistry({ dir: first.dir, tokenSecret });
    try {
      // A new port means a new login server: tokens are bound to it, so get a fresh one.
      const client = second.client();
      const pulled = await client.send('GET', '/v2/kept/manifests/v1');
      expect(pulled.body.equals(image.root.bytes)).toBe(true);
      expect(second.store.getTag('kept', 'v1')?.attributes.writeEnabled).toBe(false);
      expect((await client.send('GET', `/v2/kept/blobs/${layer.digest}`)).body.equals(layer.data)).toBe(true);
      const stale = await client.raw('GET', new URL('/v2/kept/manifests/v1', second.url), {}, token);
      expect(stale.status).toBe(401);
    } finally {
      await second.destroy();
    }
  });
});

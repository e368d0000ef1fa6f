import { createHash, randomBytes } from 'node:crypto';
import { headBlob } from '../../../src/core/oci/blobs.js';
import { RegistryClient } from '../../../src/core/oci/client.js';
import { copyBlob } from '../../../src/core/oci/copy.js';
import { blobsOf, MediaTypes, parseManifest } from '../../../src/core/oci/manifest.js';
import { getManifest, putManifest } from '../../../src/core/oci/manifests.js';
import { sha256Digest } from '../../../src/core/oci/names.js';
import { uploadBlob } from '../../../src/core/oci/upload.js';
import { mapWithLimit } from '../../../src/core/util/pool.js';
import {
  DISTRIBUTION_PASSWORD,
  DISTRIBUTION_USER,
  startDistribution,
  type Distribution,
} from '../../helpers/distribution.js';
import { requireTool } from '../../helpers/tools.js';
import { pushImage, skopeoCopy, skopeoInspectRaw } from './support/content.js';
import { startFakeServer } from './support/fake-server.js';

/** Copy one image (manifest or index with its children) the way the import engine will. */
async function copyImage(
  from: RegistryClient,
  fromRepo: string,
  to: RegistryClient,
  toRepo: string,
  reference: string,
) {
  const outcomes: string[] = [];
  const copyOne = async (ref: string): Promise<string> => {
    const manifest = await getManifest(from, fromRepo, ref);
    const parsed = parseManifest(manifest.bytes, manifest.mediaType);
    for (const child of parsed.children) await copyOne(child.digest);
    const blobs = await mapWithLimit(blobsOf(parsed), 3, (b) =>
      copyBlob(from, fromRepo, to, toRepo, b, { chunkSize: 128 * 1024 }),
    );
    outcomes.push(...blobs);
    return (await putManifest(to, toRepo, ref, manifest.bytes, manifest.mediaType)).digest;
  };
  return { digest: await copyOne(reference), outcomes };
}

const gate = requireTool('docker-registry', 'skopeo', 'openssl');

gate.describe('copying between real registries (plain http -> TLS + htpasswd)', () => {
  let source: Distribution;
  let target: Distribution;
  let from: RegistryClient;
  let to: RegistryClient;
  const auth = { username: DISTRIBUTION_USER, password: DISTRIBUTION_PASSWORD };

  beforeAll(async () => {
    [source, target] = await Promise.all([startDistribution(), startDistribution({ tls: true, htpasswd: true })]);
    from = new RegistryClient({ url: source.url });
    to = new RegistryClient({ url: target.url, caPem: target.caPem, credentials: { kind: 'basic', ...auth } });
  });
  afterAll(async () => {
    from?.close();
    to?.close();
    await Promise.all([source?.stop(), target?.stop()]);
  });

  it('copies a multi-arch image byte-identically (skopeo agrees), and a re-run only finds existing blobs', async () => {
    const amd = await pushImage(from, 'src/app', 'amd', [300_000, 1000]);
    const arm = await pushImage(from, 'src/app', 'arm', [200_000]);
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaTypes.ociIndex,
        manifests: [amd, arm].map((m, i) => ({
          mediaType: m.mediaType,
          digest: m.digest,
          size: m.bytes.length,
          platform: { os: 'linux', architecture: i ? 'arm64' : 'amd64' },
        })),
      }),
    );
    await putManifest(from, 'src/app', '1.0', index, MediaTypes.ociIndex);

    const first = await copyImage(from, 'src/app', to, 'dst/app', '1.0');
    expect(first.digest).toBe(sha256Digest(index));
    expect(first.outcomes).toEqual(['uploaded', 'uploaded', 'uploaded', 'uploaded', 'uploaded']);
    expect(await skopeoInspectRaw(target, 'dst/app:1.0', auth)).toEqual(index);
    expect(await skopeoInspectRaw(target, `dst/app@${amd.digest}`, auth)).toEqual(amd.bytes);

    const again = await copyImage(from, 'src/app', to, 'dst/app', '1.0');
    expect(again.outcomes.every((o) => o === 'exists')).toBe(true);
  });

  it('mounts instead of copying bytes within one registry', async () => {
    const image = await pushImage(to, 'dst/base', 'v1', [50_000]);
    const outcomes = await mapWithLimit(blobsOf(parseManifest(image.bytes, image.mediaType)), 2, (b) =>
      copyBlob(to, 'dst/base', to, 'dst/derived', b),
    );
    expect(outcomes).toEqual(['mounted', 'mounted']);
  });

  it('agrees with skopeo copy: the same digests arrive whichever tool copies', async () => {
    const image = await pushImage(from, 'src/tool', 'v1', [10_000]);
    await skopeoCopy(source, 'src/tool:v1', source, 'src/tool-copy:v1');
    expect((await getManifest(from, 'src/tool-copy', 'v1')).digest).toBe(image.digest);
  });

  it('never commits a corrupted source blob in the target', async () => {
    const good = randomBytes(400_000);
    const digest = sha256Digest(good);
    const bad = Buffer.from(good);
    bad[123_456] ^= 1;
    const tampering = await startFakeServer(() => ({ body: bad }));
    const corrupt = new RegistryClient({ url: tampering.origin });
    try {
      await expect(
        copyBlob(corrupt, 'src/app', to, 'dst/victim', { digest, size: good.length }, { chunkSize: 64 * 1024 }),
      ).rejects.toMatchObject({
        code: 'REMOTE_ERROR',
        message: expect.stringMatching(/does not match/),
      });
      expect(await headBlob(to, 'dst/victim', digest)).toBeUndefined();
    } finally {
      corrupt.close();
      await tampering.stop();
    }
  });

  it('streams a large blob into bounded chunks (recorded by a fake target)', async () => {
    const big = randomBytes(3 * 1024 * 1024 + 7);
    const blob = { digest: sha256Digest(big), size: big.length };
    await uploadBlob(from, 'src/big', blob, big);
    const sink = await startFakeServer((r) =>
      r.method === 'HEAD'
        ? { status: 404 }
        : r.method === 'PUT'
          ? { status: 201 }
          : { status: 202, headers: { location: '/v2/dst/big/blobs/uploads/s' } },
    );
    const recorder = new RegistryClient({ url: sink.origin });
    try {
      expect(await copyBlob(from, 'src/big', recorder, 'dst/big', blob, { chunkSize: 256 * 1024 })).toBe('uploaded');
      const patches = sink.requests.filter((r) => r.method === 'PATCH');
      expect(patches).toHaveLength(13);
      expect(Math.max(...patches.map((p) => p.body.length))).toBe(256 * 1024);
      const hash = createHash('sha256');
      for (const p of patches) hash.update(p.body);
      expect(`sha256:${hash.digest('hex')}`).toBe(blob.digest);
    } finally {
      recorder.close();
      await sink.stop();
    }
  });
});

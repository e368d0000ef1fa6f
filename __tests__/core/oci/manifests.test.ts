import { RegistryClient } from '../../../src/core/oci/client.js';
import { MediaTypes, parseManifest } from '../../../src/core/oci/manifest.js';
import {
  deleteManifest,
  findManifest,
  getManifest,
  headManifest,
  putManifest,
} from '../../../src/core/oci/manifests.js';
import { sha256Digest } from '../../../src/core/oci/names.js';
import { startDistribution, type Distribution } from '../../helpers/distribution.js';
import { requireTool } from '../../helpers/tools.js';
import { pushImage, skopeoInspectRaw } from './support/content.js';

const gate = requireTool('docker-registry', 'skopeo', 'openssl');

gate.describe('manifests against a real distribution registry (TLS, throwaway CA)', () => {
  let registry: Distribution;
  let client: RegistryClient;

  beforeAll(async () => {
    registry = await startDistribution({ tls: true });
    client = new RegistryClient({ url: registry.url, caPem: registry.caPem });
  });
  afterAll(async () => {
    client?.close();
    await registry?.stop();
  });

  it('pushes an image whose bytes skopeo reads back identically, by tag and by digest', async () => {
    const image = await pushImage(client, 'team/app', 'v1', [2048, 10]);
    expect(await skopeoInspectRaw(registry, 'team/app:v1')).toEqual(image.bytes);
    expect(await skopeoInspectRaw(registry, `team/app@${image.digest}`)).toEqual(image.bytes);
  });

  it('gets raw bytes, media type and digest, by tag and by digest', async () => {
    const image = await pushImage(client, 'team/app', 'v2');
    for (const reference of ['v2', image.digest]) {
      const got = await getManifest(client, 'team/app', reference);
      expect(got.bytes).toEqual(image.bytes);
      expect(got.mediaType).toBe(MediaTypes.ociManifest);
      expect(got.digest).toBe(image.digest);
      expect(got.size).toBe(image.bytes.length);
    }
    const parsed = parseManifest(image.bytes, MediaTypes.ociManifest);
    expect(parsed.layers.map((l) => l.digest)).toEqual(image.layers.map((l) => l.descriptor.digest));
  });

  it('keeps a manifest list byte-identical, with children by digest', async () => {
    const amd = await pushImage(client, 'multi', 'amd64');
    const arm = await pushImage(client, 'multi', 'arm64');
    const list = Buffer.from(
      JSON.stringify(
        {
          schemaVersion: 2,
          mediaType: MediaTypes.dockerManifestList,
          manifests: [
            {
              mediaType: amd.mediaType,
              digest: amd.digest,
              size: amd.bytes.length,
              platform: { architecture: 'amd64', os: 'linux' },
            },
            {
              mediaType: arm.mediaType,
              digest: arm.digest,
              size: arm.bytes.length,
              platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
            },
          ],
        },
        null,
        3, // unusual whitespace: a re-serialising client would change the digest
      ),
    );
    const { digest } = await putManifest(client, 'multi', 'latest', list, MediaTypes.dockerManifestList);
    expect(digest).toBe(sha256Digest(list));
    const got = await getManifest(client, 'multi', 'latest');
    expect(got.mediaType).toBe(MediaTypes.dockerManifestList);
    expect(got.bytes).toEqual(list);
    expect(parseManifest(got.bytes, got.mediaType).children.map((c) => c.digest)).toEqual([amd.digest, arm.digest]);
    expect(await skopeoInspectRaw(registry, 'multi:latest')).toEqual(list);
  });

  it('HEAD reports digest, media type and size; missing manifests are undefined / NOT_FOUND', async () => {
    const image = await pushImage(client, 'team/app', 'head');
    await expect(headManifest(client, 'team/app', 'head')).resolves.toEqual({
      digest: image.digest,
      mediaType: MediaTypes.ociManifest,
      size: image.bytes.length,
    });
    expect(await headManifest(client, 'team/app', 'nope')).toBeUndefined();
    expect(await findManifest(client, 'team/app', 'nope')).toBeUndefined();
    await expect(getManifest(client, 'team/app', 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('deletes by digest, and reports an already deleted manifest as false', async () => {
    const image = await pushImage(client, 'team/gone', 'x');
    expect(await deleteManifest(client, 'team/gone', image.digest)).toBe(true);
    expect(await headManifest(client, 'team/gone', image.digest)).toBeUndefined();
    expect(await deleteManifest(client, 'team/gone', image.digest)).toBe(false);
  });

  it('refuses invalid names and references before any request', async () => {
    await expect(getManifest(client, 'Team/App', 'v1')).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(getManifest(client, 'team/app', '../../_catalog')).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(getManifest(client, 'team/app', 'sha256:abc')).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});

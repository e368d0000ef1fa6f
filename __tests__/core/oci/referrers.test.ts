import { RegistryClient } from '../../../src/core/oci/client.js';
import { MediaTypes, type Descriptor } from '../../../src/core/oci/manifest.js';
import { getManifest } from '../../../src/core/oci/manifests.js';
import { referrersTagFor } from '../../../src/core/oci/names.js';
import { addReferrerToTagSchema, listReferrers } from '../../../src/core/oci/referrers.js';
import { startDistribution, type Distribution } from '../../helpers/distribution.js';
import { requireTool } from '../../helpers/tools.js';
import { pushImage } from './support/content.js';
import { startFakeServer, type FakeServer } from './support/fake-server.js';

const SIGNATURE = 'application/vnd.cncf.notary.signature';
const SBOM = 'application/spdx+json';

const gate = requireTool('docker-registry');

gate.describe('referrers on distribution 2.8 (no referrers API: tag schema fallback)', () => {
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

  async function pushReferrer(
    subject: { digest: string; bytes: Buffer },
    artifactType: string,
    tag: string,
  ): Promise<Descriptor> {
    const subjectDescriptor = { mediaType: MediaTypes.ociManifest, digest: subject.digest, size: subject.bytes.length };
    const pushed = await pushImage(client, 'signed/app', tag, [50], { artifactType, subject: subjectDescriptor });
    return { mediaType: MediaTypes.ociManifest, digest: pushed.digest, size: pushed.bytes.length, artifactType };
  }

  it('finds no referrers when there is neither API nor tag', async () => {
    const subject = await pushImage(client, 'signed/app', 'lonely');
    await expect(listReferrers(client, 'signed/app', subject.digest)).resolves.toEqual({
      referrers: [],
      source: 'tag-schema',
    });
  });

  it('reads referrers from the sha256-<hex> index, with an artifactType filter', async () => {
    const subject = await pushImage(client, 'signed/app', 'v1');
    const signature = await pushReferrer(subject, SIGNATURE, 'sig-holder');
    const sbom = await pushReferrer(subject, SBOM, 'sbom-holder');
    expect(await addReferrerToTagSchema(client, 'signed/app', subject.digest, signature)).toBe(true);
    expect(await addReferrerToTagSchema(client, 'signed/app', subject.digest, sbom)).toBe(true);
    expect(await addReferrerToTagSchema(client, 'signed/app', subject.digest, sbom)).toBe(false);

    const all = await listReferrers(client, 'signed/app', subject.digest);
    expect(all.source).toBe('tag-schema');
    expect(all.referrers.map((r) => [r.digest, r.artifactType])).toEqual([
      [signature.digest, SIGNATURE],
      [sbom.digest, SBOM],
    ]);
    const signatures = await listReferrers(client, 'signed/app', subject.digest, { artifactType: SIGNATURE });
    expect(signatures.referrers.map((r) => r.digest)).toEqual([signature.digest]);
    const index = await getManifest(client, 'signed/app', referrersTagFor(subject.digest));
    expect(index.mediaType).toBe(MediaTypes.ociIndex);
  });
});

describe('referrers API (scripted OCI 1.1 registry)', () => {
  let server: FakeServer;
  let client: RegistryClient;
  const subject = `sha256:${'1'.repeat(64)}`;
  const d = (n: number, artifactType: string) => ({
    mediaType: MediaTypes.ociManifest,
    digest: `sha256:${String(n).repeat(64)}`,
    size: 10,
    artifactType,
  });

  beforeAll(async () => {
    server = await startFakeServer();
    client = new RegistryClient({ url: server.origin });
  });
  afterAll(async () => {
    client.close();
    await server.stop();
  });

  const index = (manifests: object[]) => ({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests });

  it('pages through Link, sends the artifactType filter and applies it locally too', async () => {
    server.handle((request) =>
      request.url.searchParams.get('page') === '2'
        ? { body: index([d(4, SBOM)]) }
        : {
            body: index([d(2, SIGNATURE), d(3, SBOM)]),
            headers: { link: `</v2/app/referrers/${subject}?page=2>; rel="next"` },
          },
    );
    const all = await listReferrers(client, 'app', subject);
    expect(all).toMatchObject({ source: 'api' });
    expect(all.referrers.map((r) => r.artifactType)).toEqual([SIGNATURE, SBOM, SBOM]);
    const sboms = await listReferrers(client, 'app', subject, { artifactType: SBOM });
    expect(sboms.referrers.map((r) => r.digest)).toEqual([d(3, SBOM).digest, d(4, SBOM).digest]);
    expect(server.requests.at(-2)!.url.searchParams.get('artifactType')).toBe(SBOM);
  });

  it('falls back to the tag schema on 404 and fails on a malformed index', async () => {
    server.handle((request) =>
      request.path.includes('/referrers/')
        ? { status: 404, body: '404 page not found' }
        : { headers: { 'content-type': MediaTypes.ociIndex }, body: index([d(5, SIGNATURE)]) },
    );
    const result = await listReferrers(client, 'app', subject);
    expect(result).toMatchObject({ source: 'tag-schema', referrers: [{ digest: d(5, SIGNATURE).digest }] });
    expect(server.requests.at(-1)!.path).toBe(`/v2/app/manifests/${referrersTagFor(subject)}`);

    server.handle(() => ({ body: index([{ mediaType: 'x', digest: 'md5:abc', size: 1 }]) }));
    await expect(listReferrers(client, 'app', subject)).rejects.toMatchObject({
      message: expect.stringMatching(/only sha256/),
    });
  });
});

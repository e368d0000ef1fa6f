/**
 * The client against the emulator's ACR data plane (emulator/src/acr, via its test harness): the ACR
 * flavour of everything distribution cannot show — Entra exchange, /acr/v1 metadata and counts,
 * ACR page caps, the referrers API, repository locks, and injected faults.
 */
import type { TokenCredential } from '@azure/core-auth';
import {
  acrTagPages,
  getAcrRepository,
  listAcrManifests,
  updateAcrAttributes,
} from '../../../src/core/oci/acr-metadata.js';
import { getBlob } from '../../../src/core/oci/blobs.js';
import { RegistryClient } from '../../../src/core/oci/client.js';
import { catalogPages, listTags } from '../../../src/core/oci/listing.js';
import { MediaTypes } from '../../../src/core/oci/manifest.js';
import { getManifest, putManifest } from '../../../src/core/oci/manifests.js';
import { listReferrers } from '../../../src/core/oci/referrers.js';
import { realTiming } from '../../../src/core/oci/retry.js';
import { mapWithLimit } from '../../../src/core/util/pool.js';
import { ADMIN, startRegistry, type TestRegistry } from '../../emulator/acr/harness.js';
import { pushImage } from './support/content.js';

const ENTRA = 'entra-token-for-emulator-tests';

describe('against the emulator ACR data plane', () => {
  let registry: TestRegistry;
  let admin: RegistryClient;
  const clients: RegistryClient[] = [];
  const make = (options: Partial<ConstructorParameters<typeof RegistryClient>[0]>) => {
    const client = new RegistryClient({ url: registry.url, caPem: registry.tls.caCertPem, ...options });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    registry = await startRegistry();
    admin = make({ credentials: { kind: 'basic', ...ADMIN } });
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await registry?.destroy();
  });

  it('signs in with Entra through /oauth2/exchange and pushes with AcrPush rights', async () => {
    registry.settings.entraTokens.set(ENTRA, { oid: 'oid-1', tid: 'tid-1' });
    registry.settings.permissions.set('oid-1', { pull: true, push: true, delete: false });
    const scopes: string[] = [];
    const credential: TokenCredential = {
      getToken: async (s) => (scopes.push(String(s)), { token: ENTRA, expiresOnTimestamp: 0 }),
    };
    const entra = make({ credentials: { kind: 'entra', credential } });
    const image = await pushImage(entra, 'entra/app', 'v1', [4096]);
    expect((await getManifest(entra, 'entra/app', 'v1')).digest).toBe(image.digest);
    expect(scopes).toEqual(['https://containerregistry.azure.net/.default']);
    expect(registry.log.some((e) => e.principal === 'oid-1' && e.method === 'PUT')).toBe(true);
  });

  it('reads every repository and tag past ACR page caps, and the registry-side counts agree', async () => {
    const repositories = Array.from({ length: 130 }, (_, i) => `many/r${String(i).padStart(3, '0')}`);
    await mapWithLimit(repositories, 8, (repo) => pushImage(admin, repo, 'latest', [10]));
    const image = await pushImage(admin, 'many/tags', 'base', [10]);
    const tags = Array.from({ length: 1100 }, (_, i) => `t${String(i).padStart(4, '0')}`);
    await mapWithLimit(tags, 16, (tag) => putManifest(admin, 'many/tags', tag, image.bytes, image.mediaType));

    const pages: number[] = [];
    const seen: string[] = [];
    for await (const page of catalogPages(admin, { pageSize: 1000 })) {
      pages.push(page.length);
      seen.push(...page);
    }
    expect(seen.filter((r) => r.startsWith('many/r'))).toEqual(repositories);
    expect(Math.max(...pages)).toBeLessThanOrEqual(100);
    expect((await listTags(admin, 'many/tags', { pageSize: 5000 })).length).toBe(1101);

    const attributes = await getAcrRepository(admin, 'many/tags');
    expect(attributes).toMatchObject({ imageName: 'many/tags', tagCount: 1101, manifestCount: 1 });
    let acrTags = 0;
    for await (const page of acrTagPages(admin, 'many/tags')) acrTags += page.length;
    expect(acrTags).toBe(1101);
    const manifests = await listAcrManifests(admin, 'many/tags');
    expect(manifests.map((m) => m.digest)).toEqual([image.digest]);
    expect(manifests[0]!.tags).toHaveLength(1101);
  });

  it('uses the OCI 1.1 referrers API (no tag schema needed)', async () => {
    const subject = await pushImage(admin, 'signed/app', 'v1');
    const descriptor = { mediaType: subject.mediaType, digest: subject.digest, size: subject.bytes.length };
    const signature = await pushImage(admin, 'signed/app', 'sig', [20], {
      artifactType: 'application/vnd.cncf.notary.signature',
      subject: descriptor,
    });
    const result = await listReferrers(admin, 'signed/app', subject.digest);
    expect(result.source).toBe('api');
    expect(result.referrers.map((r) => [r.digest, r.artifactType])).toEqual([
      [signature.digest, 'application/vnd.cncf.notary.signature'],
    ]);
  });

  it('freezes a repository with writeEnabled=false: pushes are then refused with a clear error', async () => {
    await pushImage(admin, 'frozen/app', 'v1');
    await updateAcrAttributes(admin, { repository: 'frozen/app' }, { writeEnabled: false });
    expect((await getAcrRepository(admin, 'frozen/app')).changeableAttributes.writeEnabled).toBe(false);
    const failure = await pushImage(admin, 'frozen/app', 'v2').catch((e: unknown) => e);
    expect(failure).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/HTTP 405 REGISTRY_DISALLOWED_OPERATION/),
      hint: expect.stringMatching(/locked \(writeEnabled or deleteEnabled is false\)/),
    });
    await updateAcrAttributes(admin, { repository: 'frozen/app' }, { writeEnabled: true });
    await expect(pushImage(admin, 'frozen/app', 'v2')).resolves.toMatchObject({ mediaType: MediaTypes.ociManifest });
  });

  it('detects a corrupted blob served by the registry (fault injection)', async () => {
    const image = await pushImage(admin, 'faulty/app', 'v1', [100_000]);
    registry.faults.set('acr:blob-get', { corruptBody: true });
    try {
      const { stream } = await getBlob(admin, 'faulty/app', image.layers[0]!.descriptor);
      await expect(
        (async () => {
          for await (const _chunk of stream) void _chunk;
        })(),
      ).rejects.toMatchObject({ code: 'REMOTE_ERROR', message: expect.stringMatching(/does not match/) });
    } finally {
      registry.faults.delete('acr:blob-get');
    }
  });

  it('retries injected 503s with Retry-After, then reports the registry error', async () => {
    const waits: number[] = [];
    const patient = make({
      credentials: { kind: 'basic', ...ADMIN },
      timing: { ...realTiming, sleep: async (ms) => void waits.push(ms) },
      retry: { maxAttempts: 3 },
    });
    await pushImage(admin, 'busy/app', 'v1');
    registry.faults.set('acr:manifest-get', { status: 503, headers: { 'Retry-After': '2' } });
    try {
      await expect(getManifest(patient, 'busy/app', 'v1')).rejects.toMatchObject({
        code: 'REMOTE_ERROR',
        message: expect.stringMatching(/HTTP 503/),
      });
      expect(waits).toEqual([2000, 2000]);
    } finally {
      registry.faults.delete('acr:manifest-get');
    }
    expect((await getManifest(patient, 'busy/app', 'v1')).mediaType).toBe(MediaTypes.ociManifest);
  });
});

/**
 * The official data-plane SDK (@azure/container-registry 1.1.2) against the emulator, unmodified:
 * it does the challenge -> /oauth2/exchange -> /oauth2/token dance with an Entra credential. The
 * emulator's CA is passed as the pipeline's `tlsOptions.ca` (NODE_EXTRA_CA_CERTS is read only at
 * process start, and this keeps the trust local to these clients).
 */
import { Readable } from 'node:stream';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import {
  ContainerRegistryClient,
  ContainerRegistryContentClient,
  KnownManifestMediaType,
} from '@azure/container-registry';
import { startRegistry, type TestRegistry } from './harness.js';
import { writeArtifact } from '../../../emulator/src/seed/images-store.js';
import { generateImage, generateMultiArch } from '../../../emulator/src/seed/images.js';

let registry: TestRegistry;
const AUDIENCE = 'https://containerregistry.azure.net';

function credential(token: string): TokenCredential & { scopes: string[] } {
  const scopes: string[] = [];
  return {
    scopes,
    getToken: async (scope: string | string[]): Promise<AccessToken> => {
      scopes.push(...(Array.isArray(scope) ? scope : [scope]));
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

function options() {
  return { audience: AUDIENCE, tlsOptions: { ca: registry.tls.caCertPem }, retryOptions: { maxRetries: 0 } };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

const index = generateMultiArch('sdk-index');

beforeAll(async () => {
  registry = await startRegistry();
  registry.settings.entraTokens.set('entra-owner', { oid: 'oid-owner', tid: 'tenant' });
  registry.settings.permissions.set('oid-owner', { pull: true, push: true, delete: true });
  registry.settings.entraTokens.set('entra-reader', { oid: 'oid-reader', tid: 'tenant' });
  registry.settings.permissions.set('oid-reader', { pull: true, push: false, delete: false });
  writeArtifact(registry.store, 'team/app', index, ['v1', 'latest']);
  for (let number = 0; number < 105; number += 1) {
    writeArtifact(registry.store, `bulk/r${String(number).padStart(3, '0')}`, generateImage('bulk'), ['v1']);
  }
});

afterAll(() => registry.destroy());

describe('@azure/container-registry against the emulator', () => {
  it('ContainerRegistryClient: repositories (across pages), properties, manifests, tags and attribute updates', async () => {
    const owner = credential('entra-owner');
    const client = new ContainerRegistryClient(registry.url, owner, options());
    const names = await collect(client.listRepositoryNames());
    expect(names).toHaveLength(106);
    expect(names).toContain('team/app');
    expect(owner.scopes).toContain(`${AUDIENCE}/.default`);
    const repository = client.getRepository('team/app');
    const properties = await repository.getProperties();
    expect(properties).toMatchObject({ name: 'team/app', manifestCount: 3, tagCount: 2, canDelete: true });
    const manifests = await collect(repository.listManifestProperties());
    const root = manifests.find((manifest) => manifest.digest === index.root.digest);
    expect(root?.tags.sort()).toEqual(['latest', 'v1']);
    expect(root?.relatedArtifacts.map((artifact) => artifact.architecture)).toEqual(['amd64', 'arm64']);
    const artifact = client.getArtifact('team/app', 'v1');
    expect((await artifact.getManifestProperties()).digest).toBe(index.root.digest);
    const tags = await collect(artifact.listTagProperties());
    expect(tags.map((tag) => tag.name).sort()).toEqual(['latest', 'v1']);
    const updated = await artifact.updateTagProperties('v1', { canWrite: false });
    expect(updated.canWrite).toBe(false);
    expect(registry.store.getTag('team/app', 'v1')?.attributes.writeEnabled).toBe(false);
    expect(registry.log.some((entry) => entry.kind === 'acr:token' && entry.path.startsWith('/oauth2/exchange'))).toBe(
      true,
    );
  });

  it('ContainerRegistryContentClient: chunked blob upload, manifest set/get with digest checks, download, delete', async () => {
    const content = new ContainerRegistryContentClient(
      registry.url,
      'sdk/content',
      credential('entra-owner'),
      options(),
    );
    const image = generateImage('sdk-content', { appBytes: 5 * 1024 * 1024 });
    for (const blob of image.blobs) {
      const uploaded = await content.uploadBlob(Readable.from(blob.data));
      expect(uploaded).toEqual({ digest: blob.digest, sizeInBytes: blob.size });
    }
    const set = await content.setManifest(image.root.bytes, {
      tag: 'v1',
      mediaType: KnownManifestMediaType.OciImageManifest,
    });
    expect(set.digest).toBe(image.root.digest);
    const got = await content.getManifest('v1');
    expect(got.digest).toBe(image.root.digest);
    expect(got.content.equals(image.root.bytes)).toBe(true);
    const biggest = image.blobs.reduce((a, b) => (a.size > b.size ? a : b));
    const downloaded = await content.downloadBlob(biggest.digest);
    const chunks: Buffer[] = [];
    for await (const chunk of downloaded.content) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(biggest.data)).toBe(true);
    await content.deleteManifest(image.root.digest);
    expect(registry.store.getRepository('sdk/content')).toBeUndefined();
  });

  it('maps a principal without push to a failed push (insufficient scope)', async () => {
    const content = new ContainerRegistryContentClient(registry.url, 'team/app', credential('entra-reader'), options());
    expect((await content.getManifest('latest')).digest).toBe(index.root.digest);
    await expect(content.uploadBlob(Buffer.from('nope'))).rejects.toMatchObject({ statusCode: 401 });
  });

  it('anonymous access works only when anonymous pull is enabled', async () => {
    const anonymous = new ContainerRegistryClient(registry.url, options());
    await expect(collect(anonymous.listRepositoryNames())).rejects.toMatchObject({ statusCode: 401 });
    registry.settings.anonymousPull = true;
    try {
      const names = await collect(new ContainerRegistryClient(registry.url, options()).listRepositoryNames());
      expect(names).toHaveLength(106);
    } finally {
      registry.settings.anonymousPull = false;
    }
  });
});

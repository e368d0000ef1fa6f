import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobPool, RegistryStore, parseManifest } from '../../../../emulator/src/acr/index.js';
import { writeArtifact } from '../../../../emulator/src/seed/images-store.js';
import {
  generateImage,
  generateMultiArch,
  generateSignature,
  generateSbom,
  generateSchema1,
} from '../../../../emulator/src/seed/images.js';

let dir: string;
let pool: BlobPool;

function openStore(name = 'registry', now?: () => Date): RegistryStore {
  return RegistryStore.open({ dir: join(dir, name), blobPool: pool, ...(now ? { now } : {}) });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'acr-store-'));
  pool = new BlobPool(join(dir, 'blobs'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('RegistryStore', () => {
  it('indexes an image: manifest record, platform from the config, tags, truthful counts', () => {
    const store = openStore();
    const image = generateImage('one', { format: 'docker' });
    writeArtifact(store, 'team/app', image, ['v1', 'latest']);
    const record = store.getManifest('team/app', image.root.digest);
    expect(record).toMatchObject({
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      configMediaType: 'application/vnd.docker.container.image.v1+json',
      platform: { architecture: 'amd64', os: 'linux' },
      size: image.root.size,
    });
    expect(record?.imageSize).toBe(image.blobs.reduce((sum, blob) => sum + blob.size, 0));
    expect(store.tagsOf('team/app', image.root.digest)).toEqual(['latest', 'v1']);
    expect(store.getRepository('team/app')).toMatchObject({ manifestCount: 1, tagCount: 2 });
    expect(store.resolveReference('team/app', 'v1')?.digest).toBe(image.root.digest);
    expect(store.readManifestBytes(image.root.digest).equals(image.root.bytes)).toBe(true);
    store.close();
  });

  it('lists index references with their platforms and counts every child manifest', () => {
    const store = openStore();
    const index = generateMultiArch('multi');
    writeArtifact(store, 'multi', index, ['v1']);
    const record = store.getManifest('multi', index.root.digest);
    expect(record?.references?.map((ref) => ref.architecture)).toEqual(['amd64', 'arm64']);
    expect(record?.platform).toBeUndefined();
    expect(store.getRepository('multi')).toMatchObject({ manifestCount: 3, tagCount: 1 });
    store.close();
  });

  it('reports missing blobs and child manifests before a manifest is accepted', () => {
    const store = openStore();
    const index = generateMultiArch('gaps');
    expect(store.missingReferences('gaps', parseManifest(index.root.bytes))).toEqual(
      index.manifests.filter((m) => m.digest !== index.root.digest).map((m) => m.digest),
    );
    const image = generateImage('gaps-image');
    expect(store.missingReferences('gaps', parseManifest(image.root.bytes))).toHaveLength(image.blobs.length);
    writeArtifact(store, 'gaps', image);
    expect(store.missingReferences('gaps', parseManifest(image.root.bytes))).toEqual([]);
    store.close();
  });

  it('deletes a manifest with its tags and (recursively) its referrers, and drops an emptied repository', () => {
    const store = openStore();
    const image = generateImage('subject');
    writeArtifact(store, 'app', image, ['v1']);
    const signature = generateSignature('sig', image.root);
    writeArtifact(store, 'app', signature);
    const sbom = generateSbom('sbom', image.root);
    writeArtifact(store, 'app', sbom);
    const signatureOfSbom = generateSignature('sig2', sbom.root);
    writeArtifact(store, 'app', signatureOfSbom);
    expect(
      store
        .listReferrers('app', image.root.digest)
        .map((m) => m.artifactType)
        .sort(),
    ).toEqual(['application/spdx+json', 'application/vnd.cncf.notary.signature']);
    const deleted = store.deleteManifest('app', image.root.digest);
    expect(deleted?.tagsDeleted).toEqual(['v1']);
    expect(new Set(deleted?.manifestsDeleted)).toEqual(
      new Set([image.root.digest, signature.root.digest, sbom.root.digest, signatureOfSbom.root.digest]),
    );
    expect(store.getRepository('app')).toBeUndefined();
    expect(store.listRepositories()).toEqual([]);
    store.close();
  });

  it('forgets a repository with its last manifest: a new push starts with default attributes and no links', () => {
    const store = openStore();
    const image = generateImage('reset');
    writeArtifact(store, 'app', image, ['v1']);
    store.setRepositoryAttributes('app', { writeEnabled: false });
    store.deleteManifest('app', image.root.digest);
    expect(store.hasBlob('app', image.blobs[0]!.digest)).toBe(false);
    writeArtifact(store, 'app', image, ['v1']);
    expect(store.getRepository('app')?.attributes.writeEnabled).toBe(true);
    store.close();
  });

  it('patches changeable attributes and keeps them on tag moves', () => {
    const store = openStore();
    const first = generateImage('a');
    const second = generateImage('b');
    writeArtifact(store, 'app', first, ['v1']);
    writeArtifact(store, 'app', second);
    store.setTagAttributes('app', 'v1', { writeEnabled: false });
    store.setTag('app', 'v1', second.root.digest);
    expect(store.getTag('app', 'v1')).toMatchObject({
      digest: second.root.digest,
      attributes: { writeEnabled: false },
    });
    expect(store.setRepositoryAttributes('app', { listEnabled: false })?.attributes).toEqual({
      deleteEnabled: true,
      writeEnabled: true,
      readEnabled: true,
      listEnabled: false,
    });
    store.close();
  });

  it('survives a restart: snapshot, replayed log and a torn last log line', () => {
    const times = [new Date('2024-01-01T00:00:00Z'), new Date('2024-01-02T00:00:00Z')];
    const store = openStore('registry', () => times[0]!);
    const image = generateImage('persist');
    writeArtifact(store, 'app', image, ['v1']);
    store.setManifestAttributes('app', image.root.digest, { deleteEnabled: false });
    // No close(): simulate a crash after the log lines were written, plus a torn line.
    appendFileSync(join(dir, 'registry', 'index.log'), '{"seq":99,"op":{"op":"tag"');
    const reopened = openStore('registry', () => times[1]!);
    expect(reopened.getTag('app', 'v1')?.digest).toBe(image.root.digest);
    expect(reopened.getManifest('app', image.root.digest)?.attributes.deleteEnabled).toBe(false);
    expect(reopened.getRepository('app')?.createdTime).toBe('2024-01-01T00:00:00.000Z');
    expect(readFileSync(join(dir, 'registry', 'index.log'), 'utf8')).toBe('');
    reopened.setTag('app', 'v2', image.root.digest);
    reopened.close();
    const third = openStore();
    expect(third.listTags('app').map((tag) => tag.name)).toEqual(['v1', 'v2']);
    third.close();
    // The first instance is deliberately never closed: it stands for the process that crashed.
  });

  it('stores a schema1 manifest as is with its architecture', () => {
    const store = openStore();
    const legacy = generateSchema1('legacy');
    writeArtifact(store, 'legacy', legacy, ['v1']);
    const record = store.getManifest('legacy', legacy.root.digest);
    expect(record).toMatchObject({
      mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
      platform: { architecture: 'amd64' },
    });
    expect(store.readManifestBytes(legacy.root.digest).equals(legacy.root.bytes)).toBe(true);
    store.close();
  });

  it('shares one blob file between registries of the same pool', () => {
    const a = openStore('a');
    const b = openStore('b');
    const image = generateImage('shared');
    writeArtifact(a, 'app', image);
    const layer = image.blobs[1]!;
    expect(b.hasBlob('app', layer.digest)).toBe(false);
    b.linkBlob('app', layer.digest);
    expect(b.hasBlob('app', layer.digest)).toBe(true);
    expect(pool.pathOf(layer.digest)).toContain(join(dir, 'blobs'));
    a.close();
    b.close();
  });
});

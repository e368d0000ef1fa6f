import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BlobPool,
  IncompleteClosureError,
  RegistryStore,
  copyManifest,
  manifestClosure,
} from '../../../../emulator/src/acr/index.js';
import { writeArtifact } from '../../../../emulator/src/seed/images-store.js';
import { generateImage, generateNestedIndex } from '../../../../emulator/src/seed/images.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'acr-copy-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('manifest closure and copy', () => {
  it('walks a nested index: every manifest children-first and each blob once', () => {
    const pool = new BlobPool(join(dir, 'blobs'));
    const store = RegistryStore.open({ dir: join(dir, 'source'), blobPool: pool });
    const nested = generateNestedIndex('nested');
    writeArtifact(store, 'app', nested, ['v1']);
    const closure = manifestClosure(store, 'app', nested.root.digest);
    expect(closure.missing).toEqual([]);
    expect(closure.manifests.map((m) => m.digest).sort()).toEqual(nested.manifests.map((m) => m.digest).sort());
    expect(closure.manifests[closure.manifests.length - 1]?.digest).toBe(nested.root.digest);
    expect(closure.blobs.map((b) => b.digest).sort()).toEqual(nested.blobs.map((b) => b.digest).sort());
    store.close();
  });

  it('copies within one pool by index entries only, with tags', () => {
    const pool = new BlobPool(join(dir, 'blobs'));
    const source = RegistryStore.open({ dir: join(dir, 'source'), blobPool: pool });
    const target = RegistryStore.open({ dir: join(dir, 'target'), blobPool: pool });
    const nested = generateNestedIndex('copy');
    writeArtifact(source, 'app', nested);
    const result = copyManifest(
      { store: source, repository: 'app' },
      { store: target, repository: 'moved/app' },
      nested.root.digest,
      {
        tags: ['v1', 'stable'],
      },
    );
    expect(result.manifestsCopied).toBe(nested.manifests.length);
    expect(target.getRepository('moved/app')).toMatchObject({ manifestCount: nested.manifests.length, tagCount: 2 });
    expect(manifestClosure(target, 'moved/app', nested.root.digest).missing).toEqual([]);
    source.close();
    target.close();
  });

  it('copies between separate pools (bytes move) and can leave blobs out (dropBlobs fault)', () => {
    const source = RegistryStore.open({ dir: join(dir, 'source'), blobPool: new BlobPool(join(dir, 'pool-a')) });
    const targetPool = new BlobPool(join(dir, 'pool-b'));
    const target = RegistryStore.open({ dir: join(dir, 'target'), blobPool: targetPool });
    const image = generateImage('far');
    writeArtifact(source, 'app', image);
    copyManifest({ store: source, repository: 'app' }, { store: target, repository: 'app' }, image.root.digest);
    for (const blob of image.blobs) expect(existsSync(targetPool.pathOf(blob.digest))).toBe(true);
    copyManifest({ store: source, repository: 'app' }, { store: target, repository: 'bare' }, image.root.digest, {
      skipBlobs: true,
    });
    expect(manifestClosure(target, 'bare', image.root.digest).missing.sort()).toEqual(
      image.blobs.map((b) => b.digest).sort(),
    );
    source.close();
    target.close();
  });

  it('refuses to copy an incomplete closure and copies nothing', () => {
    const pool = new BlobPool(join(dir, 'blobs'));
    const source = RegistryStore.open({ dir: join(dir, 'source'), blobPool: pool });
    const target = RegistryStore.open({ dir: join(dir, 'target'), blobPool: pool });
    const image = generateImage('broken');
    writeArtifact(source, 'app', image);
    source.unlinkBlob('app', image.blobs[1]!.digest);
    expect(() =>
      copyManifest({ store: source, repository: 'app' }, { store: target, repository: 'app' }, image.root.digest),
    ).toThrow(IncompleteClosureError);
    expect(target.listRepositories()).toEqual([]);
    source.close();
    target.close();
  });
});

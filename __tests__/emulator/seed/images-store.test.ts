import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobPool, RegistryStore, manifestClosure } from '../../../emulator/src/acr/index.js';
import { writeArtifact } from '../../../emulator/src/seed/images-store.js';
import { generateImage, generateMultiArch } from '../../../emulator/src/seed/images.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'seed-store-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('seeding a store directly', () => {
  it('writes a complete, idempotent closure', () => {
    const store = RegistryStore.open({ dir: join(dir, 'r'), blobPool: new BlobPool(join(dir, 'blobs')) });
    const index = generateMultiArch('seed');
    writeArtifact(store, 'app', index, ['v1']);
    writeArtifact(store, 'app', index, ['v1']);
    expect(manifestClosure(store, 'app', index.root.digest).missing).toEqual([]);
    expect(store.getRepository('app')).toMatchObject({ manifestCount: 3, tagCount: 1 });
    store.close();
  });

  it('seeds 10,000 tags (1,000 distinct images) well inside a minute, and they survive a reopen', () => {
    const pool = new BlobPool(join(dir, 'blobs'));
    const store = RegistryStore.open({ dir: join(dir, 'r'), blobPool: pool });
    const started = performance.now();
    for (let image = 0; image < 1000; image += 1) {
      const artifact = generateImage(`bulk-${image}`, { appBytes: 256 });
      const tags = Array.from({ length: 10 }, (_, tag) => `i${image}-t${tag}`);
      writeArtifact(store, `bulk/repo-${image % 20}`, artifact, tags);
    }
    store.close();
    const seconds = (performance.now() - started) / 1000;
    console.log(`seeded 10,000 tags / 1,000 images via the fast path in ${seconds.toFixed(2)} s`);
    expect(seconds).toBeLessThan(60);
    const reopened = RegistryStore.open({ dir: join(dir, 'r'), blobPool: pool });
    const tags = reopened
      .listRepositories()
      .reduce((total, name) => total + (reopened.getRepository(name)?.tagCount ?? 0), 0);
    expect(tags).toBe(10_000);
    reopened.close();
  }, 120_000);
});

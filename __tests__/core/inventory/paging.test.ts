/**
 * Listings paged to the end under ACR's caps (100 repositories per catalog page, 1000 tags per
 * tags/list page, 100 manifests per /acr/v1 page as requested), and transient page failures retried
 * by the client while a page that keeps failing fails the inventory loudly.
 */
import { RelocationError } from '../../../src/core/errors.js';
import type { RegistryClient } from '../../../src/core/oci/client.js';
import type { Artifacts } from '../../../src/core/plan/model.js';
import { inventoryArtifacts } from '../../../src/core/inventory/index.js';
import type { FaultAction } from '../../../emulator/src/shared/contract.js';
import { generateImage } from '../../../emulator/src/seed/images.js';
import { writeArtifact } from '../../../emulator/src/seed/images-store.js';
import { clientFor, startRegistry, type TestRegistry } from './support/registry.js';

const REPOSITORIES = 130;
const BIG = 'big/repo';
const IMAGES = 150;
const TAGS = 1234;

describe('inventory paging', () => {
  let registry: TestRegistry;
  let client: RegistryClient;
  let clean: Artifacts;

  beforeAll(async () => {
    registry = await startRegistry();
    const shared = generateImage('paging/shared', { appBytes: 16 });
    for (let i = 0; i < REPOSITORIES; i++)
      writeArtifact(registry.store, `many/r${String(i).padStart(3, '0')}`, shared, ['v1']);
    const images = Array.from({ length: IMAGES }, (_, i) => generateImage(`paging/big/${i}`, { appBytes: 16 }));
    const tagsOf = (i: number) => Array.from({ length: TAGS }, (_, t) => t).filter((t) => t % IMAGES === i);
    images.forEach((image, i) =>
      writeArtifact(
        registry.store,
        BIG,
        image,
        tagsOf(i).map((t) => `t${String(t).padStart(4, '0')}`),
      ),
    );
    client = clientFor(registry);
    const since = registry.log.length;
    clean = await inventoryArtifacts(client);
    const pages = (path: string) =>
      registry.log.slice(since).filter((e) => e.status === 200 && e.path.split('?')[0] === path).length;
    expect(pages('/acr/v1/_catalog')).toBe(4); // 131 repositories: 2 pages, listed twice
    expect(pages(`/v2/${BIG}/tags/list`)).toBe(2);
    expect(pages(`/acr/v1/${BIG}/_manifests`)).toBe(2);
  });
  afterEach(() => {
    Reflect.deleteProperty(registry.faults, 'get');
    registry.faults.clear();
  });
  afterAll(async () => {
    client?.close();
    await registry?.destroy();
  });

  it('reads every repository, manifest and tag past the page caps', () => {
    expect(clean.repositories.map((r) => r.name)).toEqual(registry.store.listRepositories());
    expect(clean.repositories).toHaveLength(REPOSITORIES + 1);
    const big = clean.repositories.find((r) => r.name === BIG)!;
    expect(big.manifests).toHaveLength(IMAGES);
    expect(big.manifests.flatMap((m) => m.tags).sort()).toEqual(registry.store.listTags(BIG).map((t) => t.name));
    expect([big.reportedTagCount, big.reportedManifestCount]).toEqual([TAGS, IMAGES]);
    expect(clean.totals).toMatchObject({
      repositories: REPOSITORIES + 1,
      manifests: REPOSITORIES + IMAGES,
      tags: REPOSITORIES + TAGS,
    });
  });

  it('retries pages that fail transiently and still returns the complete result', async () => {
    const seen = new Map<string, number>();
    const failOn: Record<string, number> = {
      'acr:catalog': 2,
      'acr:tags': 3,
      'acr:metadata': 5,
      'acr:manifest-get': 7,
    };
    registry.faults.get = (kind: string): FaultAction | undefined => {
      const n = (seen.get(kind) ?? 0) + 1;
      seen.set(kind, n);
      return failOn[kind] === n ? { status: 503 } : undefined;
    };
    const since = registry.log.length;
    const retried: string[] = [];
    const faulty = clientFor(registry, { onRetry: (line) => retried.push(line) });
    try {
      expect(await inventoryArtifacts(faulty)).toEqual(clean);
    } finally {
      faulty.close();
    }
    expect(registry.log.slice(since).filter((e) => e.status === 503)).toHaveLength(4);
    expect(retried).toHaveLength(4);
  });

  it('fails loudly when a page keeps failing', async () => {
    registry.faults.set('acr:tags', { status: 503 });
    const faulty = clientFor(registry, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    try {
      const error = await inventoryArtifacts(faulty).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RelocationError);
      expect((error as RelocationError).code).not.toBe('INVENTORY_INCOMPLETE');
      expect((error as RelocationError).message).toContain('list tags of');
    } finally {
      faulty.close();
    }
  });
});

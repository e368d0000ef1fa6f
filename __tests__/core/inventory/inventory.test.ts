/**
 * The inventory against the emulator's ACR data plane, item by item: tags, untagged manifests,
 * indexes (OCI, docker, nested, 51 platforms), referrers, Helm, schema1, nested repository paths;
 * filters, progress, determinism, request cost, and the facts derived from the result.
 */
import type { RegistryClient } from '../../../src/core/oci/client.js';
import type { ManifestRecord, RepositoryRecord } from '../../../src/core/plan/model.js';
import {
  inventoryArtifacts,
  inventoryFingerprint,
  oversizedImages,
  schema1Manifests,
} from '../../../src/core/inventory/index.js';
import {
  childManifests,
  HELM_CONFIG,
  NOTARY_SIGNATURE,
  SCHEMA1_SIGNED,
  SPDX_SBOM,
  type GeneratedManifest,
} from '../../../emulator/src/seed/images.js';
import { clientFor, seedEverything, startRegistry, type Seeded, type TestRegistry } from './support/registry.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const AMD64 = { os: 'linux', architecture: 'amd64' };
const ALL = { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true };

describe('inventoryArtifacts', () => {
  let registry: TestRegistry;
  let client: RegistryClient;
  let seeded: Seeded;

  beforeAll(async () => {
    registry = await startRegistry();
    seeded = seedEverything(registry);
    client = clientFor(registry);
  });
  afterAll(async () => {
    client?.close();
    await registry?.destroy();
  });

  const repositoryOf = (repositories: RepositoryRecord[], name: string) => {
    const found = repositories.find((r) => r.name === name);
    if (!found) throw new Error(`no repository ${name}`);
    return found;
  };
  const manifestOf = (repository: RepositoryRecord, digest: string): ManifestRecord => {
    const found = repository.manifests.find((m) => m.digest === digest);
    if (!found) throw new Error(`no manifest ${digest} in ${repository.name}`);
    return found;
  };
  const reported = (repository: string, digest: string) => registry.store.getManifest(repository, digest)!.imageSize;
  const basics = (m: GeneratedManifest, tags: string[] = []) => ({
    digest: m.digest,
    mediaType: m.mediaType,
    size: m.bytes.length,
    tags,
  });

  it('lists every repository, sorted, each reconciled with the registry’s own counts', async () => {
    const artifacts = await inventoryArtifacts(client);
    expect(artifacts.repositories.map((r) => r.name)).toEqual([
      'a/b/c',
      'app',
      'charts/web',
      'legacy',
      'multi',
      'wide',
    ]);
    expect(artifacts.excludedRepositories).toEqual([]);
    for (const repository of artifacts.repositories) {
      const info = registry.store.getRepository(repository.name)!;
      expect([repository.reportedTagCount, repository.reportedManifestCount]).toEqual([
        info.tagCount,
        info.manifestCount,
      ]);
      expect(repository.manifests.length).toBe(info.manifestCount);
      expect(repository.manifests.map((m) => m.digest)).toEqual(repository.manifests.map((m) => m.digest).sort());
      expect(repository.changeableAttributes).toEqual(ALL);
    }
  });

  it('records images with two tags, untagged manifests and their referrers (subject, artifact type)', async () => {
    const app = repositoryOf((await inventoryArtifacts(client)).repositories, 'app');
    expect([app.reportedTagCount, app.reportedManifestCount]).toEqual([3, 5]);
    const image = manifestOf(app, seeded.image.root.digest);
    expect(image).toEqual({
      ...basics(seeded.image.root, ['1.0', 'latest']),
      imageSize: reported('app', seeded.image.root.digest),
      platform: AMD64,
      configMediaType: OCI_CONFIG,
      changeableAttributes: ALL,
    });
    expect(manifestOf(app, seeded.dockerImage.root.digest)).toMatchObject({
      ...basics(seeded.dockerImage.root, ['0.9']),
      mediaType: DOCKER_MANIFEST,
      platform: AMD64,
    });
    const untagged = manifestOf(app, seeded.untagged.root.digest);
    expect(untagged).toMatchObject(basics(seeded.untagged.root));
    expect(untagged.subject).toBeUndefined();
    expect(untagged.artifactType).toBeUndefined();
    expect(manifestOf(app, seeded.signature.root.digest)).toMatchObject({
      ...basics(seeded.signature.root),
      subject: seeded.image.root.digest,
      artifactType: NOTARY_SIGNATURE,
    });
    expect(manifestOf(app, seeded.sbom.root.digest)).toMatchObject({
      ...basics(seeded.sbom.root),
      subject: seeded.image.root.digest,
      artifactType: SPDX_SBOM,
    });
  });

  it('records index children with the platform each index entry declares (OCI, docker, nested)', async () => {
    const multi = repositoryOf((await inventoryArtifacts(client)).repositories, 'multi');
    expect([multi.reportedTagCount, multi.reportedManifestCount, multi.manifests.length]).toEqual([3, 11, 11]);
    for (const [artifact, tag, indexType, imageType] of [
      [seeded.ociIndex, 'oci', OCI_INDEX, OCI_MANIFEST],
      [seeded.dockerList, 'docker', DOCKER_LIST, DOCKER_MANIFEST],
    ] as const) {
      const children = childManifests(artifact);
      expect(manifestOf(multi, artifact.root.digest)).toMatchObject({
        ...basics(artifact.root, [tag]),
        mediaType: indexType,
        children: children.map((c) => c.digest),
      });
      expect(children.map((c) => manifestOf(multi, c.digest))).toEqual(
        children.map((c) =>
          expect.objectContaining({
            ...basics(c),
            mediaType: imageType,
            platform: c.platform,
            imageSize: expect.any(Number),
          }),
        ),
      );
    }
    expect(manifestOf(multi, childManifests(seeded.ociIndex)[1]!.digest).platform).toEqual({
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8',
    });
    const outer = manifestOf(multi, seeded.nested.root.digest);
    const inner = seeded.nested.manifests.find((m) => m.mediaType === OCI_INDEX && m.digest !== outer.digest)!;
    expect(outer.children).toHaveLength(2);
    expect(outer.children![0]).toBe(inner.digest);
    expect(manifestOf(multi, inner.digest)).toMatchObject({ ...basics(inner), children: expect.any(Array) });
    expect(manifestOf(multi, inner.digest).children).toHaveLength(2);
    expect(manifestOf(multi, outer.children![1]!).platform).toEqual({ os: 'linux', architecture: 's390x' });
  });

  it('records Helm charts, nested repository paths, schema1 and an index of 51 platforms', async () => {
    const artifacts = await inventoryArtifacts(client);
    const chart = manifestOf(repositoryOf(artifacts.repositories, 'charts/web'), seeded.chart.root.digest);
    expect(chart).toMatchObject({
      ...basics(seeded.chart.root, ['0.1.0']),
      artifactType: HELM_CONFIG,
      configMediaType: HELM_CONFIG,
    });
    expect(repositoryOf(artifacts.repositories, 'a/b/c').manifests).toEqual([
      expect.objectContaining(basics(seeded.deep.root, ['deep'])),
    ]);
    expect(repositoryOf(artifacts.repositories, 'legacy').manifests).toEqual([
      expect.objectContaining({ ...basics(seeded.schema1.root, ['v1']), mediaType: SCHEMA1_SIGNED }),
    ]);
    const wide = repositoryOf(artifacts.repositories, 'wide');
    expect(wide.manifests).toHaveLength(52);
    expect(manifestOf(wide, seeded.wide.root.digest).children).toEqual(
      childManifests(seeded.wide).map((c) => c.digest),
    );
    expect(manifestOf(wide, childManifests(seeded.wide)[50]!.digest).platform).toEqual(
      childManifests(seeded.wide)[50]!.platform,
    );
  });

  it('totals the inventory and derives the facts prepare checks', async () => {
    const artifacts = await inventoryArtifacts(client);
    const records = [...registry.store.listRepositories()].flatMap((name) => registry.store.listManifests(name));
    const bytes = records.reduce((sum, m) => sum + (m.children.length > 0 ? m.size : m.imageSize), 0);
    expect(artifacts.totals).toEqual({ repositories: 6, manifests: 71, tags: 10, referrers: 2, bytes });
    expect(oversizedImages(artifacts)).toEqual(['wide:big']);
    expect(schema1Manifests(artifacts)).toEqual(['legacy:v1']);
  });

  it('reads each index and each manifest that no index describes once, and never asks the referrers API', async () => {
    const before = registry.log.length;
    await inventoryArtifacts(client);
    const kinds = registry.log.slice(before).map((entry) => entry.kind);
    const count = (kind: string) => kinds.filter((k) => k === kind).length;
    // 5 indexes (oci, docker, nested outer + inner, wide) + app's 5 + chart + a/b/c + legacy.
    expect(count('acr:manifest-get')).toBe(13);
    expect(count('acr:referrers')).toBe(0);
    // Per repository: tags/list (the cross-check) and one /acr/v1 tag listing (tags' own attributes).
    expect(count('acr:tags')).toBe(12);
    // Per repository: attributes + one manifests page; the catalog twice.
    expect(count('acr:metadata')).toBe(12);
    expect(count('acr:catalog')).toBe(2);
  });

  it('applies include/exclude globs and reports what it left out', async () => {
    const log: string[] = [];
    const artifacts = await inventoryArtifacts(client, {
      include: ['multi', 'a/**', 'wide', 'nomatch/*'],
      exclude: ['wide'],
      log: (line) => log.push(line),
    });
    expect(artifacts.repositories.map((r) => r.name)).toEqual(['a/b/c', 'multi']);
    expect(artifacts.excludedRepositories).toEqual(['app', 'charts/web', 'legacy', 'wide']);
    expect(artifacts.totals).toMatchObject({ repositories: 2, manifests: 12, tags: 4 });
    expect(log).toContain('include pattern "nomatch/*" matched no repository');
  });

  it('gives the same result whatever the concurrency, and reports progress per repository', async () => {
    const progress: Array<[number, number]> = [];
    const one = await inventoryArtifacts(client, { concurrency: 1 });
    const many = await inventoryArtifacts(client, { concurrency: 16, progress: (d, t) => progress.push([d, t]) });
    expect(JSON.stringify(many)).toBe(JSON.stringify(one));
    expect(progress).toEqual([0, 1, 2, 3, 4, 5, 6].map((done) => [done, 6]));
    await expect(inventoryArtifacts(client, { concurrency: 0 })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('fingerprints the tag → digest map: stable across runs, different once a tag moves', async () => {
    const first = inventoryFingerprint(await inventoryArtifacts(client, { include: ['app'] }));
    expect(inventoryFingerprint(await inventoryArtifacts(client, { include: ['app'], concurrency: 3 }))).toBe(first);
    registry.store.setTag('app', 'latest', seeded.dockerImage.root.digest);
    try {
      expect(inventoryFingerprint(await inventoryArtifacts(client, { include: ['app'] }))).not.toBe(first);
    } finally {
      registry.store.setTag('app', 'latest', seeded.image.root.digest);
    }
    expect(inventoryFingerprint(await inventoryArtifacts(client, { include: ['app'] }))).toBe(first);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const run = inventoryArtifacts(client, {
      concurrency: 1,
      signal: controller.signal,
      progress: (done) => done === 1 && controller.abort(reason),
    });
    await expect(run).rejects.toBe(reason);
  });
});

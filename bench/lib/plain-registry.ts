/**
 * Plain OCI registries (CNCF distribution, `docker-registry`) for the client-mode cases: pushing
 * generated images with the project's OCI client, the inventory a client-mode run starts from, and
 * what a registry holds according to its own storage (the referee: neither client's code is in it).
 *
 * prepare's inventory speaks ACR's /acr/v1 API; a distribution registry has only the distribution
 * listings, so the inventory here walks /v2/_catalog, each repository's tags and their manifests
 * (children included) into the plan's Artifacts, a few repositories at a time.
 */
import { walkRepository } from '../../__tests__/helpers/walk-registry.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedArtifact, GeneratedBlob } from '../../emulator/src/seed/images.js';
import type { RegistryClient } from '../../src/core/oci/client.js';
import { listRepositories } from '../../src/core/oci/listing.js';
import { putManifest } from '../../src/core/oci/manifests.js';
import { uploadBlob, type BlobSource } from '../../src/core/oci/upload.js';
import type { Artifacts, RepositoryRecord } from '../../src/core/plan/model.js';
import { mapWithLimit } from '../../src/core/util/pool.js';

/** Blobs first, then manifests (children before their index), then the tags. */
export async function pushArtifact(
  client: RegistryClient,
  repository: string,
  artifact: GeneratedArtifact,
  tags: readonly string[],
  openBlob: (blob: GeneratedBlob) => BlobSource = (blob) => blob.data,
): Promise<void> {
  for (const blob of artifact.blobs) {
    await uploadBlob(client, repository, { digest: blob.digest, size: blob.size }, openBlob(blob));
  }
  for (const manifest of artifact.manifests) {
    await putManifest(client, repository, manifest.digest, manifest.bytes, manifest.mediaType);
  }
  for (const tag of tags) await putManifest(client, repository, tag, artifact.root.bytes, artifact.root.mediaType);
}

async function inventoryRepository(client: RegistryClient, name: string): Promise<RepositoryRecord> {
  const manifests = await walkRepository(client, name);
  const tags = manifests.reduce((sum, m) => sum + m.tags.length, 0);
  return { name, reportedTagCount: tags, reportedManifestCount: manifests.length, manifests };
}

/** Every tag of every repository and every manifest below it, as a plan's Artifacts. */
export async function inventoryPlainRegistry(client: RegistryClient, concurrency = 8): Promise<Artifacts> {
  const names = (await listRepositories(client)).sort();
  const repositories = await mapWithLimit(names, concurrency, (name) => inventoryRepository(client, name));
  const manifests = repositories.reduce((sum, r) => sum + r.manifests.length, 0);
  const tags = repositories.reduce((sum, r) => sum + r.reportedTagCount, 0);
  return {
    repositories,
    excludedRepositories: [],
    totals: { repositories: repositories.length, manifests, tags, referrers: 0, bytes: 0 },
  };
}

/** What a distribution registry stores: repository -> manifest digests and tag -> digest (from disk). */
export interface StoredContent {
  manifests: Map<string, Set<string>>;
  tags: Map<string, Map<string, string>>;
}

export function readStoredContent(dataDir: string, repositories: readonly string[]): StoredContent {
  const content: StoredContent = { manifests: new Map(), tags: new Map() };
  for (const repository of repositories) {
    const base = join(dataDir, 'docker/registry/v2/repositories', repository, '_manifests');
    const revisions = join(base, 'revisions/sha256');
    const tagsDir = join(base, 'tags');
    content.manifests.set(
      repository,
      new Set(existsSync(revisions) ? readdirSync(revisions).map((hex) => `sha256:${hex}`) : []),
    );
    const tags = new Map<string, string>();
    for (const tag of existsSync(tagsDir) ? readdirSync(tagsDir) : []) {
      const link = join(tagsDir, tag, 'current/link');
      if (existsSync(link)) tags.set(tag, readFileSync(link, 'utf8').trim());
    }
    content.tags.set(repository, tags);
  }
  return content;
}

export interface ExpectedImage {
  repository: string;
  artifact: GeneratedArtifact;
  tags: readonly string[];
}

/** Manifests and tags of `expected` that the registry's storage does not hold as they should be. */
export function missingFromStorage(stored: StoredContent, expected: readonly ExpectedImage[]): string[] {
  const missing: string[] = [];
  for (const { repository, artifact, tags } of expected) {
    const manifests = stored.manifests.get(repository) ?? new Set<string>();
    for (const manifest of artifact.manifests) {
      if (!manifests.has(manifest.digest)) missing.push(`${repository}@${manifest.digest}`);
    }
    for (const tag of tags) {
      if (stored.tags.get(repository)?.get(tag) !== artifact.root.digest) missing.push(`${repository}:${tag}`);
    }
  }
  return missing;
}

/**
 * The fast path for seeding: writes generated artifacts straight into a RegistryStore (no HTTP, one
 * journal write per artifact), which is how large registries (10,000+ tags) are seeded in seconds.
 */
import type { RegistryStore } from '../acr/index.js';
import type { GeneratedArtifact } from './images-build.js';

/**
 * Stores an artifact's blobs and manifests (children first) in `repository` and points `tags` at
 * its root. Idempotent: content already present is skipped.
 */
export function writeArtifact(
  store: RegistryStore,
  repository: string,
  artifact: GeneratedArtifact,
  tags: readonly string[] = [],
): void {
  store.batch(() => {
    for (const blob of artifact.blobs) {
      if (!store.blobs.has(blob.digest)) store.blobs.writeBuffer(blob.data);
      store.linkBlob(repository, blob.digest);
    }
    for (const manifest of artifact.manifests) {
      store.putManifest(repository, manifest.bytes, { contentType: manifest.mediaType });
    }
    for (const tag of tags) store.setTag(repository, tag, artifact.root.digest);
  });
}

/**
 * Store-to-store copies for importImage and seeding: the closure of a manifest (index children,
 * config, layers) and a copy of that closure into another repository of the same or another store.
 * Within one blob pool a copy moves no bytes, only index entries.
 */
import type { RegistryStore } from './registry-store.js';
import type { ManifestRecord, TagRecord } from './types.js';

export interface ClosureBlob {
  digest: string;
  /** Undefined when the bytes are absent. */
  size: number | undefined;
}

export interface ManifestClosure {
  /** Every manifest reachable through index children, children before their parents (push order). */
  manifests: ManifestRecord[];
  /** Distinct config and layer blobs of those manifests. */
  blobs: ClosureBlob[];
  /** Referenced digests the repository cannot serve (child manifests or blobs). */
  missing: string[];
}

export interface RepositoryRef {
  store: RegistryStore;
  repository: string;
}

export interface CopyOptions {
  /** Tags to point at the copied manifest in the target. */
  tags?: readonly string[];
  /** Fault injection (importImage dropBlobs): copy manifests but leave their blobs out. */
  skipBlobs?: boolean;
}

export interface CopyResult {
  digest: string;
  manifestsCopied: number;
  blobsLinked: number;
  tags: TagRecord[];
}

export class IncompleteClosureError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`manifest closure is incomplete; missing ${missing.join(', ')}`);
    this.name = 'IncompleteClosureError';
  }
}

export function manifestClosure(store: RegistryStore, repository: string, digest: string): ManifestClosure {
  const closure: ManifestClosure = { manifests: [], blobs: [], missing: [] };
  const seenManifests = new Set<string>();
  const seenBlobs = new Set<string>();
  const visit = (current: string): void => {
    if (seenManifests.has(current)) return;
    seenManifests.add(current);
    const record = store.getManifest(repository, current);
    if (!record) {
      closure.missing.push(current);
      return;
    }
    for (const child of record.children) visit(child);
    for (const blob of [...(record.configDigest ? [record.configDigest] : []), ...record.layers]) {
      if (seenBlobs.has(blob)) continue;
      seenBlobs.add(blob);
      const present = store.hasBlob(repository, blob);
      closure.blobs.push({ digest: blob, size: present ? store.blobSize(blob) : undefined });
      if (!present) closure.missing.push(blob);
    }
    closure.manifests.push(record);
  };
  visit(digest);
  return closure;
}

/**
 * Copies a manifest and its closure from `source` to `target`, then sets `options.tags`. Throws
 * IncompleteClosureError (copying nothing) when the source cannot serve the whole closure.
 */
export function copyManifest(
  source: RepositoryRef,
  target: RepositoryRef,
  digest: string,
  options: CopyOptions = {},
): CopyResult {
  const closure = manifestClosure(source.store, source.repository, digest);
  if (closure.missing.length > 0) throw new IncompleteClosureError(closure.missing);
  return target.store.batch(() => {
    let blobsLinked = 0;
    if (!options.skipBlobs) {
      for (const blob of closure.blobs) {
        target.store.blobs.importFrom(source.store.blobs, blob.digest);
        if (!target.store.hasBlob(target.repository, blob.digest)) blobsLinked += 1;
        target.store.linkBlob(target.repository, blob.digest);
      }
    }
    for (const manifest of closure.manifests) {
      target.store.blobs.importFrom(source.store.blobs, manifest.digest);
      target.store.putManifest(target.repository, source.store.readManifestBytes(manifest.digest), {
        contentType: manifest.mediaType,
      });
    }
    const tags = (options.tags ?? []).map((tag) => target.store.setTag(target.repository, tag, digest));
    return { digest, manifestsCopied: closure.manifests.length, blobsLinked, tags };
  });
}

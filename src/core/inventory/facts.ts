/**
 * Facts prepare's checks (and summaries) need, derived from an inventory by pure functions: no
 * registry calls, so they are cheap to recompute from a plan read back from disk.
 */
import { manifestKind } from '../oci/manifest.js';
import type { Artifacts, ManifestRecord, RepositoryRecord } from '../plan/model.js';

/** ACR's server-side import copies at most this many manifests (an index and its descendants) per image. */
export const IMPORT_MANIFEST_LIMIT = 50;

/** `repo:tag` (the first tag by name) for a tagged manifest, else `repo@digest`. */
export function referenceOf(repository: string, manifest: ManifestRecord): string {
  const tag = manifest.tags[0];
  return tag === undefined ? `${repository}@${manifest.digest}` : `${repository}:${tag}`;
}

/** Distinct manifests reachable from `root` through index children (the root included). */
export function closureSize(root: ManifestRecord, byDigest: ReadonlyMap<string, ManifestRecord>): number {
  const seen = new Set<string>([root.digest]);
  const stack = [root];
  while (stack.length > 0) {
    for (const child of stack.pop()!.children ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      const record = byDigest.get(child);
      if (record) stack.push(record);
    }
  }
  return seen.size;
}

/**
 * Images whose closure holds more than `limit` manifests, one entry per image (a tagged index, or an
 * untagged index that no other index contains), as `repo:tag` or `repo@digest`.
 */
export function oversizedImages(artifacts: Pick<Artifacts, 'repositories'>, limit = IMPORT_MANIFEST_LIMIT): string[] {
  const result: string[] = [];
  for (const repository of artifacts.repositories) {
    const byDigest = new Map(repository.manifests.map((m) => [m.digest, m]));
    const contained = new Set(repository.manifests.flatMap((m) => m.children ?? []));
    for (const manifest of repository.manifests) {
      const root = manifest.tags.length > 0 || !contained.has(manifest.digest);
      if (!root || !manifest.children?.length) continue;
      if (closureSize(manifest, byDigest) > limit) result.push(referenceOf(repository.name, manifest));
    }
  }
  return result;
}

/** Docker schema1 manifests (signed or not): they cannot be copied without changing their digests. */
export function schema1Manifests(artifacts: Pick<Artifacts, 'repositories'>): string[] {
  return artifacts.repositories.flatMap((repository) =>
    repository.manifests
      .filter((manifest) => manifestKind(manifest.mediaType) === 'schema1')
      .map((manifest) => referenceOf(repository.name, manifest)),
  );
}

/**
 * Totals of an inventory. `referrers` counts manifests with a subject. `bytes` adds each image's
 * size as the registry reports it (or its manifest size when it reports none) and each index's own
 * size: an upper bound of the data to copy, since layers shared by several images count once per image.
 */
export function inventoryTotals(repositories: readonly RepositoryRecord[]): Artifacts['totals'] {
  const totals = { repositories: repositories.length, manifests: 0, tags: 0, referrers: 0, bytes: 0 };
  for (const repository of repositories) {
    for (const manifest of repository.manifests) {
      totals.manifests += 1;
      totals.tags += manifest.tags.length;
      if (manifest.subject) totals.referrers += 1;
      const index = manifestKind(manifest.mediaType) === 'index';
      totals.bytes += index ? manifest.size : (manifest.imageSize ?? manifest.size);
    }
  }
  return totals;
}

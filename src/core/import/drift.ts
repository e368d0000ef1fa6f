/**
 * Drift: how the source's tags differ from what this run carried (the plan, or the refreshed
 * inventory). A tag moved during the import is not lost: the target got the inventoried digest (the
 * engine imports by digest only), and the move is reported so that a delta sync (refresh: true)
 * carries it before cutover. Read after the run: one ACR listing per repository in scope.
 */
import { RelocationError } from '../errors.js';
import { acrManifestPages } from '../oci/acr-metadata.js';
import type { RegistryClient } from '../oci/client.js';
import type { Artifacts } from '../plan/model.js';
import { mapWithLimit } from '../util/pool.js';
import type { TagFilter } from './tag-filter.js';

/** repository -> tag -> digest */
export type TagSnapshot = Map<string, Map<string, string>>;

export interface Drift {
  moved: Array<{ repository: string; tag: string; carried: string; now: string }>;
  added: Array<{ repository: string; tag: string; digest: string }>;
  removed: Array<{ repository: string; tag: string; carried: string }>;
}

export const NO_DRIFT: Drift = { moved: [], added: [], removed: [] };

export function driftCount(drift: Drift): number {
  return drift.moved.length + drift.added.length + drift.removed.length;
}

const REFERRERS_TAG = /^sha256-[a-f0-9]{64}$/;

function keep(tag: string, filter: TagFilter | undefined): boolean {
  return REFERRERS_TAG.test(tag) || !filter || filter(tag);
}

export function snapshotOf(artifacts: Artifacts, repositories: readonly string[], filter?: TagFilter): TagSnapshot {
  const wanted = new Set(repositories);
  const snapshot: TagSnapshot = new Map();
  for (const repository of artifacts.repositories) {
    if (!wanted.has(repository.name)) continue;
    const tags = new Map<string, string>();
    for (const manifest of repository.manifests) {
      for (const tag of manifest.tags) if (keep(tag, filter)) tags.set(tag, manifest.digest);
    }
    snapshot.set(repository.name, tags);
  }
  for (const name of wanted) if (!snapshot.has(name)) snapshot.set(name, new Map());
  return snapshot;
}

/** The source's tags now, per repository (a repository that no longer exists has none). */
export async function readTags(
  client: RegistryClient,
  repositories: readonly string[],
  filter?: TagFilter,
  concurrency = 8,
): Promise<TagSnapshot> {
  const snapshot: TagSnapshot = new Map();
  await mapWithLimit(repositories, concurrency, async (repository) => {
    const tags = new Map<string, string>();
    try {
      for await (const page of acrManifestPages(client, repository)) {
        for (const manifest of page)
          for (const tag of manifest.tags) if (keep(tag, filter)) tags.set(tag, manifest.digest);
      }
    } catch (error) {
      if (!(error instanceof RelocationError && error.code === 'NOT_FOUND')) throw error;
    }
    snapshot.set(repository, tags);
  });
  return snapshot;
}

export function compareSnapshots(carried: TagSnapshot, now: TagSnapshot): Drift {
  const drift: Drift = { moved: [], added: [], removed: [] };
  for (const repository of [...carried.keys()].sort()) {
    const before = carried.get(repository)!;
    const after = now.get(repository) ?? new Map<string, string>();
    for (const [tag, digest] of [...before].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const current = after.get(tag);
      if (current === undefined) drift.removed.push({ repository, tag, carried: digest });
      else if (current !== digest) drift.moved.push({ repository, tag, carried: digest, now: current });
    }
    for (const [tag, digest] of [...after].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!before.has(tag)) drift.added.push({ repository, tag, digest });
    }
  }
  return drift;
}

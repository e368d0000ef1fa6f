/**
 * What the target already holds, read once per repository, and what that means for each item.
 *
 * Cost (the target registry is the journal, so this is what a resumed or repeated run pays):
 * - ACR targets: GET /acr/v1/{repo}/_manifests, paged by 100: ⌈manifests/100⌉ requests per target
 *   repository give every digest with its tags. 10,000 tags in 100 repositories: ~100-200 requests,
 *   instead of 10,000+ HEADs (one per tag and digest).
 * - other registries (no ACR metadata API; client mode towards distribution): one HEAD per digest
 *   in the items' closures and one per tag.
 * The listing decides what to import. What it says is present is only trusted without a deeper
 * check (manifest bytes, config blob) when the local progress file recorded that item as verified.
 */
import { RelocationError } from '../errors.js';
import { acrManifestPages, type ChangeableAttributes } from '../oci/acr-metadata.js';
import type { RegistryClient } from '../oci/client.js';
import { headManifest } from '../oci/manifests.js';
import { mapWithLimit } from '../util/pool.js';
import type { TagConflict, WorkItem } from './model.js';

export interface TargetRepositoryState {
  hasManifest(digest: string): boolean;
  /** Digest the tag points at in the target, undefined when the tag does not exist. */
  tagDigest(tag: string): string | undefined;
  /** Changeable attributes of each listed manifest, when the listing gives them (ACR). */
  readonly attributes?: ReadonlyMap<string, ChangeableAttributes>;
}

class MapState implements TargetRepositoryState {
  constructor(
    readonly digests: Set<string>,
    readonly tags: Map<string, string>,
    readonly attributes?: ReadonlyMap<string, ChangeableAttributes>,
  ) {}
  hasManifest(digest: string): boolean {
    return this.digests.has(digest);
  }
  tagDigest(tag: string): string | undefined {
    return this.tags.get(tag);
  }
}

export const EMPTY_STATE: TargetRepositoryState = new MapState(new Set(), new Map());

/** One ACR listing of the repository (a repository that does not exist yet is empty). */
export async function listAcrTargetState(client: RegistryClient, repository: string): Promise<TargetRepositoryState> {
  const digests = new Set<string>();
  const tags = new Map<string, string>();
  const attributes = new Map<string, ChangeableAttributes>();
  try {
    for await (const page of acrManifestPages(client, repository)) {
      for (const manifest of page) {
        digests.add(manifest.digest);
        attributes.set(manifest.digest, manifest.changeableAttributes);
        for (const tag of manifest.tags) tags.set(tag, manifest.digest);
      }
    }
  } catch (error) {
    if (error instanceof RelocationError && error.code === 'NOT_FOUND') return EMPTY_STATE;
    throw error;
  }
  return new MapState(digests, tags, attributes);
}

/** HEADs for registries without the ACR listing: every digest and tag the items need. */
export async function probeTargetState(
  client: RegistryClient,
  repository: string,
  items: readonly WorkItem[],
  concurrency: number,
): Promise<TargetRepositoryState> {
  const wantedDigests = [...new Set(items.flatMap((item) => [item.digest, ...item.closure]))];
  const wantedTags = [...new Set(items.flatMap((item) => item.tags))];
  const digests = new Set<string>();
  const tags = new Map<string, string>();
  await mapWithLimit(wantedDigests, concurrency, async (digest) => {
    if (await headManifest(client, repository, digest)) digests.add(digest);
  });
  await mapWithLimit(wantedTags, concurrency, async (tag) => {
    const head = await headManifest(client, repository, tag);
    if (head) tags.set(tag, head.digest);
  });
  return new MapState(digests, tags);
}

export type Assessment =
  /** Digest, closure and every tag are there. */
  | { kind: 'present' }
  /** Tags to point at the digest (with `force`: some overwrite another digest). */
  | { kind: 'import'; tags: string[]; force: boolean; overwritten: string[] }
  /** Tags that point at another digest, and no permission to overwrite them. */
  | { kind: 'conflict'; conflicts: TagConflict[] };

/**
 * Skip, import or stop. A target tag on another digest is a conflict unless `force` — or unless that
 * other digest is the one the previous plan had for the tag (refresh): then this tool put it there
 * during an earlier delta sync, and following the source's move is not overwriting someone's work.
 */
export function assessItem(item: WorkItem, state: TargetRepositoryState, force: boolean): Assessment {
  const conflicts: TagConflict[] = [];
  const moved: string[] = [];
  for (const tag of item.tags) {
    const current = state.tagDigest(tag);
    if (current === undefined || current === item.digest) continue;
    if (item.previousDigests?.[tag] === current) moved.push(tag);
    else conflicts.push({ tag, sourceDigest: item.digest, targetDigest: current });
  }
  if (conflicts.length > 0 && !force) return { kind: 'conflict', conflicts };
  const tags = item.tags.filter((tag) => state.tagDigest(tag) !== item.digest);
  const complete = state.hasManifest(item.digest) && item.closure.every((digest) => state.hasManifest(digest));
  if (tags.length === 0 && complete) return { kind: 'present' };
  const overwritten = [...moved, ...conflicts.map((c) => c.tag)].sort();
  return { kind: 'import', tags, force: overwritten.length > 0, overwritten };
}

/**
 * Drift: what changed on the source since the plan (tags added, moved or deleted; untagged
 * manifests such as new signatures added or deleted), reported apart from target failures, and
 * whether the target already has each change (a delta sync with `refresh: true` carried it).
 *
 * The source is read through listings (./source-snapshot.ts). A listing hides items with
 * listEnabled=false, so everything that looks deleted is looked up once more by name through the
 * metadata API (which answers for hidden items) before it is reported. Deletions are rare; the
 * lookups cost one request each.
 */
import { getManifestItem, getTagItem } from '../inventory/acr-items.js';
import type { RequestGate } from '../inventory/gate.js';
import type { RegistryClient } from '../oci/client.js';
import { headManifest } from '../oci/manifests.js';
import type { Artifacts } from '../plan/model.js';
import { mapWithLimit } from '../util/pool.js';
import { PENDING_PER_REPOSITORY } from './content.js';
import type { DriftItem } from './model.js';
import type { SourceSnapshot } from './source-snapshot.js';

interface RepositoryState {
  tags: Map<string, string>;
  digests: Set<string>;
  untagged: Set<string>;
}

function stateOf(manifests: ReadonlyArray<{ digest: string; tags: readonly string[] }>): RepositoryState {
  const state: RepositoryState = { tags: new Map(), digests: new Set(), untagged: new Set() };
  for (const manifest of manifests) {
    state.digests.add(manifest.digest);
    if (manifest.tags.length === 0) state.untagged.add(manifest.digest);
    for (const tag of manifest.tags) state.tags.set(tag, manifest.digest);
  }
  return state;
}

const EMPTY: RepositoryState = { tags: new Map(), digests: new Set(), untagged: new Set() };

function compareRepository(repository: string, before: RepositoryState, after: RepositoryState): DriftItem[] {
  const items: DriftItem[] = [];
  for (const [tag, digest] of before.tags) {
    const now = after.tags.get(tag);
    if (now === undefined) items.push({ repository, change: 'removed', tag, digest, inTarget: false });
    else if (now !== digest)
      items.push({ repository, change: 'moved', tag, digest: now, previousDigest: digest, inTarget: false });
  }
  for (const [tag, digest] of after.tags) {
    if (!before.tags.has(tag)) items.push({ repository, change: 'added', tag, digest, inTarget: false });
  }
  for (const digest of after.untagged) {
    if (!before.digests.has(digest)) items.push({ repository, change: 'added', digest, inTarget: false });
  }
  for (const digest of before.untagged) {
    if (!after.digests.has(digest)) items.push({ repository, change: 'removed', digest, inTarget: false });
  }
  return items;
}

const order = (a: DriftItem, b: DriftItem) =>
  a.repository.localeCompare(b.repository) || (a.tag ?? a.digest).localeCompare(b.tag ?? b.digest);

/** The plan against the source now (pure). `inTarget` is filled in by markCarried. */
export function diffSource(plan: Pick<Artifacts, 'repositories'>, snapshot: SourceSnapshot): DriftItem[] {
  const planned = new Map(plan.repositories.map((r) => [r.name, r]));
  const listed = new Map(snapshot.repositories.map((r) => [r.name, r]));
  const names = [...new Set([...planned.keys(), ...listed.keys()])];
  const items = names.flatMap((name) => {
    const before = planned.get(name);
    const after = listed.get(name);
    return compareRepository(
      name,
      before ? stateOf(before.manifests) : EMPTY,
      after ? stateOf(after.manifests) : EMPTY,
    );
  });
  return items.sort(order);
}

/**
 * A deletion the listing suggests, checked by name: a hidden tag still on its digest (or a hidden
 * manifest still there) is no change at all; a hidden tag on another digest has moved.
 */
async function confirmRemoval(source: RegistryClient, item: DriftItem): Promise<DriftItem | undefined> {
  if (item.tag === undefined) {
    return (await getManifestItem(source, item.repository, item.digest)) ? undefined : item;
  }
  const found = await getTagItem(source, item.repository, item.tag);
  if (!found) return item;
  if (found.digest === item.digest) return undefined;
  return { ...item, change: 'moved', digest: found.digest, previousDigest: item.digest };
}

export async function confirmRemovals(
  source: RegistryClient,
  items: readonly DriftItem[],
  concurrency: number,
): Promise<DriftItem[]> {
  const confirmed = await mapWithLimit(items, concurrency, (item) =>
    item.change === 'removed' ? confirmRemoval(source, item) : Promise.resolve(item),
  );
  return confirmed.filter((item): item is DriftItem => item !== undefined).sort(order);
}

/** Does the target have the source's current state for this change? One HEAD per change. */
async function carried(target: RegistryClient, item: DriftItem): Promise<boolean> {
  const head = await headManifest(target, item.repository, item.tag ?? item.digest);
  if (item.change === 'removed') return item.tag === undefined ? head === undefined : head?.digest !== item.digest;
  return head?.digest === item.digest;
}

export async function markCarried(
  target: RegistryClient,
  items: readonly DriftItem[],
  gate: RequestGate,
): Promise<DriftItem[]> {
  return mapWithLimit(items, PENDING_PER_REPOSITORY, async (item) => ({
    ...item,
    inTarget: await gate.run(() => carried(target, item)),
  }));
}

/** Changes the target lacks: the work `import-artifacts` with `refresh: true` does. Deletions are never copied. */
export function isOutstanding(item: DriftItem): boolean {
  return !item.inTarget && item.change !== 'removed';
}

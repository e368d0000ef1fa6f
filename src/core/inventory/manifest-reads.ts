/**
 * Reading manifests' own bytes, for what ACR's listing does not say: the manifest's size, an index's
 * children, a referrer's subject and artifact type.
 *
 * Cost (the listing has no manifest size, so one GET per manifest is the floor for a complete plan):
 *   1. every index is read (its children and their platforms);
 *   2. children of those indexes are NOT read: the parent's descriptor gives their size, media type
 *      and platform. Index children are platform images (or attestations), not referrers;
 *   3. every other manifest is read once (tagged images for their size; untagged ones also because
 *      referrers are untagged manifests with a subject).
 * So: #indexes + #non-child manifests GETs per repository, each a few KiB, never held after parsing.
 *
 * Referrers: never looked up through the referrers API (or the sha256-<hex> tag schema). A referrer
 * is a manifest of the same repository, so it is in the _manifests listing, whose completeness is
 * proven against ACR's manifestCount; its subject comes from its own bytes, read anyway for its size.
 * Asking the referrers API per manifest would add 100,000 requests at 100,000 tags to learn nothing
 * new. The one blind spot: a referrer that is itself the child of an index keeps no `subject`.
 *
 * Children an index names but the listing did not show (hidden with listEnabled=false) are fetched
 * by digest — they must be carried — and then count towards the reconciliation like any other.
 * The order of phases (indexes first, then the rest) makes the result independent of timing.
 */
import type { RegistryClient } from '../oci/client.js';
import type { Descriptor } from '../oci/manifest.js';
import { findManifest } from '../oci/manifests.js';
import { mapWithLimit } from '../util/pool.js';
import { getManifestItem } from './acr-items.js';
import { contentFacts } from './manifest-facts.js';
import { draftOf, isReferrersIndex, mustReadFirst, type Draft } from './draft.js';
import type { RequestGate } from './gate.js';
import { describeProblem, type RepositoryProblem } from './problems.js';

export interface ContentContext {
  client: RegistryClient;
  repository: string;
  gate: RequestGate;
  concurrency: number;
  /** The repository's own readEnabled (false blocks every manifest GET). */
  repositoryReadable: boolean;
}

export interface ContentResult {
  problems: RepositoryProblem[];
  /** For each manifest described by an index: its entry in the first parent (by digest). */
  parentEntries: Map<string, Descriptor>;
}

/** Book-keeping of one repository's reads: each manifest is attempted at most once. */
interface ReadState {
  attempted: Set<string>;
  unreadable: string[];
  problems: RepositoryProblem[];
}

export async function readContents(ctx: ContentContext, drafts: Map<string, Draft>): Promise<ContentResult> {
  const state: ReadState = { attempted: new Set(), unreadable: [], problems: [] };
  for (let wave = [...drafts.values()].filter(mustReadFirst); wave.length > 0;) {
    await readAll(ctx, wave, state);
    const missing = unlistedChildren(wave, drafts);
    await recover(ctx, missing, drafts, state.problems);
    wave = missing.map((digest) => drafts.get(digest)).filter((d): d is Draft => d !== undefined && mustReadFirst(d));
  }
  const parentEntries = describedChildren(drafts);
  const rest = [...drafts.values()].filter((d) => !state.attempted.has(d.digest) && !parentEntries.has(d.digest));
  await readAll(ctx, rest, state);

  const { problems, unreadable } = state;
  if (unreadable.length > 0) {
    const digests = ctx.repositoryReadable ? unreadable.sort() : [];
    problems.push({ kind: 'unreadable', repository: ctx.repository, digests });
  }
  // Reads finish in any order; their problems are sorted so the error text is the same every time.
  problems.sort((a, b) => (describeProblem(a) < describeProblem(b) ? -1 : 1));
  return { problems, parentEntries };
}

async function readAll(ctx: ContentContext, targets: Draft[], state: ReadState) {
  const readable = targets.filter((draft) => {
    state.attempted.add(draft.digest);
    const allowed = ctx.repositoryReadable && draft.changeableAttributes.readEnabled !== false;
    if (!allowed) state.unreadable.push(draft.digest);
    return allowed;
  });
  await mapWithLimit(readable, ctx.concurrency, (draft) => ctx.gate.run(() => readOne(ctx, draft, state.problems)));
}

async function readOne(ctx: ContentContext, draft: Draft, problems: RepositoryProblem[]): Promise<void> {
  const found = await findManifest(ctx.client, ctx.repository, draft.digest);
  if (!found) {
    problems.push({
      kind: 'vanished',
      repository: ctx.repository,
      detail: `manifest ${draft.digest} was listed but is gone`,
    });
    return;
  }
  const mediaType = draft.mediaType ?? found.mediaType;
  const facts = contentFacts(found.bytes, mediaType, `${ctx.repository}@${draft.digest}`);
  draft.fetched = { size: found.size, mediaType: found.mediaType, ...facts };
}

/** Child digests of the indexes just read that no draft accounts for yet (sorted: deterministic). */
function unlistedChildren(wave: Draft[], drafts: Map<string, Draft>): string[] {
  const missing = new Set<string>();
  for (const draft of wave) {
    for (const child of draft.fetched?.children ?? []) if (!drafts.has(child.digest)) missing.add(child.digest);
  }
  return [...missing].sort();
}

async function recover(
  ctx: ContentContext,
  digests: string[],
  drafts: Map<string, Draft>,
  problems: RepositoryProblem[],
) {
  const items = await mapWithLimit(digests, ctx.concurrency, (digest) =>
    ctx.gate.run(() => getManifestItem(ctx.client, ctx.repository, digest)),
  );
  items.forEach((item, i) => {
    if (item) drafts.set(item.digest, draftOf(item));
    else {
      const detail = `an index names manifest ${digests[i]}, which the repository does not serve`;
      problems.push({ kind: 'vanished', repository: ctx.repository, detail });
    }
  });
}

/**
 * Manifests described by an index entry, each with its entry in the first parent by digest. Indexes
 * under a referrers tag-schema tag are left out: their entries are referrers, which must be read.
 */
function describedChildren(drafts: Map<string, Draft>): Map<string, Descriptor> {
  const parents = [...drafts.values()]
    .filter((d) => d.fetched?.children && !isReferrersIndex(d))
    .sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0));
  const entries = new Map<string, Descriptor>();
  for (const parent of parents) {
    for (const child of parent.fetched!.children!) if (!entries.has(child.digest)) entries.set(child.digest, child);
  }
  return entries;
}

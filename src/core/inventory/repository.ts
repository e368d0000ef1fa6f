/**
 * One repository, read completely or not at all:
 *   GET /acr/v1/{repo}                     ACR's own tagCount, manifestCount, attributes   1 request
 *   GET /acr/v1/{repo}/_manifests (paged)  every manifest with tags, platform, attributes   ⌈manifests/100⌉
 *   GET /v2/{repo}/tags/list (paged)       cross-check of the tags                          ⌈tags/1000⌉
 *   GET /v2/{repo}/manifests/{digest}      size, children, subject (manifest-reads.ts)      ≤ 1 per manifest
 *   GET /acr/v1/{repo}/_tags (paged)       tags with attributes of their own (tag-attributes.ts) ⌈tags/100⌉
 * then the completeness proof: every tag in tags/list is carried by a listed manifest (and the other
 * way round, unless the tag is hidden with listEnabled=false — looked up one by one), and ACR's counts
 * equal the distinct tags and manifests found. Any discrepancy reads the repository once more (a
 * push or delete while it was read settles); a second discrepancy is returned as problems, never as
 * a short record. A repository that 404s while read (deleted after the catalog listed it) likewise.
 */
import { RelocationError } from '../errors.js';
import { acrManifestPages, getAcrRepository } from '../oci/acr-metadata.js';
import type { RegistryClient } from '../oci/client.js';
import { tagPages } from '../oci/listing.js';
import { quoteForMessage } from '../oci/names.js';
import type { RepositoryRecord } from '../plan/model.js';
import { mapWithLimit } from '../util/pool.js';
import { getTagItem } from './acr-items.js';
import { readContents } from './manifest-reads.js';
import { draftOf, recordOf, type Draft } from './draft.js';
import type { RequestGate } from './gate.js';
import { describeProblem, type RepositoryProblem } from './problems.js';
import { tagAttributeExceptions, type TagWithAttributes } from './tag-attributes.js';

export interface RepositoryContext {
  client: RegistryClient;
  gate: RequestGate;
  concurrency: number;
  log?: (message: string) => void;
}

export type RepositoryOutcome = { record: RepositoryRecord } | { problems: RepositoryProblem[] };

/** Hidden-tag lookups per repository: beyond this, the tag lists are simply inconsistent. */
const MAX_TAG_LOOKUPS = 1000;

export async function inventoryRepository(ctx: RepositoryContext, name: string): Promise<RepositoryOutcome> {
  const first = await attempt(ctx, name);
  if ('record' in first || first.problems.every((p) => p.kind === 'unreadable')) return first;
  ctx.log?.(`${first.problems.map(describeProblem).join('; ')}; reading ${quoteForMessage(name)} once more`);
  return attempt(ctx, name);
}

async function attempt(ctx: RepositoryContext, name: string): Promise<RepositoryOutcome> {
  try {
    return await readRepository(ctx, name);
  } catch (error) {
    if (!(error instanceof RelocationError) || error.code !== 'NOT_FOUND') throw error;
    const detail = 'the catalog listed it, but it no longer exists (deleted during the inventory?)';
    return { problems: [{ kind: 'vanished', repository: name, detail }] };
  }
}

async function readRepository(ctx: RepositoryContext, name: string): Promise<RepositoryOutcome> {
  const { client } = ctx;
  const attributes = await getAcrRepository(client, name);
  const drafts = new Map<string, Draft>();
  for await (const page of acrManifestPages(client, name))
    for (const entry of page) drafts.set(entry.digest, draftOf(entry));

  const { problem: tagProblem, hidden } = await crossCheckTags(ctx, name, drafts);
  if (tagProblem) return { problems: [tagProblem] };
  const tagAttributes = await tagAttributeExceptions(client, name, hidden);

  const repositoryReadable = attributes.changeableAttributes.readEnabled !== false;
  const contents = await readContents({ ...ctx, repository: name, repositoryReadable }, drafts);
  const problems = [...contents.problems];
  const listed = { tags: countTags(drafts), manifests: drafts.size };
  const reported = { tags: attributes.tagCount, manifests: attributes.manifestCount };
  if (listed.tags !== reported.tags || listed.manifests !== reported.manifests) {
    problems.push({ kind: 'counts', repository: name, reported, listed });
  }
  if (problems.length > 0) return { problems };

  const manifests = [...drafts.values()]
    .sort((a, b) => (a.digest < b.digest ? -1 : 1))
    .map((draft) => recordOf(draft, contents.parentEntries.get(draft.digest)));
  const record: RepositoryRecord = {
    name,
    reportedTagCount: attributes.tagCount,
    reportedManifestCount: attributes.manifestCount,
    changeableAttributes: { ...attributes.changeableAttributes },
    ...(Object.keys(tagAttributes).length > 0 ? { tagAttributes } : {}),
    manifests,
  };
  return { record };
}

function countTags(drafts: Map<string, Draft>): number {
  let count = 0;
  for (const draft of drafts.values()) count += draft.tags.length;
  return count;
}

/** tags/list against the manifests' tags: a problem unless they agree, and the hidden tags found on the way. */
async function crossCheckTags(ctx: RepositoryContext, name: string, drafts: Map<string, Draft>) {
  const owner = new Map<string, string>();
  const onTwoManifests: string[] = [];
  for (const draft of drafts.values()) {
    for (const tag of draft.tags) {
      if (owner.has(tag)) onTwoManifests.push(tag);
      else owner.set(tag, draft.digest);
    }
  }
  const inTagList = new Set<string>();
  const onlyInTagList: string[] = [];
  for await (const page of tagPages(ctx.client, name)) {
    for (const tag of page) {
      inTagList.add(tag);
      if (!owner.has(tag)) onlyInTagList.push(tag);
    }
  }
  const unlisted = [...owner.keys()].filter((tag) => !inTagList.has(tag)).sort();
  const { unexplained: onlyInManifests, hidden } = await withoutHiddenTags(ctx, name, unlisted, owner);
  if (onlyInTagList.length + onlyInManifests.length + onTwoManifests.length === 0) return { hidden };
  const problem = {
    kind: 'tags' as const,
    repository: name,
    onlyInTagList: onlyInTagList.sort(),
    onlyInManifests,
    onTwoManifests: [...new Set(onTwoManifests)].sort(),
  };
  return { problem, hidden };
}

/**
 * Tags a manifest carries but tags/list leaves out are fine when ACR hides them on purpose
 * (listEnabled=false on the tag) and they still point at that manifest: they are carried like any
 * other tag. Anything else (a tag written or deleted in between) is returned.
 */
async function withoutHiddenTags(
  ctx: RepositoryContext,
  name: string,
  unlisted: string[],
  owner: Map<string, string>,
): Promise<{ unexplained: string[]; hidden: TagWithAttributes[] }> {
  if (unlisted.length === 0 || unlisted.length > MAX_TAG_LOOKUPS) return { unexplained: unlisted, hidden: [] };
  const items = await mapWithLimit(unlisted, ctx.concurrency, (tag) =>
    ctx.gate.run(() => getTagItem(ctx.client, name, tag)),
  );
  const hidden = items.filter(
    (item): item is NonNullable<typeof item> =>
      item !== undefined && item.changeableAttributes.listEnabled === false && item.digest === owner.get(item.name),
  );
  if (hidden.length > 0) {
    const shown = hidden.slice(0, 5).map((item) => quoteForMessage(item.name));
    ctx.log?.(
      `${quoteForMessage(name)}: ${hidden.length} tag(s) hidden with listEnabled=false (${shown.join(', ')}` +
        `${hidden.length > 5 ? ', …' : ''}) found through their manifests; they are carried`,
    );
  }
  const hiddenNames = new Set(hidden.map((item) => item.name));
  return { unexplained: unlisted.filter((tag) => !hiddenNames.has(tag)), hidden };
}

/**
 * The work list: what a run must make exist in the target, as work items (see model.ts). Pure: the
 * same plan, filters and shard always give the same list, in the same order.
 *
 * Per repository:
 * - every manifest with a (kept) tag is an item carrying all its kept tags;
 * - every untagged manifest that no index contains is an item (imported without a tag);
 * - index children are not items of their own: importing the index copies its closure, and the
 *   item lists the closure so that every child is verified present afterwards;
 * - referrers (a `subject`, or an index under an OCI tag-schema tag sha256-<hex>) are items that
 *   wait for the item bringing their subject, because importing a manifest never copies its referrers.
 *   They follow their subject: a referrer moves when its subject moves (or when the subject is not in
 *   the repository at all: a dangling referrer is carried like any untagged manifest).
 * include-tags filters tags, not content: untagged manifests and referrers of moving images still
 * move; a manifest whose every tag was filtered out stays behind (and is reported) unless an index
 * that moves contains it.
 */
import { filterRepositories } from '../inventory/filters.js';
import { manifestKind } from '../oci/manifest.js';
import type { Artifacts, ManifestRecord, RepositoryRecord } from '../plan/model.js';
import { itemKey, type FilterReport, type WorkItem } from './model.js';
import { inShard, WHOLE, type Shard } from './shard.js';
import type { TagFilter } from './tag-filter.js';

export interface WorkListOptions {
  includeRepositories?: readonly string[];
  excludeRepositories?: readonly string[];
  tagFilter?: TagFilter;
  shard?: Shard;
  /** The plan the artifacts replace (refresh): tags it had elsewhere are moves, not conflicts. */
  previous?: Artifacts;
}

export interface WorkList {
  items: WorkItem[];
  filtered: FilterReport;
  /** Repositories of this shard that passed the filters (some may have no items). */
  repositories: string[];
}

const REFERRERS_TAG = /^sha256-([a-f0-9]{64})$/;

/** The subject of a tag-schema referrers index (an index whose every tag is sha256-<hex>). */
function tagSchemaSubject(manifest: ManifestRecord): string | undefined {
  if (manifest.tags.length === 0 || manifestKind(manifest.mediaType) !== 'index') return undefined;
  const subjects = new Set(manifest.tags.map((tag) => REFERRERS_TAG.exec(tag)?.[1]));
  if (subjects.size !== 1 || subjects.has(undefined)) return undefined;
  return `sha256:${[...subjects][0]}`;
}

function subjectOf(manifest: ManifestRecord): string | undefined {
  return manifest.subject ?? tagSchemaSubject(manifest);
}

class RepositoryPlanner {
  readonly items: WorkItem[] = [];
  readonly excludedTags: string[] = [];
  private readonly byDigest: Map<string, ManifestRecord>;
  private readonly contained = new Set<string>();
  /** Digest -> key of the first item that brings it (as its root or in its closure). */
  private readonly bringer = new Map<string, string>();
  private readonly phases = new Map<string, number>();
  private readonly roots = new Set<string>();

  constructor(
    private readonly repository: RepositoryRecord,
    private readonly tagFilter: TagFilter | undefined,
    private readonly previousTags: Map<string, string>,
  ) {
    this.byDigest = new Map(repository.manifests.map((m) => [m.digest, m]));
    for (const m of repository.manifests) for (const child of m.children ?? []) this.contained.add(child);
  }

  plan(): { items: WorkItem[]; excludedTags: string[]; excludedManifests: string[] } {
    const sorted = [...this.repository.manifests].sort((a, b) => (a.digest < b.digest ? -1 : 1));
    const referrers: ManifestRecord[] = [];
    for (const manifest of sorted) {
      if (subjectOf(manifest) !== undefined) referrers.push(manifest);
      else this.considerImage(manifest);
    }
    this.placeReferrers(referrers);
    const excludedManifests = sorted
      .filter((m) => !this.bringer.has(m.digest))
      .map((m) => `${this.repository.name}@${m.digest}`);
    return { items: this.items, excludedTags: this.excludedTags, excludedManifests };
  }

  private keptTags(manifest: ManifestRecord): string[] {
    const kept = this.tagFilter ? manifest.tags.filter(this.tagFilter) : [...manifest.tags];
    for (const tag of manifest.tags) if (!kept.includes(tag)) this.excludedTags.push(`${this.repository.name}:${tag}`);
    return kept;
  }

  private considerImage(manifest: ManifestRecord): void {
    const tags = this.keptTags(manifest);
    if (tags.length > 0 || (manifest.tags.length === 0 && !this.contained.has(manifest.digest))) {
      this.addItem(manifest, tags, 0);
    }
  }

  /** Referrers in waves: each wave places those whose subject is brought by an item already placed. */
  private placeReferrers(pending: ManifestRecord[]): void {
    const candidates = pending.filter((m) => !this.contained.has(m.digest) || tagSchemaSubject(m) !== undefined);
    const tagsOf = new Map(
      candidates.map((m) => [m.digest, tagSchemaSubject(m) ? [...m.tags] : this.keptTags(m)] as const),
    );
    let waiting = candidates;
    for (let progress = true; progress && waiting.length > 0;) {
      progress = false;
      const next: ManifestRecord[] = [];
      for (const manifest of waiting) {
        const subject = subjectOf(manifest)!;
        const bringer = this.bringer.get(subject);
        const tags = tagsOf.get(manifest.digest)!;
        if (bringer !== undefined) {
          this.addItem(manifest, tags, (this.phases.get(bringer) ?? 0) + 1, bringer);
          progress = true;
        } else if (!this.byDigest.has(subject)) {
          this.addItem(manifest, tags, 0);
          progress = true;
        } else next.push(manifest);
      }
      waiting = next;
    }
  }

  private addItem(manifest: ManifestRecord, tags: string[], phase: number, dependsOn?: string): void {
    if (this.roots.has(manifest.digest)) return;
    this.roots.add(manifest.digest);
    const closure = this.closureOf(manifest);
    const item: WorkItem = {
      repository: this.repository.name,
      digest: manifest.digest,
      mediaType: manifest.mediaType,
      tags: [...tags].sort(),
      closure,
      phase,
      bytes: [manifest.digest, ...closure].reduce((sum, digest) => sum + this.bytesOf(digest), 0),
    };
    const subject = subjectOf(manifest);
    if (subject !== undefined) item.subject = subject;
    if (dependsOn !== undefined) item.dependsOn = dependsOn;
    if (manifest.subject !== undefined) item.maintainTagSchema = !this.hasTagSchemaIndex(manifest.subject);
    const moved = item.tags.filter((tag) => {
      const before = this.previousTags.get(tag);
      return before !== undefined && before !== item.digest;
    });
    if (moved.length > 0) item.previousDigests = Object.fromEntries(moved.map((t) => [t, this.previousTags.get(t)!]));
    const key = itemKey(item);
    this.phases.set(key, phase);
    for (const digest of [manifest.digest, ...closure]) if (!this.bringer.has(digest)) this.bringer.set(digest, key);
    this.items.push(item);
  }

  private hasTagSchemaIndex(subject: string): boolean {
    const tag = subject.replace(':', '-');
    return this.repository.manifests.some((m) => m.tags.includes(tag));
  }

  private bytesOf(digest: string): number {
    const record = this.byDigest.get(digest);
    if (!record) return 0;
    return manifestKind(record.mediaType) === 'index' ? record.size : (record.imageSize ?? record.size);
  }

  /** Descendants through children, depth first, each once (children the plan lacks included). */
  private closureOf(root: ManifestRecord): string[] {
    const seen = new Set<string>([root.digest]);
    const order: string[] = [];
    const visit = (record: ManifestRecord | undefined) => {
      for (const child of record?.children ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        order.push(child);
        visit(this.byDigest.get(child));
      }
    };
    visit(root);
    return order;
  }
}

function tagMap(artifacts: Artifacts | undefined, repository: string): Map<string, string> {
  const record = artifacts?.repositories.find((r) => r.name === repository);
  const map = new Map<string, string>();
  for (const m of record?.manifests ?? []) for (const tag of m.tags) map.set(tag, m.digest);
  return map;
}

export function buildWorkList(artifacts: Artifacts, options: WorkListOptions = {}): WorkList {
  const shard = options.shard ?? WHOLE;
  const names = artifacts.repositories.map((r) => r.name).sort();
  const { included, excluded } = filterRepositories(names, {
    include: options.includeRepositories,
    exclude: options.excludeRepositories,
  });
  const mine = new Set(included.filter((name) => inShard(name, shard)));
  const filtered: FilterReport = {
    excludedRepositories: [...new Set([...artifacts.excludedRepositories, ...excluded])].sort(),
    otherShardRepositories: included.length - mine.size,
    excludedTags: [],
    excludedManifests: [],
  };
  const items: WorkItem[] = [];
  for (const repository of [...artifacts.repositories].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!mine.has(repository.name)) continue;
    const planner = new RepositoryPlanner(repository, options.tagFilter, tagMap(options.previous, repository.name));
    const result = planner.plan();
    items.push(...result.items);
    filtered.excludedTags.push(...result.excludedTags);
    filtered.excludedManifests.push(...result.excludedManifests);
  }
  // Phases first (a referrer always comes after the item it waits for), then by name: deterministic.
  items.sort((a, b) => a.phase - b.phase || (itemKey(a) < itemKey(b) ? -1 : itemKey(a) > itemKey(b) ? 1 : 0));
  return { items, filtered, repositories: [...mine].sort() };
}

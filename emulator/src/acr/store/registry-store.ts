/**
 * One registry's content: repositories, manifests, tags, blob links, changeable attributes and
 * referrers, indexed in memory and made durable by a Journal in the registry's own directory.
 * Blob and manifest bytes live in a BlobPool that several registries may share (see README.md).
 * The store does not enforce ACR policies (locks, auth): the HTTP layer and importImage do.
 */
import { mkdirSync } from 'node:fs';
import { Journal } from './journal.js';
import type { BlobPool } from './blob-pool.js';
import { looksLikeDigest } from './digest.js';
import { parseManifest, type ParsedManifest } from './manifest-parse.js';
import { buildManifestRecord } from './manifest-record.js';
import {
  applyOperation,
  deserializeState,
  serializeState,
  type AttributeTarget,
  type SerializedState,
  type StoreOperation,
  type StoreState,
} from './state.js';
import type { AttributePatch, DeletedRepository, ManifestRecord, RepositoryInfo, TagRecord } from './types.js';

export interface RegistryStoreOptions {
  /** Directory for this registry's index (created when missing). */
  dir: string;
  /** Blob files; pass the same pool to every registry of one emulator to share content. */
  blobPool: BlobPool;
  /** Clock for created/updated times (tests pin it). */
  now?: () => Date;
  /** Rewrite the snapshot after this many logged operations (default 50,000). */
  compactAfterOperations?: number;
}

export interface PutManifestOptions {
  /** The Content-Type it was pushed with (used when the body has no mediaType). */
  contentType?: string;
  /** Already parsed (the HTTP layer parses once to validate). */
  parsed?: ParsedManifest;
}

export class RegistryStore {
  readonly blobs: BlobPool;
  private readonly state: StoreState;
  private readonly journal: Journal<SerializedState, StoreOperation>;
  private readonly now: () => Date;
  private readonly compactAfter: number;
  private readonly sortedTagCache = new Map<string, TagRecord[]>();

  private constructor(options: RegistryStoreOptions) {
    mkdirSync(options.dir, { recursive: true });
    this.blobs = options.blobPool;
    this.now = options.now ?? (() => new Date());
    this.compactAfter = options.compactAfterOperations ?? 50_000;
    this.journal = new Journal(options.dir);
    const loaded = this.journal.load();
    this.state = deserializeState(loaded.snapshot);
    for (const operation of loaded.ops) applyOperation(this.state, operation);
    if (loaded.ops.length > 0) this.journal.writeSnapshot(serializeState(this.state));
  }

  /** Opens (or creates) the store in `options.dir`, replaying whatever a previous run left. */
  static open(options: RegistryStoreOptions): RegistryStore {
    return new RegistryStore(options);
  }

  // ---- repositories -------------------------------------------------------------------------

  /** Repository names with at least one manifest, sorted (ACR drops a repository with its last manifest). */
  listRepositories(): string[] {
    return [...this.state.values()]
      .filter((repo) => repo.manifests.size > 0)
      .map((repo) => repo.name)
      .sort();
  }

  getRepository(name: string): RepositoryInfo | undefined {
    const repo = this.state.get(name);
    if (!repo || repo.manifests.size === 0) return undefined;
    return {
      name: repo.name,
      createdTime: repo.createdTime,
      lastUpdateTime: repo.lastUpdateTime,
      attributes: { ...repo.attributes },
      manifestCount: repo.manifests.size,
      tagCount: repo.tags.size,
    };
  }

  setRepositoryAttributes(name: string, patch: AttributePatch): RepositoryInfo | undefined {
    if (!this.getRepository(name)) return undefined;
    this.patchAttributes(name, { kind: 'repository' }, patch);
    return this.getRepository(name);
  }

  deleteRepository(name: string): DeletedRepository | undefined {
    const repo = this.state.get(name);
    if (!repo || repo.manifests.size === 0) return undefined;
    const result = { manifestsDeleted: [...repo.manifests.keys()].sort(), tagsDeleted: [...repo.tags.keys()].sort() };
    this.commit({ op: 'deleteRepository', repo: name });
    return result;
  }

  // ---- blobs --------------------------------------------------------------------------------

  /** True when the repository may serve the blob (linked to it) and its bytes are present. */
  hasBlob(repo: string, digest: string): boolean {
    return (this.state.get(repo)?.blobs.has(digest) ?? false) && this.blobs.has(digest);
  }

  blobSize(digest: string): number | undefined {
    return this.blobs.size(digest);
  }

  /** Makes a blob already in the pool part of `repo` (push completion, mount, import). */
  linkBlob(repo: string, digest: string): void {
    if (!this.blobs.has(digest)) throw new Error(`blob ${digest} is not in the blob pool`);
    if (this.state.get(repo)?.blobs.has(digest)) return;
    this.commit({ op: 'link', repo, digest, time: this.timestamp() });
  }

  unlinkBlob(repo: string, digest: string): boolean {
    if (!this.state.get(repo)?.blobs.has(digest)) return false;
    this.commit({ op: 'unlink', repo, digest, time: this.timestamp() });
    return true;
  }

  // ---- manifests ----------------------------------------------------------------------------

  /** Digests a manifest references that `repo` cannot serve: blobs first, then child manifests. */
  missingReferences(repo: string, parsed: ParsedManifest): string[] {
    const missing = new Set<string>();
    const blobs = [...(parsed.config ? [parsed.config] : []), ...parsed.layers];
    for (const blob of blobs) if (!blob.urls?.length && !this.hasBlob(repo, blob.digest)) missing.add(blob.digest);
    for (const child of parsed.manifests) if (!this.getManifest(repo, child.digest)) missing.add(child.digest);
    return [...missing];
  }

  /** Stores manifest bytes and indexes them in `repo` (references are not checked here: see missingReferences). */
  putManifest(repo: string, bytes: Buffer, options: PutManifestOptions = {}): ManifestRecord {
    const parsed = options.parsed ?? parseManifest(bytes, options.contentType);
    const digest = this.blobs.writeBuffer(bytes);
    const existing = this.getManifest(repo, digest);
    if (existing) return existing;
    const record = buildManifestRecord({
      digest,
      size: bytes.length,
      parsed,
      time: this.timestamp(),
      readBlob: (blob) => (this.blobs.has(blob) ? this.blobs.readBuffer(blob) : undefined),
    });
    this.commit({ op: 'manifest', repo, record });
    return record;
  }

  getManifest(repo: string, digest: string): ManifestRecord | undefined {
    return this.state.get(repo)?.manifests.get(digest);
  }

  /** A tag or a digest, as in /v2/<name>/manifests/<reference>. */
  resolveReference(repo: string, reference: string): ManifestRecord | undefined {
    if (looksLikeDigest(reference)) return this.getManifest(repo, reference);
    const tag = this.getTag(repo, reference);
    return tag ? this.getManifest(repo, tag.digest) : undefined;
  }

  readManifestBytes(digest: string): Buffer {
    return this.blobs.readBuffer(digest);
  }

  listManifests(repo: string): ManifestRecord[] {
    return [...(this.state.get(repo)?.manifests.values() ?? [])];
  }

  setManifestAttributes(repo: string, digest: string, patch: AttributePatch): ManifestRecord | undefined {
    if (!this.getManifest(repo, digest)) return undefined;
    this.patchAttributes(repo, { kind: 'manifest', digest }, patch);
    return this.getManifest(repo, digest);
  }

  /**
   * Deletes a manifest with its tags and, as ACR does for OCI 1.1 referrers, every manifest whose
   * subject it is (recursively). Returns the deleted digests (the manifest first) and tags.
   */
  deleteManifest(repo: string, digest: string): DeletedRepository | undefined {
    if (!this.getManifest(repo, digest)) return undefined;
    const result: DeletedRepository = { manifestsDeleted: [], tagsDeleted: [] };
    this.journal.batch(() => this.deleteWithReferrers(repo, digest, result));
    return result;
  }

  // ---- tags ---------------------------------------------------------------------------------

  setTag(repo: string, tag: string, digest: string): TagRecord {
    if (!this.getManifest(repo, digest)) throw new Error(`manifest ${digest} is not in repository ${repo}`);
    const current = this.getTag(repo, tag);
    if (current?.digest !== digest) this.commit({ op: 'tag', repo, name: tag, digest, time: this.timestamp() });
    return this.getTag(repo, tag) as TagRecord;
  }

  getTag(repo: string, tag: string): TagRecord | undefined {
    return this.state.get(repo)?.tags.get(tag);
  }

  /** Tags sorted by name (cached until the repository's tags change). */
  listTags(repo: string): TagRecord[] {
    let sorted = this.sortedTagCache.get(repo);
    if (!sorted) {
      sorted = [...(this.state.get(repo)?.tags.values() ?? [])].sort((a, b) => compareNames(a.name, b.name));
      this.sortedTagCache.set(repo, sorted);
    }
    return sorted;
  }

  tagsOf(repo: string, digest: string): string[] {
    return [...(this.state.get(repo)?.tagsByDigest.get(digest) ?? [])].sort(compareNames);
  }

  setTagAttributes(repo: string, tag: string, patch: AttributePatch): TagRecord | undefined {
    if (!this.getTag(repo, tag)) return undefined;
    this.patchAttributes(repo, { kind: 'tag', name: tag }, patch);
    return this.getTag(repo, tag);
  }

  deleteTag(repo: string, tag: string): boolean {
    if (!this.getTag(repo, tag)) return false;
    this.commit({ op: 'untag', repo, name: tag, time: this.timestamp() });
    return true;
  }

  // ---- referrers ----------------------------------------------------------------------------

  /** Manifests in `repo` whose subject is `digest` (the subject itself need not exist). */
  listReferrers(repo: string, digest: string): ManifestRecord[] {
    const repoState = this.state.get(repo);
    const digests = [...(repoState?.referrers.get(digest) ?? [])].sort();
    return digests.map((referrer) => repoState?.manifests.get(referrer)).filter((m): m is ManifestRecord => !!m);
  }

  // ---- durability ---------------------------------------------------------------------------

  /** Runs `work` with all its index writes gathered into one journal write (bulk seeding). */
  batch<T>(work: () => T): T {
    return this.journal.batch(work);
  }

  /** Writes a fresh snapshot (and empties the log). */
  compact(): void {
    this.journal.writeSnapshot(serializeState(this.state));
  }

  close(): void {
    this.compact();
    this.journal.close();
  }

  private deleteWithReferrers(repo: string, digest: string, result: DeletedRepository): void {
    if (!this.getManifest(repo, digest)) return;
    result.tagsDeleted.push(...this.tagsOf(repo, digest));
    result.manifestsDeleted.push(digest);
    const referrers = this.listReferrers(repo, digest);
    this.commit({ op: 'deleteManifest', repo, digest, time: this.timestamp() });
    for (const referrer of referrers) this.deleteWithReferrers(repo, referrer.digest, result);
  }

  private patchAttributes(repo: string, target: AttributeTarget, patch: AttributePatch): void {
    this.commit({ op: 'attributes', repo, target, patch, time: this.timestamp() });
  }

  private commit(operation: StoreOperation): void {
    applyOperation(this.state, operation);
    this.sortedTagCache.delete(operation.repo);
    this.journal.append(operation);
    if (this.journal.operationsSinceSnapshot >= this.compactAfter) this.compact();
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}

/** Byte-wise order, like ACR's and distribution's lexical listings. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The import engine's vocabulary: work items (one manifest digest in one repository, with every tag
 * that must point at it), what became of each, and the report a run hands back.
 */
import type { AttributeReport } from './locks.js';

export type CopyMode = 'server' | 'client';

export interface WorkItem {
  repository: string;
  digest: string;
  mediaType: string;
  /** Tags that must point at `digest` in the target (after include-tags). Empty: an untagged item. */
  tags: string[];
  /** Every manifest digest below this one through index children (recursively), without itself. */
  closure: string[];
  /** For referrers: the manifest they refer to (imported first, by an earlier item). */
  subject?: string;
  /** Key (repository@digest) of the item that brings the subject; this item waits for it. */
  dependsOn?: string;
  /** 0 for images, indexes and untagged manifests; 1 + the subject item's phase for referrers. */
  phase: number;
  /** Bytes of the item's manifests and images as the plan records them (for progress). */
  bytes: number;
  /**
   * Client mode, targets without a referrers API: record this referrer in the OCI tag schema
   * (sha256-<hex>) on the target, because the plan holds no tag-schema index for its subject.
   */
  maintainTagSchema?: boolean;
  /** With refresh: each tag's digest in the previous plan, so a tag we moved ourselves is no conflict. */
  previousDigests?: Record<string, string>;
}

export function itemKey(item: Pick<WorkItem, 'repository' | 'digest'>): string {
  return `${item.repository}@${item.digest}`;
}

export interface TagConflict {
  tag: string;
  /** Digest the tag must point at (the source's, by the plan). */
  sourceDigest: string;
  /** Digest the tag points at in the target now. */
  targetDigest: string;
}

/** not-attempted: the run stopped (a permission error that every item would hit) before starting it. */
export type ItemStatus = 'imported' | 'skipped' | 'failed' | 'conflict' | 'not-attempted';

export interface ItemResult {
  repository: string;
  digest: string;
  tags: string[];
  status: ItemStatus;
  /** Why it failed or was refused (for people: what happened and what to do). */
  reason?: string;
  conflicts?: TagConflict[];
  /** Import submissions (server) or copy attempts (client) this run made for the item. */
  attempts: number;
  /** Tags this run overwrote (force, or a tag it had moved itself during an earlier delta sync). */
  overwritten?: string[];
  bytes: number;
  /** Failed with the error that stopped the run: reported once for all of them, not per item. */
  halted?: boolean;
}

export interface FilterReport {
  /** Repositories left out by include/exclude-repositories (and by prepare's own filters). */
  excludedRepositories: string[];
  /** Repositories in the plan that belong to other shards. */
  otherShardRepositories: number;
  /** Tags left out by include-tags, as repository:tag. */
  excludedTags: string[];
  /** Manifests that stay behind because every tag they carry was left out (and nothing needs them). */
  excludedManifests: string[];
}

export interface RepositoryCounts {
  repository: string;
  imported: number;
  skipped: number;
  failed: number;
  conflicts: number;
  notAttempted: number;
}

export interface EngineStats {
  /** ARM importImage requests sent (server mode), retries included. */
  armWrites: number;
  /** 429 answers seen (ARM writes and polls). */
  throttled: number;
  /** Times AIMD halved the concurrency and rate. */
  decreases: number;
  /** Imports resubmitted after their deadline passed. */
  resubmits: number;
  /** Concurrency at the end of the run (AIMD's window). */
  finalConcurrency: number;
  elapsedMs: number;
}

/** Why a run stopped starting new items: one failure that every further item would hit too. */
export interface RunHalt {
  /** The failure, naming what is missing (e.g. the permission and its scope). */
  message: string;
  hint?: string;
  /** Items the run did not start after it. */
  notAttempted: number;
  /** Items that failed with it (the first, and those already in flight). */
  failed: number;
}

export interface ImportReport {
  mode: CopyMode;
  items: ItemResult[];
  filtered: FilterReport;
  stats: EngineStats;
  halted?: RunHalt;
  /** Changeable attributes carried to the target (when the run was given them). */
  attributes?: AttributeReport;
}

export function countBy(items: readonly ItemResult[]) {
  const counts = { imported: 0, skipped: 0, failed: 0, conflicts: 0, conflictTags: 0, notAttempted: 0 };
  for (const item of items) {
    if (item.status === 'imported') counts.imported += 1;
    else if (item.status === 'skipped') counts.skipped += 1;
    else if (item.status === 'failed') counts.failed += 1;
    else if (item.status === 'not-attempted') counts.notAttempted += 1;
    else {
      counts.conflicts += 1;
      counts.conflictTags += item.conflicts?.length ?? 0;
    }
  }
  return counts;
}

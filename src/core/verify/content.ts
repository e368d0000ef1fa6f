/**
 * Content by content address: one HEAD per tag (does it resolve to the plan's digest?) and one HEAD
 * per untagged manifest, index child and referrer (is it there by digest?). Never a comparison of
 * listings: listings can be partial or lag behind, a HEAD by digest cannot claim something is there
 * that is not. HEAD is not a pull, so the target's pull metrics stay clean too.
 *
 * A difference the source itself explains is not a failure: a tag that moved on the source and the
 * target followed (drift carried by a delta sync), or a tag/manifest the source deleted.
 */
import type { RequestGate } from '../inventory/gate.js';
import type { RegistryClient } from '../oci/client.js';
import { headManifest } from '../oci/manifests.js';
import { mapWithLimit } from '../util/pool.js';
import type { RepositoryRecord } from '../plan/model.js';
import { checkAttributes } from './attributes.js';
import { checksOf, type ContentCheck } from './checks.js';
import type { ContentFailure, DriftItem, RepositoryCounts } from './model.js';

/** What the source did since the plan, per repository, as the content checks need it. */
export interface RepositoryDrift {
  /** tag → digest the source moved it to, when the target followed. */
  carriedMoves: Map<string, string>;
  /** Tags and untagged digests the source deleted. */
  removed: Set<string>;
}

export function driftByRepository(items: readonly DriftItem[]): Map<string, RepositoryDrift> {
  const result = new Map<string, RepositoryDrift>();
  for (const item of items) {
    const entry = result.get(item.repository) ?? { carriedMoves: new Map(), removed: new Set() };
    if (item.change === 'moved' && item.inTarget && item.tag) entry.carriedMoves.set(item.tag, item.digest);
    if (item.change === 'removed') entry.removed.add(item.tag ?? item.digest);
    result.set(item.repository, entry);
  }
  return result;
}

/**
 * Checks of one repository waiting for the shared gate at a time: the gate bounds the requests, this
 * bounds the promises, so a repository with 100,000 tags does not queue 100,000 of them at once.
 */
export const PENDING_PER_REPOSITORY = 64;

const NO_DRIFT: RepositoryDrift = { carriedMoves: new Map(), removed: new Set() };

async function runCheck(
  target: RegistryClient,
  repository: string,
  check: ContentCheck,
  drift: RepositoryDrift,
): Promise<ContentFailure | 'found' | 'explained'> {
  const reference = check.kind === 'tag' ? check.tag : check.digest;
  const head = await headManifest(target, repository, reference);
  if (head?.digest === check.digest) return 'found';
  if (head === undefined && drift.removed.has(reference)) return 'explained';
  if (check.kind === 'tag') {
    if (head && drift.carriedMoves.get(check.tag) === head.digest) return 'explained';
    return head
      ? { repository, kind: 'wrong-digest', reference, role: 'tagged', expected: check.digest, actual: head.digest }
      : { repository, kind: 'missing-tag', reference, role: 'tagged', expected: check.digest, actual: 'absent' };
  }
  return {
    repository,
    kind: 'missing-manifest',
    reference,
    role: check.role,
    ...(check.subject ? { subject: check.subject } : {}),
    expected: 'present',
    actual: 'absent',
  };
}

export interface RepositoryResult {
  counts: RepositoryCounts;
  failures: ContentFailure[];
}

/** Every check of one repository, through the shared gate; `onCheck` after each (progress). */
export async function verifyRepository(
  target: RegistryClient,
  repository: RepositoryRecord,
  drift: RepositoryDrift | undefined,
  gate: RequestGate,
  onCheck: () => void,
): Promise<RepositoryResult> {
  const { checks, manifests, tags, referrers } = checksOf(repository);
  const outcomes = await mapWithLimit(checks, PENDING_PER_REPOSITORY, async (check) => {
    const outcome = await gate.run(() => runCheck(target, repository.name, check, drift ?? NO_DRIFT));
    onCheck();
    return { check, outcome, failure: typeof outcome === 'object' ? outcome : undefined };
  });
  // Attributes are compared for manifests the target holds as the plan has them, and only those.
  const failedDigests = new Set<string>();
  const present = new Set<string>();
  for (const { check, outcome } of outcomes) {
    if (typeof outcome === 'object') failedDigests.add(check.digest);
    else if (outcome === 'found') present.add(check.digest);
  }
  for (const digest of failedDigests) present.delete(digest);
  const attributeFailures = await checkAttributes(target, repository, present, gate);
  for (const failure of attributeFailures) failedDigests.add(failure.reference);
  const failures = [...outcomes.flatMap((o) => (o.failure ? [o.failure] : [])), ...attributeFailures];
  const missing = failures.filter((f) => f.kind === 'missing-tag' || f.kind === 'missing-manifest').length;
  const verified = repository.manifests.filter((m) => !failedDigests.has(m.digest)).length;
  return {
    counts: {
      name: repository.name,
      manifests,
      tags,
      referrers,
      verified,
      missing,
      mismatched: failures.length - missing,
    },
    failures,
  };
}

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
import type { RepositoryRecord } from '../plan/model.js';
import { checkAttributes } from './attributes.js';
import { checksOf, type ContentCheck, type RepositoryChecks } from './checks.js';
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
): Promise<Outcome> {
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

type Outcome = ContentFailure | 'found' | 'explained';

/** Every check of one repository, through the shared gate; `onCheck` after each (progress). */
export async function verifyRepository(
  target: RegistryClient,
  repository: RepositoryRecord,
  drift: RepositoryDrift | undefined,
  gate: RequestGate,
  onCheck: () => void,
): Promise<RepositoryResult> {
  const drifts = new Map(drift ? [[repository.name, drift]] : []);
  const [result] = await verifyRepositories(target, [repository], drifts, gate, PENDING_PER_REPOSITORY, onCheck);
  return result!;
}

/** A repository whose checks are being handed out to the workers of verifyRepositories. */
interface InProgress {
  position: number;
  repository: RepositoryRecord;
  planned: RepositoryChecks;
  outcomes: Outcome[];
  handedOut: number;
  completed: number;
}

/**
 * Every repository's checks through one pool of `workers`: each worker takes the next check of the
 * repository in progress (in plan order), so a huge repository gets every worker and no check waits
 * queued. Queued checks (repositories in parallel, each with its own pending batch) were what lived
 * long enough to be promoted into V8's old space: at 100,000 tags that grew verify's heap by over
 * 100 MB of garbage before a full collection. Results are in plan order, failures in check order.
 */
export async function verifyRepositories(
  target: RegistryClient,
  repositories: readonly RepositoryRecord[],
  drift: ReadonlyMap<string, RepositoryDrift>,
  gate: RequestGate,
  workers: number,
  onCheck: () => void,
): Promise<RepositoryResult[]> {
  const results = new Array<RepositoryResult>(repositories.length);
  let nextRepository = 0;
  let current: InProgress | undefined;
  /** The next check to run ({ index }), or a repository without checks to summarise ({}). */
  const nextTask = (): { work: InProgress; index?: number } | undefined => {
    while (!current || current.handedOut === current.planned.checks.length) {
      if (nextRepository >= repositories.length) return undefined;
      const repository = repositories[nextRepository]!;
      const planned = checksOf(repository);
      current = { position: nextRepository++, repository, planned, outcomes: [], handedOut: 0, completed: 0 };
      if (planned.checks.length === 0) return { work: current };
    }
    return { work: current, index: current.handedOut++ };
  };
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    for (let task = nextTask(); task && !failure; task = nextTask()) {
      const { work, index } = task;
      try {
        if (index !== undefined) {
          const check = work.planned.checks[index]!;
          const repositoryDrift = drift.get(work.repository.name) ?? NO_DRIFT;
          work.outcomes[index] = await gate.run(() => runCheck(target, work.repository.name, check, repositoryDrift));
          onCheck();
          if (++work.completed < work.planned.checks.length) continue;
        }
        results[work.position] = await summarize(target, work.repository, work.planned, work.outcomes, gate);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, () => worker()));
  if (failure) throw failure.error;
  return results;
}

/** Counts and failures of one repository once all its checks are answered, its attributes compared. */
async function summarize(
  target: RegistryClient,
  repository: RepositoryRecord,
  { checks, manifests, tags, referrers }: RepositoryChecks,
  outcomes: readonly Outcome[],
  gate: RequestGate,
): Promise<RepositoryResult> {
  // Attributes are compared for manifests the target holds as the plan has them, and only those.
  const failedDigests = new Set<string>();
  const present = new Set<string>();
  const contentFailures: ContentFailure[] = [];
  outcomes.forEach((outcome, index) => {
    const { digest } = checks[index]!;
    if (typeof outcome === 'object') {
      failedDigests.add(digest);
      contentFailures.push(outcome);
    } else if (outcome === 'found') present.add(digest);
  });
  for (const digest of failedDigests) present.delete(digest);
  const attributeFailures = await checkAttributes(target, repository, present, gate);
  for (const failure of attributeFailures) failedDigests.add(failure.reference);
  const failures = [...contentFailures, ...attributeFailures];
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

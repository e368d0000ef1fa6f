/**
 * Step 3 of the engine: workers over the pending items, in work-list order, within the controller's
 * window; each item through runner.ts. Around them:
 * - a referrer waits for the item bringing its subject;
 * - a failure that stops the run (runner.ts) stops it here too: no worker starts another item, the
 *   ones in flight finish, and every item left is settled as not attempted;
 * - with attributes (locks.ts): locks in the way are lifted right before an item reads or writes, and
 *   a repository whose last item settled gets the plan's attributes at once (a crash later in the run
 *   leaves it locked as planned).
 */
import { mapWithLimit } from '../util/pool.js';
import type { ImportRequest } from './importer.js';
import type { AttributeKeeper } from './locks.js';
import { itemKey, type ItemResult, type WorkItem } from './model.js';
import { importItem, type RunnerContext } from './runner.js';

export interface Pending {
  item: WorkItem;
  request: ImportRequest;
  overwritten: string[];
  /** Listed as present but not vouched for by the progress file: verify before importing. */
  verifyFirst: boolean;
}

export const OK = new Set<ItemResult['status']>(['imported', 'skipped']);

export function baseResult(item: WorkItem, status: ItemResult['status'], extra: Partial<ItemResult> = {}): ItemResult {
  return {
    repository: item.repository,
    digest: item.digest,
    tags: item.tags,
    status,
    attempts: 0,
    bytes: item.bytes,
    ...extra,
  };
}

export interface Schedule {
  ctx: RunnerContext;
  /** Items still to run, in order. */
  pending: Pending[];
  /** Every item of the run by repository (settled ones included), and the repositories without items. */
  repositories: ReadonlyMap<string, readonly WorkItem[]>;
  /** Results so far (items settled while assessing). */
  results: Map<string, ItemResult>;
  settle: (result: ItemResult) => void;
  maxWorkers: number;
  keeper?: AttributeKeeper;
  /** Repositories finished at once (nothing pending). */
  finishConcurrency: number;
}

export async function runSchedule(schedule: Schedule): Promise<void> {
  const { ctx, pending, results, keeper } = schedule;
  const finished = new Map<string, { promise: Promise<ItemResult>; resolve: (r: ItemResult) => void }>();
  for (const entry of pending) {
    let resolve!: (r: ItemResult) => void;
    const promise = new Promise<ItemResult>((r) => (resolve = r));
    finished.set(itemKey(entry.item), { promise, resolve });
  }
  const outcomeOf = async (key: string) => results.get(key) ?? (await finished.get(key)?.promise);
  const finish = (repository: string) => {
    const items = schedule.repositories.get(repository) ?? [];
    return keeper?.finish(
      repository,
      items,
      items.map((item) => results.get(itemKey(item))!),
    );
  };
  const remaining = new Map<string, number>();
  for (const entry of pending) remaining.set(entry.item.repository, (remaining.get(entry.item.repository) ?? 0) + 1);
  const finishing: Array<Promise<void> | undefined> = [];
  let next = 0;
  const worker = async () => {
    while (next < pending.length) {
      const entry = pending[next++]!;
      const result = await runOne(ctx, entry, outcomeOf, keeper);
      schedule.settle(result);
      finished.get(itemKey(entry.item))!.resolve(result);
      const left = remaining.get(entry.item.repository)! - 1;
      remaining.set(entry.item.repository, left);
      if (left === 0) finishing.push(finish(entry.item.repository));
    }
  };
  const settledAlready = [...schedule.repositories.keys()].filter((repository) => !remaining.has(repository));
  await Promise.all([
    mapWithLimit(settledAlready, schedule.finishConcurrency, async (repository) => finish(repository)),
    ...Array.from({ length: Math.min(pending.length, schedule.maxWorkers) }, () => worker()),
  ]);
  await Promise.all(finishing);
}

function notAttempted(ctx: RunnerContext, item: WorkItem): ItemResult {
  return baseResult(item, 'not-attempted', {
    reason: `${itemKey(item)}: not attempted: ${ctx.halt.failure?.message ?? 'the run stopped'}`,
  });
}

async function runOne(
  ctx: RunnerContext,
  entry: Pending,
  outcomeOf: (key: string) => Promise<ItemResult | undefined>,
  keeper: AttributeKeeper | undefined,
): Promise<ItemResult> {
  const { item } = entry;
  if (ctx.halt.failure) return notAttempted(ctx, item);
  if (item.dependsOn) {
    const dependency = await outcomeOf(item.dependsOn);
    if (ctx.halt.failure) return notAttempted(ctx, item);
    if (dependency && !OK.has(dependency.status)) {
      return baseResult(item, 'failed', {
        reason: `${itemKey(item)}: not imported because its subject (${dependency.repository}@${dependency.digest}) did not make it into the target; fix that first.`,
      });
    }
  }
  const release = await ctx.controller.acquire();
  try {
    if (ctx.halt.failure) return notAttempted(ctx, item);
    if (entry.verifyFirst) {
      await keeper?.unlock(item, 'read');
      const verification = await ctx.verify(item, false);
      if (verification.problems.length === 0) return baseResult(item, 'skipped');
      ctx.log(
        `${itemKey(item)}: listed in the target but incomplete (${verification.problems[0]}); importing it again`,
      );
    }
    await keeper?.unlock(item, 'write');
    return await importItem(ctx, item, entry.request, entry.overwritten);
  } catch (error) {
    return baseResult(item, 'failed', { reason: `${itemKey(item)}: ${(error as Error).message}` });
  } finally {
    release();
  }
}

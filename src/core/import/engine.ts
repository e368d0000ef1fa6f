/**
 * The import engine: a work list in, a report out. Host-free and callable in-process (benchmarks
 * inject `timing` and `knobs`); the command (commands/import-artifacts.ts) builds its inputs.
 *
 * 1. Refuse what the mode cannot do (server: images with more than 50 manifests).
 * 2. Read the target once per repository (target-state.ts) and assess each item: present (skip),
 *    conflict (stop it), or import with the tags it lacks. Present items are skipped outright when
 *    the progress file vouches for them, else verified first (and repaired if that fails).
 * 3. Run the rest in work-list order (phases: referrers after the items bringing their subjects)
 *    through the ThrottleController's window, each item via runner.ts, verified before it counts
 *    (scheduler.ts). A permission error every item would hit stops the run early.
 * 4. With `attributes`: each repository gets the plan's changeable attributes once its last item
 *    made it — last, because a lock would refuse further imports (locks.ts lifts them for a re-run).
 * A finished job run again lists the target, finds everything present and sends no import at all.
 */
import type { RegistryClient } from '../oci/client.js';
import { mapWithLimit } from '../util/pool.js';
import type { AttributeStore, WantedAttributes } from './attributes.js';
import type { Importer } from './importer.js';
import { AttributeKeeper, type Hidden } from './locks.js';
import { itemKey, type EngineStats, type ImportReport, type ItemResult, type RunHalt, type WorkItem } from './model.js';
import { NO_JOURNAL, type ProgressJournal } from './progress-file.js';
import type { ImportProgressSink } from './progress.js';
import { registryVerifier, type RunHaltState, type RunnerContext, type RunnerKnobs } from './runner.js';
import { baseResult, OK, runSchedule, type Pending } from './scheduler.js';
import { assessItem, listAcrTargetState, probeTargetState, type TargetRepositoryState } from './target-state.js';
import { DEFAULT_AIMD, ThrottleController, type AimdKnobs } from './throttle/controller.js';
import { realTiming, type EngineTiming } from './throttle/timing.js';
import { ARM_WRITE_BUDGET, TokenBucket, type BucketShape } from './throttle/token-bucket.js';
import type { Verification } from './verify.js';
import type { WorkList } from './worklist.js';

export interface EngineKnobs extends RunnerKnobs {
  maxConcurrency: number;
  /** The shared write budget (server mode). */
  writeBudget: BucketShape;
  aimd: Omit<AimdKnobs, 'maxConcurrency'>;
  /** Target repositories read at once while assessing. */
  listConcurrency: number;
  /** Most manifests one image may have (server mode: importImage's 50); undefined: no limit. */
  manifestLimit?: number;
}

export const DEFAULT_KNOBS: EngineKnobs = {
  maxConcurrency: 64,
  importTimeoutMs: 600_000,
  maxResubmits: 2,
  maxTransientRetries: 4,
  maxThrottleRetries: 30,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  verifyBlobs: 'config',
  writeBudget: ARM_WRITE_BUDGET,
  aimd: DEFAULT_AIMD,
  listConcurrency: 8,
};

export interface EngineOptions {
  workList: WorkList;
  importer: Importer;
  /** The target's data plane: listings and verification (unless readTarget and verify replace them). */
  target?: RegistryClient;
  /** 'acr': one /acr/v1 listing per repository; 'probe': HEAD per digest and tag (other registries). */
  targetListing?: 'acr' | 'probe';
  /** Replaces the reading of the target (tests, benchmarks with a fake registry). */
  readTarget?: (repository: string, items: readonly WorkItem[]) => Promise<TargetRepositoryState>;
  force: boolean;
  knobs?: Partial<EngineKnobs>;
  timing?: EngineTiming;
  /** Share one controller with the ARM pipeline (server mode), or let the engine make one. */
  controller?: ThrottleController;
  journal?: ProgressJournal;
  progress?: ImportProgressSink;
  log?: (message: string) => void;
  /** Replaces the verification against `target` (tests, benchmarks with a fake registry). */
  verify?: (item: WorkItem, checkTags: boolean) => Promise<Verification>;
  /** Carry changeable attributes: what the target must have, and where they are read and written. */
  attributes?: { wanted: WantedAttributes; store: AttributeStore };
}

export function createController(
  knobs: Partial<EngineKnobs>,
  timing: EngineTiming,
  shaped: boolean,
): ThrottleController {
  const all = { ...DEFAULT_KNOBS, ...knobs };
  // Client copies are not ARM writes: an unbounded bucket leaves only the concurrency window.
  const shape = shaped ? all.writeBudget : { burst: Number.MAX_SAFE_INTEGER, refillPerSecond: Number.MAX_SAFE_INTEGER };
  return new ThrottleController(
    new TokenBucket(shape, timing),
    { ...all.aimd, maxConcurrency: all.maxConcurrency },
    timing,
  );
}

export async function runImportEngine(options: EngineOptions): Promise<ImportReport> {
  const timing = options.timing ?? realTiming;
  const knobs = { ...DEFAULT_KNOBS, ...options.knobs };
  const started = timing.now();
  const log = options.log ?? (() => undefined);
  const journal = options.journal ?? NO_JOURNAL;
  const controller = options.controller ?? createController(knobs, timing, options.importer.shaped);
  const stats: EngineStats = {
    armWrites: 0,
    throttled: 0,
    decreases: 0,
    resubmits: 0,
    finalConcurrency: 0,
    elapsedMs: 0,
  };
  const { items } = options.workList;
  const results = new Map<string, ItemResult>();
  const settle = (result: ItemResult) => {
    results.set(itemKey(result), result);
    if (OK.has(result.status)) journal.add(result.repository, result.digest);
    options.progress?.tick(result.bytes);
  };
  options.progress?.start(
    items.length,
    items.reduce((sum, item) => sum + item.bytes, 0),
  );

  const keeper = options.attributes
    ? new AttributeKeeper(options.attributes.store, options.attributes.wanted, log, knobs.listConcurrency)
    : undefined;
  const pending = await assess(options, knobs, settle, keeper);
  const verify = options.verify ?? registryVerifier(requireTarget(options), knobs.verifyBlobs);
  const halt: RunHaltState = {};
  const ctx: RunnerContext = { importer: options.importer, controller, verify, knobs, timing, stats, log, halt };
  await runSchedule({
    ctx,
    pending,
    repositories: byRepository(options.workList),
    results,
    settle,
    maxWorkers: knobs.maxConcurrency,
    keeper,
    finishConcurrency: knobs.listConcurrency,
  });

  try {
    await journal.flush();
  } catch (error) {
    log(
      `could not write the progress file (${(error as Error).message}); the next run verifies more, nothing else changes`,
    );
  }
  options.progress?.finish();
  Object.assign(stats, {
    armWrites: options.importer.writesSent ?? 0,
    throttled: Math.max(stats.throttled, controller.throttled),
    decreases: controller.decreases,
    finalConcurrency: controller.concurrency,
    elapsedMs: timing.now() - started,
  });
  const ordered = items.map((item) => results.get(itemKey(item))!);
  return {
    mode: options.importer.mode,
    items: ordered,
    filtered: options.workList.filtered,
    stats,
    ...(halt.failure ? { halted: haltOf(halt, ordered) } : {}),
    ...(keeper ? { attributes: keeper.report() } : {}),
  };
}

/** Items by repository, and the work list's repositories that have none (their attributes still apply). */
function byRepository(workList: WorkList): Map<string, WorkItem[]> {
  const map = new Map<string, WorkItem[]>(workList.repositories.map((name) => [name, []]));
  for (const item of workList.items) map.set(item.repository, [...(map.get(item.repository) ?? []), item]);
  return map;
}

function haltOf(halt: RunHaltState, results: readonly ItemResult[]): RunHalt {
  const failure = halt.failure!;
  return {
    message: failure.message,
    ...(failure.hint ? { hint: failure.hint } : {}),
    notAttempted: results.filter((r) => r.status === 'not-attempted').length,
    failed: results.filter((r) => r.halted).length,
  };
}

/** Step 1 and 2: refusals, one read of the target per repository, and the decision per item. */
async function assess(
  options: EngineOptions,
  knobs: EngineKnobs,
  settle: (r: ItemResult) => void,
  keeper: AttributeKeeper | undefined,
): Promise<Pending[]> {
  const journal = options.journal ?? NO_JOURNAL;
  const log = options.log ?? (() => undefined);
  const byRepository = new Map<string, WorkItem[]>();
  for (const item of options.workList.items) {
    const limit = knobs.manifestLimit;
    if (limit !== undefined && item.closure.length + 1 > limit) {
      settle(baseResult(item, 'failed', { reason: refusal(item, limit) }));
      continue;
    }
    byRepository.set(item.repository, [...(byRepository.get(item.repository) ?? []), item]);
  }
  const pending: Pending[] = [];
  await mapWithLimit([...byRepository], knobs.listConcurrency, async ([repository, repoItems]) => {
    const listed = options.readTarget
      ? await options.readTarget(repository, repoItems)
      : options.targetListing === 'probe'
        ? await probeTargetState(requireTarget(options), repository, repoItems, knobs.listConcurrency)
        : await listAcrTargetState(requireTarget(options), repository);
    const state = keeper ? withHidden(listed, await keeper.observe(repository, listed.attributes)) : listed;
    for (const item of repoItems) {
      const assessment = assessItem(item, state, options.force);
      if (assessment.kind === 'conflict') {
        settle(baseResult(item, 'conflict', { conflicts: assessment.conflicts, reason: conflictReason(item) }));
      } else if (assessment.kind === 'present') {
        if (journal.has(item.repository, item.digest)) settle(baseResult(item, 'skipped'));
        else if (keeper?.trusts(item)) {
          log(`${itemKey(item)}: listed, and read-locked as the plan wants (applied after verification): skipped`);
          settle(baseResult(item, 'skipped'));
        } else pending.push({ item, request: { item, tags: [], force: false }, overwritten: [], verifyFirst: true });
      } else {
        const request = { item, tags: assessment.tags, force: assessment.force };
        pending.push({ item, request, overwritten: assessment.overwritten, verifyFirst: false });
      }
    }
  });
  const order = new Map(options.workList.items.map((item, index) => [itemKey(item), index]));
  return pending.sort((a, b) => order.get(itemKey(a.item))! - order.get(itemKey(b.item))!);
}

/** The listing plus what it leaves out by design: manifests the target hides (listEnabled=false). */
function withHidden(state: TargetRepositoryState, hidden: Hidden): TargetRepositoryState {
  if (hidden.digests.size === 0) return state;
  return {
    hasManifest: (digest) => state.hasManifest(digest) || hidden.digests.has(digest),
    tagDigest: (tag) => state.tagDigest(tag) ?? hidden.tags.get(tag),
  };
}

function requireTarget(options: EngineOptions): RegistryClient {
  if (!options.target) throw new Error('runImportEngine needs `target` unless both readTarget and verify are given');
  return options.target;
}

function refusal(item: WorkItem, limit: number): string {
  return (
    `${itemKey(item)}: the image has ${item.closure.length + 1} manifests; server-side import copies at most ${limit} per image, so it was not attempted. ` +
    'Hint: move it with copy-mode: client (this runner streams it), e.g. in a separate run with include-repositories set to its repository.'
  );
}

function conflictReason(item: WorkItem): string {
  return `${itemKey(item)}: target tags point at other digests; nothing was imported for this item. Hint: set force: true to overwrite them, or remove those tags from the target.`;
}

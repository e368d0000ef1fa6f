/**
 * One item, from "the target lacks it" to a verified result, in either mode:
 *
 *   submit ─ok─► verify ─ok─► imported
 *     │            └─ problems: resubmit what is still missing (counts as a resubmit)
 *     ├─ 429: AIMD slows everyone down, wait (Retry-After, capped), submit again (not an attempt)
 *     ├─ deadline (import-timeout): verify — the import may have finished — else resubmit, at most twice
 *     ├─ transient (5xx, network, operation Failed/Canceled): verify if it was accepted, else back off
 *     │   with jitter and submit again, a bounded number of times
 *     ├─ conflict (a target tag exists): verify — it may be our own earlier attempt — else a conflict
 *     └─ permanent (400/401/403/404): fail at once, explained; one that every item would hit (a
 *        missing permission) halts the run: no item submits anything after it
 * The target decides, not the error: whatever went wrong, an item that verifies is imported.
 */
import type { RegistryClient } from '../oci/client.js';
import type { ClassifiedFailure, Importer, ImportRequest } from './importer.js';
import type { EngineStats, ItemResult, TagConflict, WorkItem } from './model.js';
import type { ThrottleController } from './throttle/controller.js';
import { backoffMs } from './throttle/retry-after.js';
import type { EngineTiming } from './throttle/timing.js';
import { verifyItem, type BlobCheck, type Verification } from './verify.js';

/** verify() of a RunnerContext against a real target registry. */
export function registryVerifier(target: RegistryClient, blobs: BlobCheck): RunnerContext['verify'] {
  return (item, checkTags) => verifyItem(target, item, { checkTags, blobs });
}

export interface RunnerKnobs {
  importTimeoutMs: number;
  /** Resubmissions after a deadline or a failed verification (the brief: at most twice). */
  maxResubmits: number;
  maxTransientRetries: number;
  maxThrottleRetries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  verifyBlobs: BlobCheck;
}

/** Shared by every item of a run: set once by the first failure that stops the run. */
export interface RunHaltState {
  failure?: ClassifiedFailure;
}

export interface RunnerContext {
  importer: Importer;
  controller: ThrottleController;
  /** Checks the item in the target (verify.ts against the target registry; fakes in tests). */
  verify(item: WorkItem, checkTags: boolean): Promise<Verification>;
  knobs: RunnerKnobs;
  timing: EngineTiming;
  stats: EngineStats;
  log: (message: string) => void;
  halt: RunHaltState;
}

class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
}

type Attempt =
  | { ok: true }
  | { ok: false; deadline: true; accepted: boolean }
  | { ok: false; deadline: false; accepted: boolean; failure: ClassifiedFailure };

async function attemptOnce(ctx: RunnerContext, request: ImportRequest): Promise<Attempt> {
  const deadline = new AbortController();
  const timer = new AbortController();
  void ctx.timing.sleep(ctx.knobs.importTimeoutMs, timer.signal).then(
    () => deadline.abort(new DeadlineExceeded(`no result within ${ctx.knobs.importTimeoutMs} ms`)),
    () => undefined,
  );
  let accepted = false;
  const hooks = {
    onAccepted: () => {
      accepted = true;
      if (ctx.importer.shaped) ctx.controller.onSuccess();
    },
  };
  try {
    await ctx.importer.run(request, deadline.signal, hooks);
    return { ok: true };
  } catch (error) {
    if (deadline.signal.aborted) return { ok: false, deadline: true, accepted };
    return { ok: false, deadline: false, accepted, failure: ctx.importer.classify(error) };
  } finally {
    timer.abort();
  }
}

function reference(item: WorkItem): string {
  return `${item.repository}@${item.digest}`;
}

export interface RunState {
  attempts: number;
  resubmits: number;
  transient: number;
  throttles: number;
}

/** Import one item whose assessment said "import" (or "present but unverified": tags empty). */
export async function importItem(
  ctx: RunnerContext,
  item: WorkItem,
  first: ImportRequest,
  overwritten: string[],
): Promise<ItemResult> {
  const state: RunState = { attempts: 0, resubmits: 0, transient: 0, throttles: 0 };
  const result = (status: ItemResult['status'], extra: Partial<ItemResult> = {}): ItemResult => ({
    repository: item.repository,
    digest: item.digest,
    tags: item.tags,
    status,
    attempts: state.attempts,
    bytes: item.bytes,
    ...(status === 'imported' && overwritten.length > 0 ? { overwritten } : {}),
    ...extra,
  });
  const verify = () => ctx.verify(item, true);
  const halted = () =>
    state.attempts === 0
      ? result('not-attempted', { reason: `${reference(item)}: not attempted: ${ctx.halt.failure!.message}` })
      : result('failed', { reason: explain(item, ctx.halt.failure!), halted: true });
  let request = first;
  for (;;) {
    if (ctx.halt.failure) return halted();
    if (ctx.importer.shaped) await ctx.controller.beforeRequest();
    if (ctx.halt.failure) return halted();
    state.attempts += 1;
    const attempt = await attemptOnce(ctx, request);
    if (attempt.ok) {
      const verification = await verify();
      if (verification.problems.length === 0) return result('imported');
      const next = retryAfterVerification(ctx, item, request, verification, state);
      if (typeof next === 'string') return result('failed', { reason: next });
      request = next;
      continue;
    }
    if (attempt.deadline) {
      const verification = await verify();
      if (verification.problems.length === 0) return result('imported');
      if (++state.resubmits > ctx.knobs.maxResubmits) {
        return result('failed', {
          reason: `${reference(item)}: no result within ${Math.round(ctx.knobs.importTimeoutMs / 1000)} s, ${state.attempts} times (${verification.problems.slice(0, 3).join('; ')}). Raise import-timeout, or run again later: the run resumes with what is missing.`,
        });
      }
      ctx.stats.resubmits += 1;
      ctx.log(`${reference(item)}: no result within the deadline; the target does not have it yet, resubmitting`);
      request = { ...request, tags: pendingTags(request, verification) };
      continue;
    }
    const { failure } = attempt;
    if (failure.kind === 'throttled') {
      ctx.stats.throttled += 1;
      const wait = ctx.controller.onThrottle(failure.retryAfterMs);
      if (++state.throttles > ctx.knobs.maxThrottleRetries) {
        return result('failed', {
          reason: `${reference(item)}: still throttled after ${state.throttles} tries. Lower max-concurrency or run again later.`,
        });
      }
      state.attempts -= 1; // a throttled request was refused before any work started
      ctx.log(`${reference(item)}: throttled, waiting ${wait} ms (concurrency now ${ctx.controller.concurrency})`);
      continue;
    }
    if (failure.kind === 'permanent') {
      if (!failure.stopsRun) return result('failed', { reason: explain(item, failure) });
      ctx.halt.failure ??= failure;
      return result('failed', { reason: explain(item, failure), halted: true });
    }
    const verification = attempt.accepted || failure.kind === 'conflict' ? await verify() : undefined;
    if (verification && verification.problems.length === 0) return result('imported');
    if (failure.kind === 'conflict') {
      const conflicts = conflictsOf(item, verification);
      if (conflicts.length > 0) return result('conflict', { conflicts, reason: explain(item, failure) });
    }
    if (++state.transient > ctx.knobs.maxTransientRetries) return result('failed', { reason: explain(item, failure) });
    const wait = backoffMs(state.transient, ctx.knobs.backoffBaseMs, ctx.knobs.backoffMaxMs, ctx.timing.random);
    ctx.log(`${reference(item)}: ${failure.message}; retrying in ${wait} ms`);
    await ctx.timing.sleep(wait);
    if (verification) request = { ...request, tags: pendingTags(request, verification) };
  }
}

/** Tags still to set: the missing ones (a wrong one stays in the request only when forcing). */
function pendingTags(request: ImportRequest, verification: Verification): string[] {
  const wrong = request.force ? verification.wrongTags.map((w) => w.tag) : [];
  return [...new Set([...verification.missingTags, ...wrong])].sort();
}

function retryAfterVerification(
  ctx: RunnerContext,
  item: WorkItem,
  request: ImportRequest,
  verification: Verification,
  state: RunState,
): ImportRequest | string {
  const foreign = request.force ? [] : verification.wrongTags;
  if (foreign.length > 0 || ++state.resubmits > ctx.knobs.maxResubmits) {
    return `${reference(item)}: imported, but the target does not hold it completely: ${verification.problems.slice(0, 5).join('; ')}.`;
  }
  ctx.stats.resubmits += 1;
  ctx.log(
    `${reference(item)}: verification found ${verification.problems.length} problem(s) (${verification.problems[0]}); importing again`,
  );
  return { ...request, tags: pendingTags(request, verification) };
}

function conflictsOf(item: WorkItem, verification: Verification | undefined): TagConflict[] {
  return (verification?.wrongTags ?? []).map((w) => ({
    tag: w.tag,
    sourceDigest: item.digest,
    targetDigest: w.targetDigest,
  }));
}

function explain(item: WorkItem, failure: ClassifiedFailure): string {
  return `${reference(item)}: ${failure.message}${failure.hint ? ` Hint: ${failure.hint}` : ''}`;
}

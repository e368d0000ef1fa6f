/**
 * Everything retire-source checks in Azure and in the registries before it changes anything. All
 * reads; each check that cannot be completed (no permission, unreachable) counts as failed, because
 * a precondition that could not be proven does not hold.
 */
import type { Registry } from '@azure/arm-containerregistry';
import { describeError } from '../errors.js';
import type { RegistryClient } from '../oci/client.js';
import type { RelocationPlan } from '../plan/model.js';
import type { PlanRegistry } from '../verify/registries.js';
import type { VerifyReport } from '../verify/model.js';
import { consumersPrecondition, locksPrecondition } from './access-checks.js';
import type { BrownoutRecord, Precondition, RetireMode } from './model.js';
import { idlePrecondition, sourceUnchangedPrecondition } from './source-checks.js';
import { targetPrecondition } from './target-check.js';

export interface RemoteCheckInput {
  plan: RelocationPlan;
  report: VerifyReport;
  mode: RetireMode;
  requireIdle: boolean;
  source: PlanRegistry & { registry: Registry };
  target: PlanRegistry;
  /** Data-plane clients; the source's is absent while an intact brownout closes it. */
  sourceData?: RegistryClient;
  targetData?: RegistryClient;
  /** An intact brownout that acted on this report: the source was closed from then on. */
  brownout?: BrownoutRecord;
  /** An intact brownout that acted on another report: the closed source cannot be re-read. */
  otherBrownout?: BrownoutRecord;
  concurrency: number;
  now: Date;
}

async function safely(id: string, what: string, check: () => Promise<Precondition>): Promise<Precondition> {
  try {
    return await check();
  } catch (error) {
    return {
      id,
      passed: false,
      message: `Could not check ${what}: ${describeError(error)}`,
      hint: 'A precondition that cannot be proven does not hold. Fix the cause and run again.',
    };
  }
}

function sourceCheck(input: RemoteCheckInput): Promise<Precondition> {
  if (input.brownout) {
    return Promise.resolve({
      id: 'source-unchanged',
      passed: true,
      message: `The source has been closed since ${input.brownout.disabledAt} (brownout after this report: public network access Disabled, repositories read- and write-disabled).`,
    });
  }
  if (input.otherBrownout) {
    return Promise.resolve({
      id: 'source-unchanged',
      passed: false,
      message: `The source has been closed by a brownout since ${input.otherBrownout.disabledAt}, which acted on another report (${input.otherBrownout.reportFingerprint}); the closed source cannot be re-read to compare with this one.`,
      hint: 'Use the plan and report of the run that disabled the source (its artifact holds them with retire-state.json), or restore the source and verify again.',
    });
  }
  return safely('source-unchanged', 'the source', () =>
    sourceUnchangedPrecondition(input.sourceData!, input.plan, input.report, input.concurrency),
  );
}

function targetCheck(input: RemoteCheckInput): Promise<Precondition> {
  const registry = input.target.registry;
  if (!registry || !input.targetData) {
    return Promise.resolve({
      id: 'target-complete',
      passed: false,
      message: `The target registry ${input.target.ref.name} does not exist.`,
      hint: 'The target must exist and hold everything before the source goes: run redeploy, import-artifacts and verify.',
    });
  }
  if (registry.provisioningState && registry.provisioningState !== 'Succeeded') {
    return Promise.resolve({
      id: 'target-complete',
      passed: false,
      message: `The target registry is in provisioning state ${registry.provisioningState}.`,
      hint: 'Wait until it is Succeeded, then run again.',
    });
  }
  return safely('target-complete', 'the target', () =>
    targetPrecondition(input.targetData!, input.plan, input.report, input.concurrency),
  );
}

export async function remotePreconditions(input: RemoteCheckInput): Promise<Precondition[]> {
  const targetId = input.target.registry?.id ?? input.plan.target.id;
  const abac = input.target.registry?.roleAssignmentMode === 'AbacRepositoryPermissions';
  const sourceId = input.source.registry.id ?? input.plan.source.id;
  return Promise.all([
    sourceCheck(input),
    targetCheck(input),
    safely('consumers-rewired', 'the consumers', () =>
      consumersPrecondition(input.target.clients.authorization, input.plan, targetId, abac),
    ),
    input.requireIdle
      ? safely('source-idle', "the source's usage", () =>
          idlePrecondition(input.source.clients.monitor, sourceId, input.report, input.now),
        )
      : Promise.resolve({
          id: 'source-idle',
          passed: true,
          message: "require-idle is false: the source's recent pulls and pushes were not checked.",
        }),
    safely('no-locks', 'the locks', () =>
      locksPrecondition(input.source.clients.locks, input.source.ref, sourceId, input.mode),
    ),
  ]);
}

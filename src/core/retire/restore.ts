/**
 * retire-source with restore: true — undo everything acr-relocate changed on the source, newest
 * change first: the brownout (retire-state.json: network access, then each repository's read/write
 * access), then freeze-source (freeze.json: each repository's writeEnabled before the freeze).
 *
 * Undoing is always allowed, so no verification report is needed; the caller has already checked
 * the confirmation before anything was read. Each record gets restoredAt once undone, so a re-run
 * sends nothing, and a run interrupted between the two finishes with the freeze.
 */
import type { FreezeRecord } from '../import/freeze.js';
import { restoreFreeze } from '../import/freeze.js';
import type { RegistryClient } from '../oci/client.js';
import type { PlanRegistry } from '../verify/registries.js';
import { restoreBrownout, type BrownoutTarget } from './brownout.js';
import type { BrownoutRecord, RetireOutcome } from './model.js';

export interface RestoreInput {
  relocationId: string;
  source: PlanRegistry;
  /** retire-state.json and freeze.json as read (any relocation, restored or not), with their paths. */
  brownout: { path: string; record?: BrownoutRecord };
  freeze: { path: string; record?: FreezeRecord };
  /** Opens the source's data plane (only when there is something to undo). */
  connect: (loginServer: string) => BrownoutTarget;
  fallbackLoginServer: string;
  concurrency: number;
  now: () => Date;
}

type Restored = Omit<RetireOutcome, 'preconditions'>;

function ofThisRelocation<T extends { relocationId: string }>(record: T | undefined, relocationId: string) {
  return record?.relocationId === relocationId ? record : undefined;
}

/** The writeEnabled values the brownout's restore puts back: the freeze's restore need not send them again. */
function writeEnabledSetBy(record: BrownoutRecord): Map<string, boolean> {
  const set = new Map<string, boolean>();
  for (const { name, previous } of record.repositories) {
    if (previous.writeEnabled !== undefined) set.set(name, previous.writeEnabled);
  }
  return set;
}

async function undoFreeze(
  data: RegistryClient,
  input: RestoreInput,
  record: FreezeRecord,
  alreadySet: ReadonlyMap<string, boolean>,
): Promise<string[]> {
  const result = await restoreFreeze(data, input.freeze.path, record, {
    now: input.now,
    concurrency: input.concurrency,
    alreadySet,
  });
  const actions = [
    `Restored writeEnabled of ${result.restored.length + result.unchanged.length} repositories frozen by freeze-source to their values before the freeze` +
      (result.unchanged.length > 0 ? ` (${result.unchanged.length} already had it from the brownout's restore).` : '.'),
  ];
  if (result.gone.length > 0) {
    actions.push(`${result.gone.length} frozen repositories no longer exist: ${result.gone.join(', ')}.`);
  }
  return actions;
}

export async function restoreEverything(input: RestoreInput): Promise<Restored> {
  const brownout = ofThisRelocation(input.brownout.record, input.relocationId);
  const freeze = ofThisRelocation(input.freeze.record, input.relocationId);
  if (!brownout && !freeze) {
    return {
      retired: 'none',
      actions: [],
      failure: `There is nothing of this relocation to restore: no brownout (${input.brownout.path}) and no freeze-source (${input.freeze.path}) for it.`,
    };
  }
  const pendingBrownout = brownout?.restoredAt ? undefined : brownout;
  const pendingFreeze = freeze?.restoredAt ? undefined : freeze;
  if (!pendingBrownout && !pendingFreeze) {
    const at = [brownout?.restoredAt, freeze?.restoredAt].filter((t): t is string => !!t).sort();
    return {
      retired: 'restored',
      actions: [`The source was already restored at ${at[at.length - 1]}; nothing changed.`],
    };
  }
  const registry = input.source.registry;
  if (!registry) {
    return {
      retired: 'none',
      actions: [],
      failure: `The source registry ${input.source.ref.name} no longer exists: there is nothing to restore.`,
    };
  }
  const target = input.connect(registry.loginServer ?? input.fallbackLoginServer);
  const actions: string[] = [];
  if (pendingBrownout) {
    const current = registry.publicNetworkAccess ?? 'Enabled';
    actions.push(...(await restoreBrownout(target, pendingBrownout, current, input.now)));
  }
  if (pendingFreeze) {
    const alreadySet = pendingBrownout ? writeEnabledSetBy(pendingBrownout) : new Map<string, boolean>();
    actions.push(...(await undoFreeze(target.data, input, pendingFreeze, alreadySet)));
  }
  return { retired: 'restored', actions };
}

/**
 * retire-source, host-free. The only code in acr-relocate that destroys anything, so it is built as
 * "check everything, then act": every precondition is read first (guards.ts, preconditions.ts) and
 * the first write request is sent only when all of them passed. A refusal changes nothing.
 *
 * Re-runs are safe: a source already deleted is success (never re-created); a brownout already in
 * place is left as it is; a brownout interrupted half-way is finished with the values recorded by
 * the first run; restore of a restored source does nothing.
 *
 * restore: true undoes everything acr-relocate changed on the source (the brownout, then
 * freeze-source; restore.ts). It needs the confirmation but no report: undoing is always allowed.
 */
import type { AzureConnection } from '../azure/clients.js';
import type { RegistryClient } from '../oci/client.js';
import type { RelocationPlan } from '../plan/model.js';
import { loadReport } from '../verify/io.js';
import { dataClient, readPlanRegistries, type PlanRegistry } from '../verify/registries.js';
import { activeFreeze, freezePathFor, readFreezeRecord, type FreezeRecord } from '../import/freeze.js';
import { disableSource, type BrownoutTarget } from './brownout.js';
import { awaitDeletion, deleteSource } from './deletion.js';
import { confirmationPrecondition, reportPreconditions } from './guards.js';
import type { BrownoutRecord, Precondition, RetireMode, RetireOutcome } from './model.js';
import { remotePreconditions } from './preconditions.js';
import { activeRecord, readRecord, recordPathFor } from './record.js';
import { restoreEverything } from './restore.js';

export interface RetireContext {
  plan: RelocationPlan;
  planPath: string;
  reportPath: string;
  confirmation: string;
  /** How the host spells confirm-source-registry, for messages. */
  confirmationLabel: string;
  mode: RetireMode;
  restore: boolean;
  maxReportAgeMinutes: number;
  requireIdle: boolean;
  connection: AzureConnection;
  onSecret: (value: string) => void;
  concurrency: number;
  now?: () => Date;
  pollIntervalMs?: number;
}

function refused(preconditions: Precondition[]): RetireOutcome {
  const failed = preconditions.filter((p) => !p.passed);
  return {
    retired: 'none',
    actions: [],
    preconditions,
    failure: `retire-source refused and changed nothing: ${failed.map((p) => p.message).join(' ')}`,
  };
}

class Clients {
  private readonly open: RegistryClient[] = [];
  constructor(private readonly context: RetireContext) {}
  data(loginServer: string): RegistryClient {
    const client = dataClient(this.context.connection, loginServer, this.context.onSecret, this.context.concurrency);
    this.open.push(client);
    return client;
  }
  close(): void {
    for (const client of this.open) client.close();
  }
}

function brownoutTarget(context: RetireContext, source: PlanRegistry, data: RegistryClient): BrownoutTarget {
  return {
    arm: source.clients.registries,
    ref: source.ref,
    data,
    recordPath: recordPathFor(context.planPath),
    concurrency: context.concurrency,
    pollIntervalMs: context.pollIntervalMs,
  };
}

async function retire(
  context: RetireContext,
  registries: { source: PlanRegistry; target: PlanRegistry },
  records: Records,
  clients: Clients,
  confirmation: Precondition,
): Promise<RetireOutcome> {
  const { plan, mode } = context;
  const record = records.brownout;
  const { source, target } = registries;
  const now = (context.now ?? (() => new Date()))();
  if (!source.registry) {
    if (mode === 'delete')
      return {
        retired: 'deleted',
        preconditions: [confirmation],
        actions: [`The source registry ${source.ref.name} no longer exists: it was deleted earlier. Nothing was sent.`],
      };
    return {
      retired: 'none',
      preconditions: [confirmation],
      actions: [],
      failure: `The source registry ${source.ref.name} does not exist: there is nothing to disable.`,
    };
  }
  if (mode === 'delete' && source.registry.provisioningState === 'Deleting') {
    // Under way already (an earlier run was interrupted while polling): wait, sending nothing.
    const action = await awaitDeletion(source.clients.registries, source.ref, context.pollIntervalMs);
    return { retired: 'deleted', preconditions: [confirmation], actions: [action] };
  }
  const publicNetworkAccess = source.registry.publicNetworkAccess ?? 'Enabled';
  const brownout = activeRecord(record, plan.relocationId);
  // Network access goes off last, so "Disabled" proves every repository was closed before it — unless it was off already.
  const finished = brownout && (brownout.completedAt || brownout.previousPublicNetworkAccess !== 'Disabled');
  const intact = finished && publicNetworkAccess === 'Disabled' ? brownout : undefined;
  if (mode === 'disable' && intact) {
    return {
      retired: 'disabled',
      preconditions: [confirmation],
      actions: [`The source has been disabled since ${intact.disabledAt} (brownout in place); nothing changed.`],
    };
  }
  const load = await loadReport(context.reportPath);
  const actsOnThisReport =
    intact && load.ok && load.report.fingerprint === intact.reportFingerprint ? intact : undefined;
  const local = reportPreconditions({
    plan,
    load,
    maxAgeMinutes: context.maxReportAgeMinutes,
    now,
    brownoutSince: actsOnThisReport ? new Date(actsOnThisReport.disabledAt) : undefined,
  });
  if (!local.report || local.preconditions.some((p) => !p.passed))
    return refused([confirmation, ...local.preconditions]);
  const report = local.report;
  const remote = await remotePreconditions({
    plan,
    report,
    mode,
    requireIdle: context.requireIdle,
    source: { ...source, registry: source.registry },
    target,
    sourceData: intact ? undefined : clients.data(source.registry.loginServer ?? plan.source.loginServer),
    targetData: target.registry?.loginServer ? clients.data(target.registry.loginServer) : undefined,
    brownout: actsOnThisReport,
    otherBrownout: intact && !actsOnThisReport ? intact : undefined,
    concurrency: context.concurrency,
    now,
  });
  const preconditions = [confirmation, ...local.preconditions, ...remote];
  if (remote.some((p) => !p.passed)) return refused(preconditions);

  if (mode === 'delete') {
    return {
      retired: 'deleted',
      preconditions,
      actions: [await deleteSource(source.clients.registries, source.ref, context.pollIntervalMs)],
    };
  }
  const data = clients.data(source.registry.loginServer ?? plan.source.loginServer);
  const { actions } = await disableSource(brownoutTarget(context, source, data), {
    earlier: brownout,
    base: {
      schemaVersion: 1,
      relocationId: plan.relocationId,
      sourceId: source.registry.id ?? plan.source.id,
      planFingerprint: plan.fingerprint,
      reportFingerprint: report.fingerprint,
    },
    currentPublicNetworkAccess: publicNetworkAccess,
    beforeFreeze: writeEnabledBeforeFreeze(activeFreeze(records.freeze, plan.relocationId)),
    now: context.now ?? (() => new Date()),
  });
  return {
    retired: 'disabled',
    preconditions,
    actions: [
      ...actions,
      `What was changed is recorded in ${recordPathFor(context.planPath)}; retire-source with restore: true puts it back.`,
    ],
  };
}

/** What acr-relocate recorded changing on the source, next to the plan. */
interface Records {
  brownout?: BrownoutRecord;
  /** Read only where it matters (brownout, restore): deletion does not depend on it. */
  freeze?: FreezeRecord;
}

function writeEnabledBeforeFreeze(freeze: FreezeRecord | undefined): Map<string, boolean> | undefined {
  return freeze && new Map(freeze.repositories.map((r) => [r.name, r.previousWriteEnabled]));
}

async function restore(
  context: RetireContext,
  source: PlanRegistry,
  records: Records,
  clients: Clients,
  confirmation: Precondition,
): Promise<RetireOutcome> {
  const outcome = await restoreEverything({
    relocationId: context.plan.relocationId,
    source,
    brownout: { path: recordPathFor(context.planPath), record: records.brownout },
    freeze: { path: freezePathFor(context.planPath), record: records.freeze },
    connect: (loginServer) => brownoutTarget(context, source, clients.data(loginServer)),
    fallbackLoginServer: context.plan.source.loginServer,
    concurrency: context.concurrency,
    now: context.now ?? (() => new Date()),
  });
  return { ...outcome, preconditions: [confirmation] };
}

export async function retireSource(context: RetireContext): Promise<RetireOutcome> {
  // The confirmation comes first, before anything is read: a typo never acts on (or reads) another registry.
  const confirmation = confirmationPrecondition(context.plan, context.confirmation, context.confirmationLabel);
  if (!confirmation.passed) return refused([confirmation]);
  const records: Records = { brownout: await readRecord(recordPathFor(context.planPath)) };
  if (context.restore || context.mode === 'disable') {
    records.freeze = await readFreezeRecord(freezePathFor(context.planPath));
  }
  const registries = await readPlanRegistries(context.connection, context.plan);
  const clients = new Clients(context);
  try {
    return context.restore
      ? await restore(context, registries.source, records, clients, confirmation)
      : await retire(context, registries, records, clients, confirmation);
  } finally {
    clients.close();
  }
}

/**
 * retire-source, host-free. The only code in acr-relocate that destroys anything, so it is built as
 * "check everything, then act": every precondition is read first (guards.ts, preconditions.ts) and
 * the first write request is sent only when all of them passed. A refusal changes nothing.
 *
 * Re-runs are safe: a source already deleted is success (never re-created); a brownout already in
 * place is left as it is; a brownout interrupted half-way is finished with the values recorded by
 * the first run; restore of a restored source does nothing.
 */
import type { AzureConnection } from '../azure/clients.js';
import type { RegistryClient } from '../oci/client.js';
import type { RelocationPlan } from '../plan/model.js';
import { loadReport } from '../verify/io.js';
import { dataClient, readPlanRegistries, type PlanRegistry } from '../verify/registries.js';
import { disableSource, restoreSource, type BrownoutTarget } from './brownout.js';
import { awaitDeletion, deleteSource } from './deletion.js';
import { confirmationPrecondition, reportPreconditions } from './guards.js';
import type { BrownoutRecord, Precondition, RetireMode, RetireOutcome } from './model.js';
import { remotePreconditions } from './preconditions.js';
import { activeRecord, readRecord, recordPathFor } from './record.js';

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

async function restore(
  context: RetireContext,
  source: PlanRegistry,
  record: BrownoutRecord | undefined,
  clients: Clients,
  confirmation: Precondition,
): Promise<RetireOutcome> {
  const base = { preconditions: [confirmation] };
  if (!record || record.relocationId !== context.plan.relocationId) {
    return {
      ...base,
      retired: 'none',
      actions: [],
      failure: `There is no brownout of this relocation to restore (no ${recordPathFor(context.planPath)} for it).`,
    };
  }
  if (record.restoredAt)
    return {
      ...base,
      retired: 'restored',
      actions: [`The source was already restored at ${record.restoredAt}; nothing changed.`],
    };
  if (!source.registry) {
    return {
      ...base,
      retired: 'none',
      actions: [],
      failure: `The source registry ${source.ref.name} no longer exists: there is nothing to restore.`,
    };
  }
  const data = clients.data(source.registry.loginServer ?? context.plan.source.loginServer);
  const now = context.now ?? (() => new Date());
  const actions = await restoreSource(
    brownoutTarget(context, source, data),
    record,
    source.registry.publicNetworkAccess ?? 'Enabled',
    now,
  );
  return { ...base, retired: 'restored', actions };
}

async function retire(
  context: RetireContext,
  registries: { source: PlanRegistry; target: PlanRegistry },
  record: BrownoutRecord | undefined,
  clients: Clients,
  confirmation: Precondition,
): Promise<RetireOutcome> {
  const { plan, mode } = context;
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

export async function retireSource(context: RetireContext): Promise<RetireOutcome> {
  const confirmation = confirmationPrecondition(context.plan, context.confirmation, context.confirmationLabel);
  if (!confirmation.passed) return refused([confirmation]);
  const record = await readRecord(recordPathFor(context.planPath));
  const registries = await readPlanRegistries(context.connection, context.plan);
  const clients = new Clients(context);
  try {
    return context.restore
      ? await restore(context, registries.source, record, clients, confirmation)
      : await retire(context, registries, record, clients, confirmation);
  } finally {
    clients.close();
  }
}

/**
 * Preconditions about the source: it did not change since the report (the same listing fingerprint
 * verify recorded, read the same way — see verify/source-snapshot.ts), and nobody used it since
 * verify started (Azure Monitor's SuccessfulPullCount / SuccessfulPushCount).
 *
 * The idle window starts when verify started: everything before (prepare's inventory, a client-mode
 * copy, a refresh) is this tool's own reading, which the metrics cannot tell from a consumer's.
 * verify and retire-source read the source only through ACR's metadata API, which is not a pull.
 */
import type { MonitorClient } from '@azure/arm-monitor';
import { azureCall } from '../azure/errors.js';
import type { RegistryClient } from '../oci/client.js';
import type { RelocationPlan } from '../plan/model.js';
import type { VerifyReport } from '../verify/model.js';
import { readSourceSnapshot } from '../verify/source-snapshot.js';
import type { Precondition } from './model.js';

const RERUN_VERIFY = 'Carry the change with import-artifacts (refresh: true), run verify again, then retire-source.';

export async function sourceUnchangedPrecondition(
  source: RegistryClient,
  plan: RelocationPlan,
  report: VerifyReport,
  concurrency: number,
): Promise<Precondition> {
  let fingerprint: string;
  try {
    fingerprint = (await readSourceSnapshot(source, plan.artifacts.excludedRepositories, concurrency)).fingerprint;
  } catch (error) {
    return {
      id: 'source-unchanged',
      passed: false,
      message: `Could not read the source to prove it did not change since the report: ${(error as Error).message}`,
      hint: "retire-source must re-read the source (metadata only). Check its network access and the identity's role on it.",
    };
  }
  if (fingerprint === report.source.inventoryFingerprint) {
    return {
      id: 'source-unchanged',
      passed: true,
      message: 'The source holds exactly what it held when verify ran (same tags and digests).',
    };
  }
  return {
    id: 'source-unchanged',
    passed: false,
    message: `The source changed since the report (inventory ${report.source.inventoryFingerprint} then, ${fingerprint} now): tags or manifests were pushed, moved or deleted.`,
    hint: RERUN_VERIFY,
  };
}

/** Metric buckets: minutes up to a day, then hours (Azure Monitor caps the points per query). */
function intervalFor(windowMs: number): string {
  return windowMs <= 24 * 3_600_000 ? 'PT1M' : 'PT1H';
}

export interface UsageCounts {
  pulls: number;
  pushes: number;
  from: string;
  to: string;
}

export async function readUsage(monitor: MonitorClient, sourceId: string, from: Date, to: Date): Promise<UsageCounts> {
  const response = await azureCall(`Reading pull and push metrics of ${sourceId}`, () =>
    monitor.metrics.list(sourceId, {
      metricnames: 'SuccessfulPullCount,SuccessfulPushCount',
      timespan: `${from.toISOString()}/${to.toISOString()}`,
      interval: intervalFor(to.getTime() - from.getTime()),
      aggregation: 'Total',
    }),
  );
  const total = (name: string) =>
    (response.value ?? [])
      .filter((metric) => metric.name?.value?.toLowerCase() === name.toLowerCase())
      .flatMap((metric) => metric.timeseries ?? [])
      .flatMap((series) => series.data ?? [])
      .reduce((sum, point) => sum + (point.total ?? 0), 0);
  return {
    pulls: total('SuccessfulPullCount'),
    pushes: total('SuccessfulPushCount'),
    from: from.toISOString(),
    to: to.toISOString(),
  };
}

export async function idlePrecondition(
  monitor: MonitorClient,
  sourceId: string,
  report: VerifyReport,
  now: Date,
): Promise<Precondition> {
  const from = new Date(report.startedAt);
  if (from.getTime() >= now.getTime()) {
    return { id: 'source-idle', passed: true, message: 'No time has passed since verify started: nothing to count.' };
  }
  const usage = await readUsage(monitor, sourceId, from, now);
  const window = `between ${usage.from} and ${usage.to}`;
  if (usage.pulls === 0 && usage.pushes === 0) {
    return { id: 'source-idle', passed: true, message: `The source had no successful pulls or pushes ${window}.` };
  }
  return {
    id: 'source-idle',
    passed: false,
    message: `The source is still in use: ${usage.pulls} successful pull(s) and ${usage.pushes} push(es) ${window}.`,
    hint: 'Something still pulls from or pushes to the source. Find it (diagnostic logs: ContainerRegistryRepositoryEvents), point it at the target (rewire-consumers), or set require-idle: false to retire anyway.',
  };
}

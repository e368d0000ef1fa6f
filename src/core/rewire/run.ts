/**
 * rewire-consumers, step by step. Order matters: nothing is changed before every precondition holds
 * (detach only in the brownout, a pull request service when one is asked for, the target exists);
 * pull grants exist and are visible before any workload is pointed at the target; the source is
 * detached last.
 */
import type { AzureClients } from '../azure/clients.js';
import type { CloudSettings } from '../azure/clouds.js';
import { RelocationError } from '../errors.js';
import type { RelocationPlan } from '../plan/model.js';
import { assertDetachAllowed, detachSource } from './access/detach.js';
import { pullRoleFor } from './access/names.js';
import { appGrantTool, grantAccess, type AccessDeps } from './access/step.js';
import { applyApps, inspectApps } from './apps/index.js';
import { resolveEndpoints, type Endpoints } from './endpoints.js';
import { rewriteWorkspace } from './files/workspace.js';
import { fileRows, publishFiles } from './publish.js';
import { requirePublisher, type PullRequestPublisher } from './pull-request.js';
import type { RewireReport } from './summary.js';

export interface RewireSettings {
  clusters: string[];
  detachSource: boolean;
  patterns: string[];
  openPullRequest: boolean;
  updateApps: boolean;
  dryRun: boolean;
  /** When retire-source's brownout record shows this relocation's source disabled (read only for detach-source). */
  brownoutSince?: string;
  /** How the host spells each input, for messages. */
  labels: { clusters: string; detach: string; patterns: string; pullRequest: string };
}

export interface RewireDeps extends AccessDeps {
  clients: AzureClients;
  cloud: CloudSettings;
}

function preconditions(
  deps: RewireDeps,
  settings: RewireSettings,
  endpoints: Endpoints,
): PullRequestPublisher | undefined {
  if (settings.detachSource) assertDetachAllowed(endpoints.source, settings.labels.detach, settings.brownoutSince);
  if (!endpoints.target.exists && !settings.dryRun) {
    throw new RelocationError(
      'NOT_FOUND',
      `The target registry ${endpoints.target.id} does not exist.`,
      'Run redeploy and import-artifacts first: consumers are re-pointed only once the content is in the target.',
    );
  }
  return settings.openPullRequest
    ? requirePublisher(deps.host.pullRequests, deps.host.name, settings.labels.pullRequest)
    : undefined;
}

export async function rewireConsumers(
  deps: RewireDeps,
  settings: RewireSettings,
  plan: RelocationPlan,
): Promise<RewireReport> {
  const { host } = deps;
  const endpoints = await resolveEndpoints(plan, deps.cloud, (id) => deps.clients.forSubscription(id).registries);
  const publisher = preconditions(deps, settings, endpoints);
  const context = {
    from: endpoints.source.loginServer,
    to: endpoints.target.loginServer,
    targetId: endpoints.target.id,
    pullRole: pullRoleFor(endpoints.target.abac),
    sourceName: plan.source.name,
    targetName: plan.target.name,
  };
  const clientsFor = (subscriptionId: string) => deps.clients.forSubscription(subscriptionId).consumers;
  const apps = await host.group('Reading apps', () => inspectApps(plan.consumers.apps, clientsFor, context));
  const { clusters: clusterIds, dryRun } = settings;
  const access = await host.group('Granting pull on the target', () =>
    grantAccess(deps, { plan, endpoints, apps, clusters: clusterIds, clustersLabel: settings.labels.clusters, dryRun }),
  );
  const tools = appGrantTool(deps, access, endpoints);
  const appRows = await host.group('Re-pointing apps', () =>
    applyApps(apps, { update: settings.updateApps, dryRun, tools }),
  );
  const files = await host.group('Rewriting image references in files', () =>
    rewriteWorkspace({
      workspace: host.workspace,
      patterns: settings.patterns,
      patternsLabel: settings.labels.patterns,
      from: context.from,
      to: context.to,
      dryRun,
    }),
  );
  const commands = apps.flatMap((a) =>
    a.command ? [{ name: `Recreate ${a.row.kind} ${a.row.name}`, command: a.command }] : [],
  );
  const report: RewireReport = { dryRun, endpoints, rows: [], grants: access.results, files, commands };
  const rows = [...access.rows, ...appRows, ...fileRows(report)];
  if (publisher && files.changes.length > 0) {
    rows.push(await host.group('Opening the pull request', () => publishFiles(host, publisher, plan, report)));
  }
  if (settings.detachSource) {
    rows.push(
      ...(await host.group('Detaching the source', () =>
        detachSource(access.gateway, access.clusters, endpoints.source, dryRun),
      )),
    );
  }
  report.rows = rows;
  return report;
}

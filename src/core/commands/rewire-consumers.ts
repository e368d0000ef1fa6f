/**
 * rewire-consumers: everything that pulled from the source pulls from the target (issue 8).
 *
 * Inputs are checked before signing in; the plan is proven (schema, fingerprint, no failed checks);
 * then src/core/rewire/run.ts does the work in a safe order. Outputs count what was done (in a dry
 * run: what a real run would do).
 */
import { AzureClients } from '../azure/clients.js';
import { resolveInsideWorkspace } from '../fs/paths.js';
import { realTiming } from '../import/throttle/timing.js';
import { assertNoFailedChecks, readPlan } from '../plan/io.js';
import { activeRecord, readRecord, recordPathFor } from '../retire/record.js';
import type { GrantResult } from '../rewire/access/grants.js';
import type { ConsumerKind } from '../rewire/model.js';
import { DEFAULT_VISIBILITY_WAIT, type Clock, type WaitKnobs } from '../rewire/access/wait.js';
import { rewireConsumers, type RewireSettings } from '../rewire/run.js';
import { renderRewireSummary, type RewireReport } from '../rewire/summary.js';
import type { Command, CommandContext, CommandResult } from './context.js';

function readSettings({ inputs, host }: CommandContext): RewireSettings & { planPath: string } {
  const label = (name: string) => host.inputLabel(name);
  return {
    planPath: resolveInsideWorkspace(
      host.workspace,
      inputs.string('plan-path') ?? 'relocation/plan.json',
      label('plan-path'),
    ),
    clusters: inputs.list('aks-clusters'),
    detachSource: inputs.boolean('detach-source'),
    patterns: inputs.list('rewrite-paths'),
    openPullRequest: inputs.boolean('open-pull-request'),
    updateApps: inputs.boolean('update-apps'),
    dryRun: inputs.boolean('dry-run'),
    labels: {
      clusters: label('aks-clusters'),
      detach: label('detach-source'),
      patterns: label('rewrite-paths'),
      pullRequest: label('open-pull-request'),
    },
  };
}

const APP_KINDS: ReadonlySet<ConsumerKind> = new Set<ConsumerKind>(['Web App', 'Container App', 'Container Instance']);
const GRANTED: ReadonlySet<GrantResult['status']> = new Set(['created', 'not-visible', 'would-create']);

export function rewireOutputs(report: RewireReport): Record<string, string> {
  const apps = report.rows.filter(
    (r) => APP_KINDS.has(r.kind) && (r.status === 'updated' || r.status === 'would update'),
  );
  return {
    'role-assignments-created': String(report.grants.filter((g) => GRANTED.has(g.status)).length),
    'files-changed': String(report.files.changes.length),
    'pull-request-url': report.pullRequest?.url ?? '',
    'apps-updated': String(apps.length),
  };
}

function failureOf(report: RewireReport): string | undefined {
  const failed = report.rows.filter((r) => r.status === 'failed');
  if (failed.length === 0) return undefined;
  return `${failed.length} consumer(s) could not be re-pointed: ${failed.map((r) => `${r.kind} ${r.name} (${r.note ?? 'failed'})`).join('; ')}.`;
}

/** The command, with its clock and waits injectable (tests run the visibility wait on a fast clock). */
export function createRewireConsumers(options: { clock?: Clock; wait?: WaitKnobs } = {}): Command {
  return {
    async run(context: CommandContext): Promise<CommandResult> {
      const settings = readSettings(context);
      const plan = await readPlan(settings.planPath);
      assertNoFailedChecks(plan);
      if (settings.detachSource) {
        const record = activeRecord(await readRecord(recordPathFor(settings.planPath)), plan.relocationId);
        settings.brownoutSince = record?.disabledAt;
      }
      const connection = { credential: await context.credential(), cloud: context.cloud };
      const clients = new AzureClients(connection, plan.target.subscriptionId);
      const deps = {
        host: context.host,
        clients,
        cloud: context.cloud,
        clock: options.clock ?? realTiming,
        wait: options.wait ?? DEFAULT_VISIBILITY_WAIT,
      };
      const report = await rewireConsumers(deps, settings, plan);
      const failure = failureOf(report);
      return { outputs: rewireOutputs(report), summary: renderRewireSummary(report), ...(failure ? { failure } : {}) };
    },
  };
}

export const rewireConsumersCommand: Command = createRewireConsumers();

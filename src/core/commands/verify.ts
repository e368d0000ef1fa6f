/**
 * verify: prove the target holds everything the plan holds — every tag by digest, every untagged
 * manifest, index child and referrer by digest, their attributes, the registry's settings and child
 * resources — and report what changed on the source since the plan. Writes verify-report.json (and
 * .md beside it) for retire-source and for the people who approve it. Reads only; never writes to
 * Azure or to either registry.
 */
import type { RegistryClient } from '../oci/client.js';
import { RelocationError } from '../errors.js';
import { resolveInsideWorkspace } from '../fs/paths.js';
import { assertNoFailedChecks, readPlan } from '../plan/io.js';
import { ProgressReporter } from '../progress.js';
import { TOOL_VERSION } from '../version.js';
import { writeReport } from '../verify/io.js';
import type { FailOn, VerifyReport } from '../verify/model.js';
import { dataClient, readPlanRegistries } from '../verify/registries.js';
import { renderReport } from '../verify/summary.js';
import { verifyRelocation } from '../verify/verifier.js';
import type { Command, CommandContext, CommandResult } from './context.js';

interface Settings {
  planPath: string;
  reportPath: string;
  failOn: FailOn;
  concurrency: number;
}

function readSettings({ inputs, host }: CommandContext): Settings {
  const inside = (name: string, fallback: string) =>
    resolveInsideWorkspace(host.workspace, inputs.string(name) ?? fallback, host.inputLabel(name));
  return {
    planPath: inside('plan-path', 'relocation/plan.json'),
    reportPath: inside('report-path', 'relocation/verify-report.json'),
    failOn: (inputs.string('fail-on') ?? 'mismatch') as FailOn,
    concurrency: inputs.integer('max-concurrency') ?? 64,
  };
}

/** Whether the step fails, by fail-on: mismatch (the target lacks something), drift (also: the source has more), never. */
export function failureOf(report: VerifyReport): string | undefined {
  const t = report.totals;
  const what = `${t.missing} missing, ${t.mismatched} mismatched (${t.settingsDifferences} settings)`;
  if (report.result.failOn === 'never') return undefined;
  if (!report.result.verified)
    return `The target does not hold everything the plan holds: ${what}. See the report for each item.`;
  if (report.result.failOn === 'drift' && t.outstandingDrift > 0) {
    return `The source changed since the plan and the target lacks ${t.outstandingDrift} of the changes: run import-artifacts with refresh: true, then verify again.`;
  }
  return undefined;
}

function outputsOf(report: VerifyReport, reportPath: string): Record<string, string> {
  return {
    verified: String(report.result.verified),
    'report-path': reportPath,
    'report-fingerprint': report.fingerprint,
    'missing-count': String(report.totals.missing),
    'mismatch-count': String(report.totals.mismatched),
    'drift-count': String(report.totals.outstandingDrift),
  };
}

async function run(context: CommandContext): Promise<CommandResult> {
  const { host } = context;
  const settings = readSettings(context);
  const plan = await readPlan(settings.planPath);
  assertNoFailedChecks(plan);
  const connection = { credential: await context.credential(), cloud: context.cloud };
  const { source, target } = await readPlanRegistries(connection, plan);
  if (!target.registry) {
    throw new RelocationError(
      'NOT_FOUND',
      `The target registry ${target.ref.name} does not exist in resource group ${target.ref.resourceGroup}.`,
      'Run redeploy and import-artifacts first.',
    );
  }
  if (!source.registry) {
    throw new RelocationError(
      'NOT_FOUND',
      `The source registry ${source.ref.name} does not exist (any more) in resource group ${source.ref.resourceGroup}.`,
      'verify compares the target with the source named in the plan; after retire-source deleted it there is nothing left to verify against.',
    );
  }
  const onSecret = (value: string) => host.setSecret(value);
  const sourceLogin = source.registry.loginServer ?? plan.source.loginServer;
  const clients: RegistryClient[] = [
    dataClient(connection, sourceLogin, onSecret, settings.concurrency),
    dataClient(connection, target.registry.loginServer ?? '', onSecret, settings.concurrency),
  ];
  const progress = new ProgressReporter(host, 'Verifying', 0, 'checks');
  try {
    const draft = await host.group(`Verifying ${target.ref.name} against the plan`, () =>
      verifyRelocation({
        plan,
        source: { client: clients[0]!, loginServer: sourceLogin },
        target: { client: clients[1]!, ref: target.ref, registry: target.registry!, clients: target.clients },
        concurrency: settings.concurrency,
        failOn: settings.failOn,
        toolVersion: TOOL_VERSION,
        progress: (done, total) => {
          progress.setTotal(total);
          progress.update(done);
        },
        log: (message) => host.debug(message),
      }),
    );
    progress.finish();
    const report = await writeReport(settings.reportPath, draft, renderReport);
    host.info(`Wrote ${settings.reportPath} (fingerprint ${report.fingerprint}).`);
    const failure = failureOf(report);
    return {
      outputs: outputsOf(report, settings.reportPath),
      summary: renderReport(report),
      ...(failure ? { failure } : {}),
    };
  } finally {
    for (const client of clients) client.close();
  }
}

export const verify: Command = { run };

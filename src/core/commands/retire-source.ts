/**
 * retire-source: after a human approved the verification report, take the source out of service —
 * a reversible brownout (retire-mode: disable) or deletion (delete). restore: true undoes what
 * acr-relocate changed on the source (the brownout, then import-artifacts' freeze-source). It
 * refuses, sending no write request at all, unless every precondition holds: the confirmation names
 * the source, the report is valid, passed, fresh and made for this plan, the source did not change
 * since, the target is complete, the plan's AKS clusters can pull from the target, the source is idle
 * (require-idle) and no lock stands in the way. restore needs only the confirmation. See
 * src/core/retire/retire.ts.
 */
import { resolveInsideWorkspace } from '../fs/paths.js';
import { readPlan } from '../plan/io.js';
import type { RetireMode } from '../retire/model.js';
import { retireSource } from '../retire/retire.js';
import { renderRetireSummary } from '../retire/summary.js';
import type { Command, CommandContext, CommandResult } from './context.js';

/** Data-plane requests in flight (re-reading the source, re-checking the target, brownout patches). */
const CONCURRENCY = 16;

export interface RetireOptions {
  /** Between polls of Azure's long-running operations (update, delete) when Azure gives no Retry-After. */
  pollIntervalMs?: number;
}

async function run(context: CommandContext, options: RetireOptions): Promise<CommandResult> {
  const { inputs, host } = context;
  const inside = (name: string, fallback: string) =>
    resolveInsideWorkspace(host.workspace, inputs.string(name) ?? fallback, host.inputLabel(name));
  const planPath = inside('plan-path', 'relocation/plan.json');
  const reportPath = inside('report-path', 'relocation/verify-report.json');
  const confirmationLabel = host.inputLabel('confirm-source-registry');
  const confirmation = inputs.requiredString('confirm-source-registry', confirmationLabel);
  const mode = (inputs.string('retire-mode') ?? 'disable') as RetireMode;
  const restore = inputs.boolean('restore');
  const plan = await readPlan(planPath);
  const outcome = await host.group(restore ? 'Restoring the source' : `Retiring the source (${mode})`, async () =>
    retireSource({
      plan,
      planPath,
      reportPath,
      confirmation,
      confirmationLabel,
      mode,
      restore,
      maxReportAgeMinutes: inputs.integer('max-report-age') ?? 60,
      requireIdle: inputs.boolean('require-idle'),
      connection: { credential: await context.credential(), cloud: context.cloud },
      onSecret: (value) => host.setSecret(value),
      concurrency: CONCURRENCY,
      pollIntervalMs: options.pollIntervalMs,
    }),
  );
  for (const action of outcome.actions) host.info(action);
  return {
    outputs: { retired: outcome.retired },
    summary: renderRetireSummary(outcome, plan.source.name, mode, restore),
    ...(outcome.failure ? { failure: outcome.failure } : {}),
  };
}

/** The command with other polling (tests poll the emulator fast). */
export function retireSourceWith(options: RetireOptions): Command {
  return { run: (context) => run(context, options) };
}

export const retireSourceCommand: Command = retireSourceWith({});

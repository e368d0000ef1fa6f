/**
 * The preconditions retire-source checks without asking anyone (pure): the confirmation typed in
 * the pipeline, and the verification report — readable and unedited (io.ts), made for this plan,
 * passed, and fresh.
 */
import type { RelocationPlan } from '../plan/model.js';
import type { ReportLoad } from '../verify/io.js';
import type { VerifyReport } from '../verify/model.js';
import type { Precondition } from './model.js';

const CLOCK_SKEW_MS = 5 * 60_000;

export function confirmationPrecondition(plan: RelocationPlan, confirmation: string, label: string): Precondition {
  // Registry names are case-insensitive in Azure: "Contoso" and "contoso" are the same registry.
  const passed = confirmation.trim().toLowerCase() === plan.source.name.toLowerCase();
  return passed
    ? { id: 'confirmation', passed, message: `${label} names the source registry ${plan.source.name}.` }
    : {
        id: 'confirmation',
        passed,
        message: `${label} is "${confirmation}", not the name of the source registry in the plan.`,
        hint: `Set ${label} to the name of the registry to retire, exactly as the plan has it (the source of this relocation).`,
      };
}

export interface ReportCheckInput {
  plan: RelocationPlan;
  load: ReportLoad;
  maxAgeMinutes: number;
  now: Date;
  /** Start of an intact brownout that acted on this report: the report's age is measured at that moment. */
  brownoutSince?: Date;
}

function freshness(report: VerifyReport, input: ReportCheckInput): Precondition {
  const created = Date.parse(report.createdAt);
  const at = input.brownoutSince ?? input.now;
  const ageMinutes = Math.floor((at.getTime() - created) / 60_000);
  const when = input.brownoutSince ? ' when the brownout began' : '';
  if (created - input.now.getTime() > CLOCK_SKEW_MS) {
    return {
      id: 'report-fresh',
      passed: false,
      message: `The report is dated ${report.createdAt}, in the future.`,
      hint: 'Check the clocks of the machines that ran verify and retire-source, then run verify again.',
    };
  }
  if (ageMinutes > input.maxAgeMinutes) {
    return {
      id: 'report-fresh',
      passed: false,
      message: `The report was ${ageMinutes} minutes old${when}; max-report-age allows ${input.maxAgeMinutes}.`,
      hint: 'Run verify again right before retire-source (the pipeline examples do), or raise max-report-age.',
    };
  }
  return {
    id: 'report-fresh',
    passed: true,
    message: `The report was ${Math.max(0, ageMinutes)} minute(s) old${when} (limit ${input.maxAgeMinutes}).`,
  };
}

/** The report preconditions, and the report when it could be read at all. */
export function reportPreconditions(input: ReportCheckInput): { preconditions: Precondition[]; report?: VerifyReport } {
  if (!input.load.ok) {
    return {
      preconditions: [{ id: 'report-valid', passed: false, message: input.load.reason, hint: input.load.hint }],
    };
  }
  const report = input.load.report;
  const t = report.totals;
  const preconditions: Precondition[] = [
    {
      id: 'report-valid',
      passed: true,
      message: `The report's fingerprint matches its content (${report.fingerprint}).`,
    },
    report.planFingerprint === input.plan.fingerprint
      ? { id: 'report-plan', passed: true, message: 'The report was made for this plan.' }
      : {
          id: 'report-plan',
          passed: false,
          message: `The report was made for plan ${report.planFingerprint}, not for this plan (${input.plan.fingerprint}).`,
          hint: 'Run verify with this plan, or give the plan the report was made for.',
        },
    report.result.passed
      ? {
          id: 'report-passed',
          passed: true,
          message: `The report passed: ${t.verified} of ${t.manifests} artifacts verified by digest, settings equal, no source change missing.`,
        }
      : {
          id: 'report-passed',
          passed: false,
          message: `The report did not pass: ${t.missing} missing, ${t.mismatched} mismatched, ${t.outstandingDrift} source change(s) not in the target.`,
          hint: 'Run import-artifacts (with refresh: true for source changes), fix the settings it lists, then verify again.',
        },
    freshness(report, input),
  ];
  return { preconditions, report };
}

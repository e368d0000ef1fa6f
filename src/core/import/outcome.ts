/**
 * A run's report as the command's result: the four outputs, and a failure (non-zero exit) naming
 * every item that failed or stopped on a conflict, and every repository whose changeable attributes
 * could not be applied, when there is any. A run stopped by an error every item would hit (a missing
 * permission) fails with that one error and the count of what it left, not with one line per item.
 */
import { countBy, type ImportReport } from './model.js';

const MAX_LINES = 50;

export function importOutputs(report: ImportReport): Record<string, string> {
  const counts = countBy(report.items);
  return {
    'imported-count': String(counts.imported),
    'skipped-count': String(counts.skipped),
    // Not attempted: could not be imported by this run either (the run stopped before them).
    'failed-count': String(counts.failed + counts.notAttempted),
    'conflict-count': String(counts.conflictTags),
  };
}

function itemLines(report: ImportReport): string[] {
  return report.items.flatMap((item) => {
    if (item.status === 'failed' && !item.halted) {
      return [`- ${item.reason ?? `${item.repository}@${item.digest}: failed`}`];
    }
    if (item.status !== 'conflict') return [];
    return (item.conflicts ?? []).map(
      (c) =>
        `- ${item.repository}:${c.tag}: the target has ${c.targetDigest}, the source ${c.sourceDigest} (conflict; force: true overwrites)`,
    );
  });
}

function headline(report: ImportReport): string {
  const counts = countBy(report.items);
  const rest = `${counts.imported} imported, ${counts.skipped} already there`;
  const halt = report.halted;
  if (halt) {
    return [
      `import-artifacts stopped: ${halt.message}`,
      `${halt.notAttempted} manifest(s) not attempted, ${halt.failed} refused with this error (the first and those already in flight); ${rest}.`,
      ...(halt.hint ? [`Hint: ${halt.hint}`] : []),
    ].join('\n');
  }
  const failed = counts.failed + counts.conflicts;
  if (failed === 0) {
    return `Every manifest is in the target (${rest}), but changeable attributes could not be applied:`;
  }
  return `${counts.failed} manifest(s) failed and ${counts.conflicts} stopped on ${counts.conflictTags} conflicting tag(s); everything else is in the target (${rest}).`;
}

export function importFailure(report: ImportReport): string | undefined {
  const counts = countBy(report.items);
  const attributeFailures = report.attributes?.failures ?? [];
  if (counts.failed + counts.conflicts + counts.notAttempted + attributeFailures.length === 0) return undefined;
  const lines = [...itemLines(report), ...attributeFailures.map((failure) => `- ${failure}`)];
  const shown = lines.slice(0, MAX_LINES);
  if (lines.length > MAX_LINES) shown.push(`- … and ${lines.length - MAX_LINES} more (see the summary).`);
  return [
    headline(report),
    ...shown,
    'Run import-artifacts again after fixing these: it resumes with what is missing.',
  ].join('\n');
}

/**
 * A run's report as the command's result: the four outputs, and a failure (non-zero exit) naming
 * every item that failed or stopped on a conflict, when there is any.
 */
import { countBy, type ImportReport } from './model.js';

const MAX_LINES = 50;

export function importOutputs(report: ImportReport): Record<string, string> {
  const counts = countBy(report.items);
  return {
    'imported-count': String(counts.imported),
    'skipped-count': String(counts.skipped),
    'failed-count': String(counts.failed),
    'conflict-count': String(counts.conflictTags),
  };
}

export function importFailure(report: ImportReport): string | undefined {
  const counts = countBy(report.items);
  if (counts.failed + counts.conflicts === 0) return undefined;
  const lines = report.items.flatMap((item) => {
    if (item.status === 'failed') return [`- ${item.reason ?? `${item.repository}@${item.digest}: failed`}`];
    if (item.status !== 'conflict') return [];
    return (item.conflicts ?? []).map(
      (c) =>
        `- ${item.repository}:${c.tag}: the target has ${c.targetDigest}, the source ${c.sourceDigest} (conflict; force: true overwrites)`,
    );
  });
  const shown = lines.slice(0, MAX_LINES);
  if (lines.length > MAX_LINES) shown.push(`- … and ${lines.length - MAX_LINES} more (see the summary).`);
  return [
    `${counts.failed} manifest(s) failed and ${counts.conflicts} stopped on ${counts.conflictTags} conflicting tag(s); everything else is in the target (${counts.imported} imported, ${counts.skipped} already there).`,
    ...shown,
    'Run import-artifacts again after fixing these: it resumes with what is missing.',
  ].join('\n');
}

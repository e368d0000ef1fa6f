/**
 * The Markdown people approve a deletion from: one headline that says whether every artifact was
 * found by digest, then tables (what failed with both sides, settings that differ, what changed on
 * the source). The same text is the job summary and verify-report.md. Registry strings are escaped;
 * long lists are cut with a count, the JSON report has everything.
 */
import { code, details, heading, table, type Cell } from '../report/markdown.js';
import type { ContentFailure, DriftItem, SettingDifference, VerifyReport } from './model.js';
import { isOutstanding } from './drift.js';

const MAX_ROWS = 200;
const REPOSITORY_ROWS = 50;

function section(title: string, headers: string[], rows: readonly Cell[][], total: number): string {
  const more = total > rows.length ? `\n\n… and ${total - rows.length} more in the JSON report.` : '';
  return `${heading(3, title)}\n\n${table(headers, rows)}${more}`;
}

export function headline(report: Pick<VerifyReport, 'totals' | 'result'>): string {
  const t = report.totals;
  if (report.result.verified) {
    const drift =
      t.outstandingDrift > 0
        ? ` — ⚠️ ${t.outstandingDrift} source change(s) since the plan are not in the target yet`
        : '';
    return `${report.result.passed ? '✅' : '⚠️'} ${t.verified} of ${t.manifests} artifacts verified by digest${drift}`;
  }
  const parts = [
    t.missing > 0 ? `${t.missing} missing` : '',
    t.mismatched - t.settingsDifferences > 0 ? `${t.mismatched - t.settingsDifferences} mismatched` : '',
    t.settingsDifferences > 0 ? `${t.settingsDifferences} setting(s) differ` : '',
  ].filter(Boolean);
  return `❌ ${t.verified} of ${t.manifests} artifacts verified by digest — ${parts.join(', ')}`;
}

function overview(report: VerifyReport): string {
  const t = report.totals;
  return table(
    ['', ''],
    [
      ['Source', { raw: code(`${report.source.name} (${report.source.loginServer})`) }],
      ['Target', { raw: code(`${report.target.name} (${report.target.loginServer})`) }],
      [
        'Repositories / manifests / tags / referrers',
        `${t.repositories} / ${t.manifests} / ${t.tags} / ${t.referrers}`,
      ],
      [
        'Missing / mismatched / settings differing',
        `${t.missing} / ${t.mismatched - t.settingsDifferences} / ${t.settingsDifferences}`,
      ],
      ['Source changes since the plan (not in the target)', `${t.drift} (${t.outstandingDrift})`],
      ['Plan fingerprint', { raw: code(report.planFingerprint) }],
      ['Report fingerprint', { raw: code(report.fingerprint) }],
      ['Verified at', report.createdAt],
    ],
  );
}

function repositories(report: VerifyReport): string {
  // Repositories with findings first, so they are never the ones cut off.
  const sorted = [...report.repositories].sort(
    (a, b) => b.missing + b.mismatched - (a.missing + a.mismatched) || a.name.localeCompare(b.name),
  );
  const rows = sorted
    .slice(0, REPOSITORY_ROWS)
    .map((r): Cell[] => [
      r.missing + r.mismatched === 0 ? '✅' : '❌',
      { raw: code(r.name) },
      r.manifests,
      r.tags,
      r.referrers,
      r.verified,
      r.missing,
      r.mismatched,
    ]);
  const body = section(
    'Repositories',
    ['', 'Repository', 'Manifests', 'Tags', 'Referrers', 'Verified', 'Missing', 'Mismatched'],
    rows,
    sorted.length,
  );
  return sorted.length > REPOSITORY_ROWS ? details(`${sorted.length} repositories`, body) : body;
}

const failureRow = (f: ContentFailure): Cell[] => [
  { raw: code(f.repository) },
  f.kind,
  { raw: f.reference ? code(f.reference) : '(repository)' },
  f.role ?? '',
  { raw: f.subject ? code(f.subject) : '' },
  { raw: code(f.expected) },
  { raw: code(f.actual) },
];

const settingRow = (d: SettingDifference): Cell[] => [
  { raw: code(d.resource) },
  { raw: d.path ? code(d.path) : '' },
  { raw: code(d.expected ?? '(absent)') },
  { raw: code(d.actual ?? '(absent)') },
];

const driftRow = (d: DriftItem): Cell[] => [
  { raw: code(d.repository) },
  d.change,
  { raw: d.tag ? code(d.tag) : '(untagged)' },
  { raw: code(d.digest) },
  { raw: d.previousDigest ? code(d.previousDigest) : '' },
  d.change === 'removed' ? 'not copied (deletions are never carried)' : d.inTarget ? 'yes' : 'no',
];

/** The whole summary (also written as verify-report.md). */
export function renderReport(report: VerifyReport): string {
  const parts = [heading(2, 'acr-relocate verify'), `**${headline(report)}**`, overview(report), repositories(report)];
  if (report.failures.length > 0) {
    const rows = report.failures.slice(0, MAX_ROWS).map(failureRow);
    parts.push(
      section(
        'Missing or different in the target',
        ['Repository', 'Problem', 'Tag / digest', 'Role', 'Subject', 'Source (plan)', 'Target'],
        rows,
        report.failures.length,
      ),
    );
  }
  if (report.settings.length > 0) {
    const rows = report.settings.slice(0, MAX_ROWS).map(settingRow);
    parts.push(
      section(
        'Settings and child resources that differ',
        ['Resource', 'Setting', 'Expected (plan, mapped)', 'Target'],
        rows,
        report.settings.length,
      ),
    );
  }
  if (report.drift.length > 0) {
    const rows = report.drift.slice(0, MAX_ROWS).map(driftRow);
    parts.push(
      section(
        'Changes on the source since the plan',
        ['Repository', 'Change', 'Tag', 'Digest now', 'Digest in the plan', 'In the target'],
        rows,
        report.drift.length,
      ),
    );
    if (report.drift.some(isOutstanding)) {
      parts.push('To carry them over, run `import-artifacts` with `refresh: true`, then `verify` again.');
    }
  }
  return `${parts.join('\n\n')}\n`;
}

/**
 * The job summary of import-artifacts: what moved per repository, why the run stopped early (if it
 * did), then every conflict (with both digests) and every failure (with its reason), the source's
 * drift, the changeable attributes carried, what the filters and shard left out, and how hard Azure
 * pushed back. Registry strings are escaped (report/markdown.ts); long
 * lists are cut with a count of what was left out, so a summary stays readable at 100,000 items.
 */
import { code, details, heading, table } from '../report/markdown.js';
import { countBy, type ImportReport, type RepositoryCounts } from './model.js';
import type { Drift } from './drift.js';
import { formatBytes } from './progress.js';
import { describeShard, type Shard } from './shard.js';

export interface SummaryContext {
  source: string;
  target: string;
  shard: Shard;
  drift: Drift;
  /** Tags that changed between the plan and the refreshed inventory (refresh only). */
  sincePlan?: Drift;
}

const MAX_ROWS = 200;

function limited<T>(rows: readonly T[], render: (row: T) => string[]): { rows: string[][]; more: string } {
  const shown = rows.slice(0, MAX_ROWS).map(render);
  return { rows: shown, more: rows.length > MAX_ROWS ? `\n\n… and ${rows.length - MAX_ROWS} more.` : '' };
}

export function repositoryCounts(report: ImportReport): RepositoryCounts[] {
  const byRepository = new Map<string, RepositoryCounts>();
  for (const item of report.items) {
    const counts = byRepository.get(item.repository) ?? {
      repository: item.repository,
      imported: 0,
      skipped: 0,
      failed: 0,
      conflicts: 0,
      notAttempted: 0,
    };
    if (item.status === 'imported') counts.imported += 1;
    else if (item.status === 'skipped') counts.skipped += 1;
    else if (item.status === 'failed') counts.failed += 1;
    else if (item.status === 'not-attempted') counts.notAttempted += 1;
    else counts.conflicts += 1;
    byRepository.set(item.repository, counts);
  }
  return [...byRepository.values()].sort((a, b) => (a.repository < b.repository ? -1 : 1));
}

function overview(report: ImportReport, context: SummaryContext): string {
  const c = countBy(report.items);
  const bytes = report.items.filter((i) => i.status === 'imported').reduce((sum, i) => sum + i.bytes, 0);
  const seconds = (report.stats.elapsedMs / 1000).toFixed(1);
  return [
    `${code(context.source)} → ${code(context.target)}, copy mode **${report.mode}**, shard ${describeShard(context.shard)}.`,
    '',
    `**${c.imported}** imported (${formatBytes(bytes)}), **${c.skipped}** already in the target, **${c.failed}** failed, **${c.conflicts}** stopped by ${c.conflictTags} conflicting tag(s)${c.notAttempted > 0 ? `, **${c.notAttempted}** not attempted` : ''}, in ${seconds} s.`,
  ].join('\n');
}

function stopped(report: ImportReport): string {
  const halt = report.halted;
  if (!halt) return '';
  return [
    heading(3, 'Stopped'),
    '',
    `The run stopped starting imports at the first error that every import would hit: ${halt.message}`,
    '',
    `${halt.notAttempted} manifest(s) not attempted; ${halt.failed} failed with this error (the first, and those already in flight).${halt.hint ? ` ${halt.hint}` : ''}`,
  ].join('\n');
}

function attributes(report: ImportReport): string {
  const a = report.attributes;
  if (!a) return '';
  const changed = a.repositoriesUpdated + a.manifestsUpdated + a.lifted + a.trusted;
  if (changed + a.waiting.length + a.failures.length === 0) return '';
  const lines = [
    `${a.repositoriesUpdated} repositories and ${a.manifestsUpdated} manifests got the plan's changeable attributes (writeEnabled, deleteEnabled, readEnabled, listEnabled), each once its repository was complete. Tag attributes are not recorded in the plan and are not carried.`,
  ];
  if (a.lifted > 0)
    lines.push(
      `${a.lifted} lock(s) in the target were lifted for this run's imports and verification; each then got the plan's value (or was put back, for a repository still incomplete).`,
    );
  if (a.trusted > 0)
    lines.push(`${a.trusted} manifest(s) read-locked as the plan wants were taken as present on the listing's word.`);
  if (a.waiting.length > 0)
    lines.push(
      details(
        `${a.waiting.length} repositories wait for their content before their attributes are applied`,
        a.waiting
          .slice(0, MAX_ROWS)
          .map((r) => `- ${code(r)}`)
          .join('\n'),
      ),
    );
  for (const failure of a.failures.slice(0, MAX_ROWS)) lines.push(`- ${failure}`);
  return `${heading(3, 'Changeable attributes')}\n\n${lines.join('\n\n')}`;
}

function perRepository(report: ImportReport): string {
  const halted = report.halted !== undefined;
  const { rows, more } = limited(repositoryCounts(report), (r) => [
    code(r.repository),
    String(r.imported),
    String(r.skipped),
    String(r.failed),
    String(r.conflicts),
    ...(halted ? [String(r.notAttempted)] : []),
  ]);
  return `${heading(3, 'Per repository')}\n\n${table(
    ['Repository', 'Imported', 'Skipped', 'Failed', 'Conflicts', ...(halted ? ['Not attempted'] : [])],
    rows.map((r) => [{ raw: r[0]! }, ...r.slice(1)]),
  )}${more}`;
}

function conflicts(report: ImportReport): string {
  const list = report.items.flatMap((item) => (item.conflicts ?? []).map((c) => ({ item, c })));
  if (list.length === 0) return '';
  const { rows, more } = limited(list, ({ item, c }) => [
    `${item.repository}:${c.tag}`,
    c.sourceDigest,
    c.targetDigest,
  ]);
  const body = table(
    ['Target tag', 'Source digest (wanted)', 'Target digest (now)'],
    rows.map((r) => r.map((cell) => ({ raw: code(cell) }))),
  );
  return `${heading(3, 'Conflicts')}\n\nThese tags already point at another digest in the target; their items were not imported. Set \`force: true\` to overwrite them.\n\n${body}${more}`;
}

function failures(report: ImportReport): string {
  // Those that failed with the error that stopped the run are counted under "Stopped" instead.
  const list = report.items.filter((item) => item.status === 'failed' && !item.halted);
  if (list.length === 0) return '';
  const { rows, more } = limited(list, (item) => [`${item.repository}@${item.digest}`, item.reason ?? 'failed']);
  const body = table(
    ['Manifest', 'Why'],
    rows.map(([ref, why]) => [{ raw: code(ref!) }, why!]),
  );
  return `${heading(3, 'Failures')}\n\n${body}${more}`;
}

function filtered(report: ImportReport): string {
  const f = report.filtered;
  const parts: string[] = [];
  if (f.excludedRepositories.length > 0)
    parts.push(
      details(
        `${f.excludedRepositories.length} repositories excluded by filters`,
        f.excludedRepositories
          .slice(0, MAX_ROWS)
          .map((r) => `- ${code(r)}`)
          .join('\n'),
      ),
    );
  if (f.otherShardRepositories > 0) parts.push(`${f.otherShardRepositories} repositories belong to other shards.`);
  if (f.excludedTags.length > 0)
    parts.push(
      details(
        `${f.excludedTags.length} tags left out by include-tags`,
        f.excludedTags
          .slice(0, MAX_ROWS)
          .map((t) => `- ${code(t)}`)
          .join('\n'),
      ),
    );
  if (f.excludedManifests.length > 0)
    parts.push(
      details(
        `${f.excludedManifests.length} manifests not carried (every tag left out)`,
        f.excludedManifests
          .slice(0, MAX_ROWS)
          .map((m) => `- ${code(m)}`)
          .join('\n'),
      ),
    );
  return parts.length > 0 ? `${heading(3, 'Left out')}\n\n${parts.join('\n\n')}` : '';
}

function driftSection(title: string, lead: string, drift: Drift | undefined): string {
  if (!drift || drift.moved.length + drift.added.length + drift.removed.length === 0) return '';
  const rows = [
    ...drift.moved.map((d) => [`${d.repository}:${d.tag}`, 'moved', `${d.carried} → ${d.now}`]),
    ...drift.added.map((d) => [`${d.repository}:${d.tag}`, 'added', d.digest]),
    ...drift.removed.map((d) => [`${d.repository}:${d.tag}`, 'removed', d.carried]),
  ];
  const { rows: shown, more } = limited(rows, (r) => r);
  return `${heading(3, title)}\n\n${lead}\n\n${table(
    ['Tag', 'Change', 'Digest'],
    shown.map(([t, c, d]) => [{ raw: code(t!) }, c!, { raw: code(d!) }]),
  )}${more}`;
}

function throttling(report: ImportReport): string {
  const s = report.stats;
  if (report.mode !== 'server') return '';
  return `Resource Manager: ${s.armWrites} import request(s), ${s.throttled} throttled (429), concurrency halved ${s.decreases} time(s), ending at ${s.finalConcurrency}; ${s.resubmits} resubmission(s) after a deadline or failed verification.`;
}

export function renderSummary(report: ImportReport, context: SummaryContext): string {
  return [
    heading(2, 'Import artifacts'),
    overview(report, context),
    stopped(report),
    perRepository(report),
    conflicts(report),
    failures(report),
    driftSection(
      'Source changed during the run',
      'The target holds the digests this run carried (imports are by digest). Run import-artifacts with `refresh: true` to carry these changes.',
      context.drift,
    ),
    driftSection(
      'Source changed since prepare',
      'The refreshed inventory was imported; these are the differences from the plan.',
      context.sincePlan,
    ),
    attributes(report),
    filtered(report),
    throttling(report),
  ]
    .filter((part) => part !== '')
    .join('\n\n')
    .concat('\n');
}

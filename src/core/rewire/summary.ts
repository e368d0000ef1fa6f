/**
 * The job summary of rewire-consumers: a table per consumer (before, after, status), the role
 * assignments, the files with their diff, what was seen but not edited, and commands left to run.
 * Everything from Azure or the repository is escaped (cells) or fenced (diff, commands).
 */
import { code, details, heading, table, type Cell } from '../report/markdown.js';
import type { GrantResult } from './access/grants.js';
import { roleLabel } from './access/names.js';
import type { Endpoints } from './endpoints.js';
import type { FilesReport } from './files/workspace.js';
import type { ConsumerRow } from './model.js';
import type { PullRequestResult } from './pull-request.js';

/** GitHub caps a step summary at 1 MiB; the diff gets at most this much of it. */
const MAX_DIFF_CHARS = 256 * 1024;

export interface RewireReport {
  dryRun: boolean;
  endpoints: Endpoints;
  rows: ConsumerRow[];
  grants: GrantResult[];
  files: FilesReport;
  pullRequest?: PullRequestResult;
  commands: Array<{ name: string; command: string }>;
}

/** A fenced block that the content cannot close, whatever backticks it holds. */
export function fenced(language: string, content: string): string {
  const longest = Math.max(2, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${content.endsWith('\n') ? content : `${content}\n`}${fence}`;
}

function consumerTable(rows: readonly ConsumerRow[]): string {
  const cells: Cell[][] = rows.map((r) => [r.kind, r.name, r.before, r.after, r.status, r.note]);
  return table(['Kind', 'Consumer', 'Before', 'After', 'Status', 'Note'], cells);
}

function grantTable(grants: readonly GrantResult[]): string {
  const rows: Cell[][] = grants.map((g) => [
    g.grant.consumer,
    { raw: code(g.grant.principalId) },
    roleLabel(g.grant.roleGuid),
    { raw: code(g.name) },
    g.status,
    g.waitedMs === undefined ? undefined : `${(g.waitedMs / 1000).toFixed(1)} s`,
  ]);
  return table(['For', 'Principal', 'Role on target', 'Assignment', 'Status', 'Visible after'], rows);
}

function filesSection(files: FilesReport, dryRun: boolean): string[] {
  const parts = [
    heading(3, `Files (${files.changes.length} of ${files.examined} examined ${dryRun ? 'would change' : 'changed'})`),
  ];
  if (files.changes.length > 0) {
    const diff = files.changes.map((c) => c.diff).join('');
    const shown = diff.length > MAX_DIFF_CHARS ? `${diff.slice(0, MAX_DIFF_CHARS)}\n… diff shortened …\n` : diff;
    parts.push(details('Diff', fenced('diff', shown)));
  }
  if (files.findings.length > 0) {
    const rows: Cell[][] = files.findings.map((f) => [`${f.path}:${f.line}`, f.reason, { raw: code(f.text) }]);
    parts.push(
      'References seen but not edited (change them by hand if they should follow):',
      table(['Where', 'Why', 'Line'], rows),
    );
  }
  if (files.skipped.length > 0) {
    parts.push(
      details(
        `Files not read (${files.skipped.length})`,
        table(
          ['File', 'Why'],
          files.skipped.map((s) => [s.path, s.reason]),
        ),
      ),
    );
  }
  return parts;
}

export function renderRewireSummary(report: RewireReport): string {
  const { source, target } = report.endpoints;
  const parts = [
    heading(2, 'rewire-consumers'),
    report.dryRun ? '**Dry run: nothing was changed.** Statuses say what a real run would do.' : '',
    `Consumers of ${code(source.loginServer)} now pull from ${code(target.loginServer)}` +
      (target.abac
        ? ' (ABAC repository permissions: pull is granted with Container Registry Repository Reader).'
        : '.'),
    heading(3, 'Consumers'),
    report.rows.length > 0 ? consumerTable(report.rows) : 'No consumers recorded in the plan.',
  ];
  if (report.grants.length > 0) parts.push(heading(3, 'Role assignments on the target'), grantTable(report.grants));
  parts.push(...filesSection(report.files, report.dryRun));
  if (report.commands.length > 0) {
    parts.push(
      heading(3, 'Commands to run'),
      ...report.commands.map((c) => `${c.name}:\n\n${fenced('sh', c.command)}`),
    );
  }
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}

/** The pull request's description: what changed and what was left alone (the diff is the PR itself). */
export function pullRequestBody(report: RewireReport, relocationId: string): string {
  const { source, target } = report.endpoints;
  const files: Cell[][] = report.files.changes.map((c) => [c.path, c.replaced]);
  const parts = [
    `Image references to ${code(source.loginServer)} now name ${code(target.loginServer)}, the relocated registry (acr-relocate, relocation ${code(relocationId)}).`,
    'Tags, digests, comments and formatting are unchanged; only the registry host was replaced.',
    table(['File', 'References'], files),
  ];
  if (report.files.findings.length > 0) {
    const rows: Cell[][] = report.files.findings.map((f) => [`${f.path}:${f.line}`, f.reason, { raw: code(f.text) }]);
    parts.push(
      'Seen but not edited (templated or not parseable; check by hand):',
      table(['Where', 'Why', 'Line'], rows),
    );
  }
  return `${parts.join('\n\n')}\n`;
}

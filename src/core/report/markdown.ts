/**
 * Markdown for job summaries. Cell text comes from registries and Azure, so it is escaped:
 * no table breaks (`|`, newlines), no HTML, no links or images smuggled in.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;');
}

/** Code-formatted cell: backticks inside cannot close the span (a longer fence is used). */
export function code(text: string): string {
  const clean = text.replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

export type Cell = string | number | boolean | undefined | { raw: string };

function renderCell(cell: Cell): string {
  if (cell === undefined) return '';
  if (typeof cell === 'object') return cell.raw;
  return escapeMarkdown(String(cell));
}

/** A GitHub-flavoured Markdown table. Cells are escaped unless given as `{ raw }` (already safe Markdown). */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const head = `| ${headers.map(escapeMarkdown).join(' | ')} |`;
  const rule = `|${headers.map(() => '---').join('|')}|`;
  const body = rows.map((row) => `| ${row.map(renderCell).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

export function heading(level: 1 | 2 | 3 | 4, text: string): string {
  return `${'#'.repeat(level)} ${escapeMarkdown(text)}`;
}

/** A collapsed section, for long lists people may want to open. */
export function details(summary: string, body: string): string {
  return `<details><summary>${escapeMarkdown(summary)}</summary>\n\n${body}\n\n</details>`;
}

export function statusIcon(status: 'pass' | 'warn' | 'fail'): string {
  return status === 'pass' ? '✅' : status === 'warn' ? '⚠️' : '❌';
}

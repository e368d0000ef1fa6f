/** bench/results.md: the table people read first, then each case's figures and notes. */
import type { BenchResults, CaseResult, Figure, Figures } from './results.js';

function cell(value: Figure | undefined): string {
  if (value === undefined || value === null) return '–';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : String(value);
  return String(value).replace(/\|/g, '\\|');
}

/** The one or two figures that say the most about a side, for the summary table. */
const HEADLINE: Record<string, string[]> = {
  'server-import-vs-runbook': ['wallMs', 'fractionOfWriteRefill', 'itemsLost'],
  'noop-rerun': ['wallMs', 'armWriteCalls'],
  'client-copy-vs-skopeo': ['wallMs', 'sourceBytesRead'],
  'inventory-100k': ['wallMs', 'peakRssMB'],
  'verify-100k': ['wallMs', 'peakRssMB'],
  'client-copy-1gib-memory': ['peakRssMB', 'wallMs'],
};

function headline(result: CaseResult, side: Figures): string {
  const keys = HEADLINE[result.name] ?? [];
  const parts = keys.filter((key) => key in side).map((key) => `${key} ${cell(side[key])}`);
  return parts.join(', ') || '–';
}

function status(result: CaseResult): string {
  if (result.broken) return '💥 broken';
  return result.met ? '✅ met' : '❌ missed';
}

function figuresTable(result: CaseResult): string[] {
  const keys = [...new Set([...Object.keys(result.ours), ...Object.keys(result.baseline)])];
  if (keys.length === 0) return [];
  return [
    '| figure | ours | baseline |',
    '| --- | ---: | ---: |',
    ...keys.map((key) => `| ${key} | ${cell(result.ours[key])} | ${cell(result.baseline[key])} |`),
  ];
}

function section(result: CaseResult): string[] {
  return [
    `## ${result.name} — ${status(result)}`,
    '',
    result.description,
    '',
    `- Goal: ${result.goal}`,
    `- Ratio: **${cell(result.ratio)}** (${result.ratioOf})`,
    ...(result.broken ? [`- Broken: ${result.broken.replace(/\n/g, ' ')}`] : []),
    ...result.notes.map((note) => `- ${note}`),
    '',
    ...figuresTable(result),
    '',
  ];
}

export function renderMarkdown(results: BenchResults): string {
  const { machine } = results;
  const lines = [
    '# Benchmarks',
    '',
    `\`npm run bench${results.mode === 'quick' ? ' -- --quick' : ''}\` — ${results.mode} mode (sizes × ${results.scale}), started ${results.startedAt}, took ${(results.durationMs / 60_000).toFixed(1)} min.`,
    `Every figure was measured in this one run, ours and its baseline side by side on the same machine; ratios, not absolute times, are what carry over to other machines.`,
    '',
    'How: ours runs as users run it — the acr-relocate CLI, or the import engine in client mode, in child processes whose wall time and peak RSS (VmHWM) are their own. The local Azure emulator runs inside the bench process; baselines (the runbook loop written with the Azure SDK, skopeo) run beside ours in the same process tree. Items lost are decided by the registries’ own storage, never by a tool’s report.',
    '',
    `Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, load average ${machine.loadAverage.start} → ${machine.loadAverage.end ?? '?'} (shared with other work); ${Object.entries(
      machine.tools,
    )
      .map(([tool, version]) => `${tool}: ${version}`)
      .join('; ')}; commit ${machine.commit}.`,
    '',
    '| case | ours | baseline | ratio | goal | result |',
    '| --- | --- | --- | ---: | --- | --- |',
    ...results.cases.map(
      (c) =>
        `| ${c.name} | ${headline(c, c.ours)} | ${headline(c, c.baseline)} | ${cell(c.ratio)} | ${cell(c.goal)} | ${status(c)} |`,
    ),
    '',
    ...results.cases.flatMap(section),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

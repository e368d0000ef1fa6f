/**
 * results.json and results.md from a run's results: the summary table shows each case's status and
 * headline figures, each case gets its goal, ratio, notes and figures, a broken case says why, and
 * text from figures cannot break the Markdown tables.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderMarkdown } from '../../../bench/lib/report.js';
import { brokenCase, round, writeResults, type BenchResults, type CaseResult } from '../../../bench/lib/results.js';

const met: CaseResult = {
  name: 'server-import-vs-runbook',
  description: 'Server-side import of 10 tags.',
  ours: { wallMs: 12_345, fractionOfWriteRefill: 0.97, itemsLost: 0 },
  baseline: { wallMs: 400_000, extrapolated: true, measuredTags: 3 },
  ratio: 32.4,
  ratioOf: 'baseline wall time / ours wall time',
  goal: 'ours ≥ 20× faster',
  met: true,
  notes: ['Baseline EXTRAPOLATED from 3 tags.'],
};

const missed: CaseResult = {
  name: 'client-copy-vs-skopeo',
  description: 'Client-side copy.',
  ours: { wallMs: 900, sourceBytesRead: 2_000, tool: 'a|b' },
  baseline: { wallMs: 1_000, sourceBytesRead: 1_000 },
  ratio: 1.11,
  ratioOf: 'skopeo wall time / ours wall time',
  goal: 'ours ≥ 2× faster',
  met: false,
  notes: ['MISSED speed: 1.11× instead of ≥ 2×.'],
};

function results(cases: CaseResult[]): BenchResults {
  return {
    machine: {
      os: 'Linux',
      cpu: 'Test CPU',
      cpus: 2,
      memoryGiB: 8,
      node: 'v20.0.0',
      loadAverage: { start: 1, end: 2 },
      tools: { skopeo: 'skopeo version 1.9.3' },
      commit: 'abc1234',
    },
    mode: 'quick',
    scale: 0.1,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 90_000,
    cases,
  };
}

describe('renderMarkdown', () => {
  const broken = brokenCase('verify-100k', 'verify at scale', 'peak RSS < 300 MB', new Error('verify exited 1'));
  const markdown = renderMarkdown(results([met, missed, broken]));

  it('opens with the mode, the machine and a summary row per case', () => {
    expect(markdown).toContain('`npm run bench -- --quick` — quick mode (sizes × 0.1)');
    expect(markdown).toContain('2 × Test CPU, 8 GiB');
    expect(markdown).toContain(
      '| server-import-vs-runbook | wallMs 12,345, fractionOfWriteRefill 0.97, itemsLost 0 | wallMs 400,000 | 32.4 | ours ≥ 20× faster | ✅ met |',
    );
    expect(markdown).toMatch(/\| client-copy-vs-skopeo \|.*\| ❌ missed \|/);
    expect(markdown).toMatch(/\| verify-100k \|.*\| 💥 broken \|/);
  });

  it('gives each case its ratio, notes and a figures table with both sides', () => {
    expect(markdown).toContain('- Ratio: **1.11** (skopeo wall time / ours wall time)');
    expect(markdown).toContain('- MISSED speed: 1.11× instead of ≥ 2×.');
    expect(markdown).toContain('| extrapolated | – | true |');
    expect(markdown).toContain('| sourceBytesRead | 2,000 | 1,000 |');
    expect(markdown).toContain('- Broken: verify exited 1');
  });

  it('escapes pipes that come from figures', () => {
    expect(markdown).toContain('| tool | a\\|b | – |');
  });
});

describe('writeResults', () => {
  it('writes results.json (the same object) and results.md', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
    try {
      const data = results([met]);
      const files = writeResults(dir, data, '# md\n');
      expect(files).toEqual([join(dir, 'results.json'), join(dir, 'results.md')]);
      expect(JSON.parse(readFileSync(files[0]!, 'utf8'))).toEqual(data);
      expect(readFileSync(files[1]!, 'utf8')).toBe('# md\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rounds figures to the digits asked', () => {
    expect(round(1.23456)).toBe(1.23);
    expect(round(1.23456, 3)).toBe(1.235);
    expect(round(29.449, 1)).toBe(29.4);
  });
});

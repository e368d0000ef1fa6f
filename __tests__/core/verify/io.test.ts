import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintOf } from '../../../src/core/plan/canonical.js';
import { loadReport, markdownPathOf, writeReport } from '../../../src/core/verify/io.js';
import { renderReport } from '../../../src/core/verify/summary.js';
import { sampleReport } from './support/report-fixture.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;

describe('verification report files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'report-'));
  });

  it('writes JSON with its fingerprint and the Markdown beside it, and reads them back', async () => {
    const path = join(dir, 'out', 'verify-report.json');
    const written = await writeReport(path, sampleReport(), renderReport);
    expect(written.fingerprint).toBe(fingerprintOf(sampleReport()));
    expect(await loadReport(path)).toEqual({ ok: true, report: written });
    expect(markdownPathOf(path)).toBe(join(dir, 'out', 'verify-report.md'));
    expect(await readFile(markdownPathOf(path), 'utf8')).toContain(written.fingerprint);
  });

  async function loadWith(change: (report: Record<string, unknown>) => void, refingerprint = true) {
    const path = join(dir, 'verify-report.json');
    const report = { ...structuredClone(sampleReport()) } as Record<string, unknown>;
    change(report);
    report.fingerprint = refingerprint ? fingerprintOf(report) : d('f');
    await writeFile(path, JSON.stringify(report));
    return loadReport(path);
  }

  type Change = ((report: Record<string, unknown>) => void) | null;
  const cases: Array<[string, Change, RegExp, boolean]> = [
    ['a missing file', null, /no verification report/, true],
    ['another schema version', (r) => void (r.schemaVersion = 2), /schemaVersion 2/, true],
    [
      'a member the schema does not know',
      (r) => void (r.approvedBy = 'me'),
      /must NOT have additional properties/,
      true,
    ],
    [
      'a failure without its target side',
      (r) => void delete (r.failures as Array<Record<string, unknown>>)[0]!.actual,
      /must have required property 'actual'/,
      true,
    ],
    [
      'a tampered count',
      (r) => void ((r.totals as Record<string, number>).missing = 0),
      /changed after verify wrote it/,
      false,
    ],
  ];
  it.each(cases)('refuses %s', async (_what, change, reason, refingerprint) => {
    const result = change === null ? await loadReport(join(dir, 'none.json')) : await loadWith(change, refingerprint);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('refuses text that is not JSON', async () => {
    await writeFile(join(dir, 'bad.json'), '{ nope');
    const result = await loadReport(join(dir, 'bad.json'));
    expect(!result.ok && result.reason).toMatch(/not valid JSON/);
  });
});

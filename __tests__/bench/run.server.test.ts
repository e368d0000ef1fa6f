/**
 * Smoke test of cases 1 and 2 at a hundredth of their size (1 repository, 100 tags): the product's
 * CLI (from the sources) and the runbook child against a throttled emulator, figures from the
 * request log, items checked in the registries' stores, then both no-op re-runs — so the bench code
 * cannot rot. Goals are not asserted at this size; what must hold is that nothing broke or got lost.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeOf, runBench } from '../../bench/run.js';

describe('npm run bench machinery: server-side import and no-op re-run', () => {
  let outDir: string;
  beforeAll(() => (outDir = mkdtempSync(join(tmpdir(), 'bench-smoke-server-'))));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('measures ours and the runbook side by side, loses nothing, and re-runs without writes', async () => {
    const results = await runBench({
      quick: true,
      scale: 0.01,
      only: ['server-import-vs-runbook'],
      outDir,
      log: () => undefined,
    });
    expect(results.cases.map((c) => [c.name, c.broken])).toEqual([
      ['server-import-vs-runbook', undefined],
      ['noop-rerun', undefined],
    ]);
    const [first, noop] = results.cases;
    expect(first!.ours).toMatchObject({ tags: 100, itemsLost: 0, failedCount: 0, tagsChecked: 100 });
    expect(first!.ours.importsAccepted).toBe(first!.ours.manifests);
    expect(first!.ours.importedCount).toBe(first!.ours.manifests);
    expect(first!.baseline).toMatchObject({
      totalTags: 100,
      measuredTags: 3,
      extrapolated: true,
      armWriteCallsMeasured: 3,
      failures: 0,
      lostAmongMeasured: 0,
      manifestsNeverCarried: 10,
    });
    expect(first!.ratio).toBeGreaterThan(0);
    expect(noop!.ours).toMatchObject({ armWriteCalls: 0, sameWorkspaceArmWriteCalls: 0 });
    expect(noop!.ours.skippedCount).toBe(first!.ours.manifests);
    expect(exitCodeOf(results)).toBe(0);
    const written = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as { cases: unknown[] };
    expect(written.cases).toHaveLength(2);
    expect(readFileSync(join(outDir, 'results.md'), 'utf8')).toContain('## noop-rerun');
  }, 120_000);
});

/**
 * Smoke test of case 4 at a hundredth of its size (1,000 tags over 10 repositories): prepare and
 * verify as CLI children with their peak memory, the target filled store-to-store in between.
 * verify must prove the target complete; the memory goal is not asserted at this size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeOf, runBench } from '../../bench/run.js';

describe('npm run bench machinery: inventory and verify at scale', () => {
  let outDir: string;
  beforeAll(() => (outDir = mkdtempSync(join(tmpdir(), 'bench-smoke-scale-'))));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('measures prepare and verify in child processes, and verify finds everything', async () => {
    const results = await runBench({
      quick: true,
      scale: 0.01,
      only: ['inventory-100k'],
      outDir,
      log: () => undefined,
    });
    expect(results.cases.map((c) => [c.name, c.broken])).toEqual([
      ['inventory-100k', undefined],
      ['verify-100k', undefined],
    ]);
    const [inventory, verify] = results.cases;
    expect(inventory!.ours).toMatchObject({ tags: 1_000, repositories: 10 });
    expect(inventory!.ours.manifests).toBe(verify!.ours.manifests);
    expect(verify!.notes.join(' ')).toContain('verified=true, missing 0, mismatched 0');
    for (const result of results.cases) {
      expect(result.ours.peakRssMB).toBeGreaterThan(10);
      expect(result.ratio).toBeCloseTo(Number(result.ours.peakRssMB) / 300, 1);
    }
    expect(exitCodeOf(results)).toBe(0);
  }, 120_000);
});

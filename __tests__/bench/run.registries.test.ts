/**
 * Smoke test of cases 3 and 5 at their smallest (20 images; a 10 MiB layer): real docker-registry
 * processes, the counting proxy, skopeo and our client copy in a child process, storage checked on
 * disk. Goals are not asserted at this size; nothing may break or get lost, and the figures must be
 * the ones measured (bytes through the proxy, peaks from the children).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeOf, runBench } from '../../bench/run.js';
import { requireTool } from '../helpers/tools.js';

const gate = requireTool('docker-registry', 'skopeo');

gate.describe('npm run bench machinery: client-side copy cases', () => {
  let outDir: string;
  beforeAll(() => (outDir = mkdtempSync(join(tmpdir(), 'bench-smoke-registries-'))));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('copies with ours and with skopeo through the counting proxy, and streams a large layer', async () => {
    const results = await runBench({
      quick: true,
      scale: 0.01,
      only: ['client-copy-vs-skopeo', 'client-copy-1gib-memory'],
      outDir,
      log: () => undefined,
    });
    expect(results.cases.map((c) => [c.name, c.broken])).toEqual([
      ['client-copy-vs-skopeo', undefined],
      ['client-copy-1gib-memory', undefined],
    ]);
    const [copy, memory] = results.cases;
    expect(copy!.ours).toMatchObject({ images: 20, items: 20, itemsLost: 0 });
    expect(copy!.baseline).toMatchObject({ images: 20, invocations: 2, failures: 0, itemsLost: 0 });
    // Both read at least every distinct byte once through the proxy.
    const distinct = Number(copy!.ours.distinctContentMB) * 1024 * 1024 * 0.99;
    expect(copy!.ours.sourceBytesRead).toBeGreaterThan(distinct);
    expect(copy!.baseline.sourceBytesRead).toBeGreaterThan(distinct);
    expect(copy!.ours.peakRssMB).toBeGreaterThan(10);
    expect(memory!.ours).toMatchObject({ layerMiB: 10, itemsLost: 0 });
    expect(memory!.baseline).toMatchObject({ tool: 'skopeo copy', exitCode: 0 });
    expect(memory!.ours.peakRssMB).toBeGreaterThan(10);
    expect(exitCodeOf(results)).toBe(0);
  }, 120_000);
});

/**
 * Child processes and their peak memory: a Node child that holds ~80 MB reports a peak above that
 * (its own VmHWM, written at exit), a small one well below; output, exit codes and JSON results
 * come back; a failing child is reported, not thrown.
 */
import { assertSucceeded, lastJsonLine, MB, runChild, runNode, runNodeModule } from '../../../bench/lib/processes.js';

const HOLD_80_MB = `const held = Buffer.alloc(80 * 1024 * 1024, 1); console.log(JSON.stringify({ held: held.length }));`;

describe('runNode and runChild', () => {
  it('measures the peak RSS of a Node child that holds 80 MB, and returns its JSON line', async () => {
    const run = await runNode(['-e', HOLD_80_MB]);
    assertSucceeded(run, 'the child');
    expect(lastJsonLine<{ held: number }>(run, 'the child')).toEqual({ held: 80 * MB });
    expect(run.peakRssBytes).toBeGreaterThan(80 * MB);
    expect(run.wallMs).toBeGreaterThan(0);
  });

  it('a small, short child peaks far lower (its exact peak, though it ends before the first sample)', async () => {
    const run = await runNode(['-e', 'console.log("{}")']);
    expect(run.code).toBe(0);
    expect(run.peakRssBytes).toBeGreaterThan(10 * MB);
    expect(run.peakRssBytes).toBeLessThan(80 * MB);
  });

  it('reports a failing child with its output instead of throwing', async () => {
    const run = await runNode(['-e', 'console.error("boom"); process.exit(3)']);
    expect(run.code).toBe(3);
    expect(() => assertSucceeded(run, 'the child')).toThrow(/the child failed \(exit 3\):\s+boom/);
    expect(() => lastJsonLine(run, 'the child')).toThrow(/printed no result/);
  });

  it('samples non-Node programs from outside, and reports a missing one as failed', async () => {
    const run = await runChild('/bin/sh', ['-c', 'sleep 0.3']);
    expect(run.code).toBe(0);
    expect(run.peakRssBytes).toBeGreaterThan(0);
    const missing = await runChild('/nonexistent/program', []);
    expect(missing.code).toBeNull();
    expect(missing.stderr).toMatch(/ENOENT/);
  });
});

describe('runNodeModule', () => {
  it('runs one of the project modules from its sources (under jest) with the peak reporter', async () => {
    const run = await runNodeModule('src/entrypoints/cli', ['--version']);
    assertSucceeded(run, 'acr-relocate --version');
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.peakRssBytes).toBeGreaterThan(10 * MB);
  });
});

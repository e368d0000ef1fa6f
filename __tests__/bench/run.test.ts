/**
 * The runner's command line and exit code: --quick writes to bench/out (the committed results stay),
 * --only and --out are honoured, and only a broken case (not a missed goal) fails the run.
 */
import { join } from 'node:path';
import { exitCodeOf, GROUPS, parseArguments } from '../../bench/run.js';
import { RESULTS_DIR } from '../../bench/lib/paths.js';
import { brokenCase, CASE_NAMES, type BenchResults, type CaseResult } from '../../bench/lib/results.js';

describe('parseArguments', () => {
  it('full mode writes next to the runner, quick mode into bench/out', () => {
    expect(parseArguments([])).toEqual({ quick: false, outDir: RESULTS_DIR });
    expect(parseArguments(['--quick'])).toEqual({ quick: true, outDir: join(RESULTS_DIR, 'out') });
    expect(RESULTS_DIR).toMatch(/bench$/);
  });

  it('takes --only and --out in both spellings', () => {
    expect(parseArguments(['--only', 'noop-rerun, verify-100k', '--out=/tmp/x'])).toEqual({
      quick: false,
      only: ['noop-rerun', 'verify-100k'],
      outDir: '/tmp/x',
    });
    expect(parseArguments(['--quick', '--only=client-copy-vs-skopeo', '--out', '/tmp/y'])).toMatchObject({
      only: ['client-copy-vs-skopeo'],
      outDir: '/tmp/y',
    });
  });
});

describe('the case groups', () => {
  it('cover every case name exactly once', () => {
    expect(GROUPS.flatMap((g) => g.names).sort()).toEqual([...CASE_NAMES].sort());
  });
});

describe('exitCodeOf', () => {
  const missed: CaseResult = {
    ...brokenCase('noop-rerun', 'x', 'y', new Error('e')),
    broken: undefined,
    met: false,
  };
  const withCases = (cases: CaseResult[]) => ({ cases }) as unknown as BenchResults;

  it('is 0 when goals are missed but nothing broke, 1 when a case broke', () => {
    expect(exitCodeOf(withCases([missed]))).toBe(0);
    expect(exitCodeOf(withCases([missed, brokenCase('verify-100k', 'x', 'y', new Error('lost 3 items'))]))).toBe(1);
  });
});

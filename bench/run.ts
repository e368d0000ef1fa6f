/**
 * `npm run bench [-- --quick] [--only a,b] [--out DIR]`: every case, ours and its baseline side by
 * side in this one run, written to results.json and results.md (bench/ in full mode, bench/out/ in
 * quick mode unless --out says otherwise). Goals are reported, never enforced: the exit code is 1
 * only when something broke (a command failed, items were lost), so CI can run --quick as a smoke test.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runClientCopyCase } from './cases/client-copy.js';
import { runCopyMemoryCase } from './cases/copy-memory.js';
import { runScaleCases } from './cases/scale.js';
import { runServerImportCases } from './cases/server-import.js';
import type { BenchContext } from './lib/context.js';
import { isMainModule } from '../scripts/metadata/project.js';
import { describeMachine, finishMachine } from './lib/machine.js';
import { RESULTS_DIR } from './lib/paths.js';
import { renderMarkdown } from './lib/report.js';
import { brokenCase, writeResults, type BenchResults, type CaseName, type CaseResult } from './lib/results.js';

interface CaseGroup {
  names: CaseName[];
  description: string;
  goal: string;
  run(context: BenchContext): Promise<CaseResult[]>;
}

/** In run order: the long server-side case first, while the machine is as fresh as it gets. */
export const GROUPS: CaseGroup[] = [
  {
    names: ['server-import-vs-runbook', 'noop-rerun'],
    description: 'server-side import vs. the runbook, then a no-op re-run',
    goal: 'see the case',
    run: runServerImportCases,
  },
  {
    names: ['client-copy-vs-skopeo'],
    description: 'client-side copy vs. skopeo sync',
    goal: '≥ 2× faster, ≤ 1× source bytes',
    run: async (context) => [await runClientCopyCase(context)],
  },
  {
    names: ['inventory-100k', 'verify-100k'],
    description: 'inventory and verify at scale',
    goal: 'peak RSS < 300 MB',
    run: runScaleCases,
  },
  {
    names: ['client-copy-1gib-memory'],
    description: 'memory while copying a 1 GiB layer',
    goal: 'peak RSS < 150 MB',
    run: async (context) => [await runCopyMemoryCase(context)],
  },
];

export interface RunOptions {
  quick: boolean;
  /** Overrides the size factor (tests run the machinery at tiny sizes); default 1, or 0.1 with quick. */
  scale?: number;
  only?: readonly string[];
  outDir: string;
  log?: (message: string) => void;
}

export function parseArguments(argv: readonly string[]): RunOptions {
  const quick = argv.includes('--quick');
  const value = (name: string) => {
    const inline = argv.find((a) => a.startsWith(`--${name}=`));
    if (inline) return inline.slice(name.length + 3);
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const only = value('only')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { quick, ...(only ? { only } : {}), outDir: value('out') ?? (quick ? join(RESULTS_DIR, 'out') : RESULTS_DIR) };
}

export async function runBench(options: RunOptions): Promise<BenchResults> {
  const log = options.log ?? ((message: string) => process.stderr.write(`[bench] ${message}\n`));
  const context: BenchContext = { quick: options.quick, scale: options.scale ?? (options.quick ? 0.1 : 1), log };
  const machine = describeMachine();
  const started = Date.now();
  const cases: CaseResult[] = [];
  const groups = GROUPS.filter((g) => !options.only || g.names.some((n) => options.only!.includes(n)));
  for (const group of groups) {
    const groupStarted = Date.now();
    log(`${group.description}…`);
    try {
      cases.push(...(await group.run(context)));
    } catch (error) {
      log(`${group.names.join(', ')}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      cases.push(...group.names.map((name) => brokenCase(name, group.description, group.goal, error)));
    }
    log(`${group.description}: ${((Date.now() - groupStarted) / 1000).toFixed(1)} s`);
  }
  const results: BenchResults = {
    machine: finishMachine(machine),
    mode: options.quick ? 'quick' : 'full',
    scale: context.scale,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    cases,
  };
  mkdirSync(options.outDir, { recursive: true });
  for (const file of writeResults(options.outDir, results, renderMarkdown(results))) log(`wrote ${file}`);
  return results;
}

export function exitCodeOf(results: BenchResults): number {
  return results.cases.some((c) => c.broken) ? 1 : 0;
}

if (isMainModule(import.meta.url)) {
  const results = await runBench(parseArguments(process.argv.slice(2)));
  for (const c of results.cases) {
    process.stdout.write(
      `${c.broken ? 'BROKEN' : c.met ? 'met   ' : 'missed'}  ${c.name}: ratio ${c.ratio ?? '–'} (${c.ratioOf}); goal ${c.goal}\n`,
    );
  }
  process.exitCode = exitCodeOf(results);
}

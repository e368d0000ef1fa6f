/**
 * Case 4: prepare's inventory and verify at scale — 100,000 tags over 1,000 repositories (`large`
 * seed) — each as the CLI in a child process, so wall time and peak RSS (VmHWM) are the command's own.
 *
 * Between the two, the target (created by redeploy, as in a relocation) gets the source's content
 * straight into its store, the way importImage copies it inside the registry: importing 77,000
 * manifests through a throttled ARM would take hours and is case 1's subject, not this one's.
 * verify then proves every tag and manifest by digest over HTTP like in any relocation.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryStore } from '../../emulator/src/acr/index.js';
import { copyManifest } from '../../emulator/src/acr/store/copy.js';
import { runCli, type CliRun } from '../lib/cli.js';
import { scaled, seconds, type BenchContext } from '../lib/context.js';
import { childEnvironment, mainPrincipal, startBenchEmulator, type Emulator } from '../lib/emulator.js';
import { assertSucceeded, MB } from '../lib/processes.js';
import { round, type CaseResult } from '../lib/results.js';

const RSS_GOAL_MB = 300;
const TARGET = 'acrbenchscale';
const BATCH = 500;

function storeOf(emulator: Emulator, name: string): RegistryStore {
  const runtime = emulator.dataPlanes.get(name);
  if (!runtime) throw new Error(`registry ${name} is not running in the emulator`);
  return runtime.store;
}

/** Every manifest (with its tags) of `source` into `target`, in batches, letting the emulator serve in between. */
async function copyContent(source: RegistryStore, target: RegistryStore): Promise<number> {
  let copied = 0;
  for (const repository of source.listRepositories()) {
    const manifests = source.listManifests(repository);
    for (let start = 0; start < manifests.length; start += BATCH) {
      target.batch(() => {
        for (const manifest of manifests.slice(start, start + BATCH)) {
          const tags = source.tagsOf(repository, manifest.digest);
          copyManifest({ store: source, repository }, { store: target, repository }, manifest.digest, { tags });
          copied += 1;
        }
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return copied;
}

export async function runScaleCases(context: BenchContext): Promise<CaseResult[]> {
  const size = { repositories: scaled(context, 1_000), tags: scaled(context, 100_000) };
  context.log(`case 4: seeding large:repos=${size.repositories},tags=${size.tags}`);
  const seedStarted = performance.now();
  const emulator = await startBenchEmulator({
    scenarios: [{ name: 'large', params: { repositories: size.repositories, tags: size.tags } }],
  });
  const workspace = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  try {
    const seedMs = performance.now() - seedStarted;
    const source = emulator.registries()[0]!;
    const cli = { workspace, env: childEnvironment(emulator, mainPrincipal(emulator)) };
    context.log(`case 4: prepare (seeded in ${seconds(seedMs)})`);
    const prepare = await runCli(
      'prepare',
      { 'source-registry': source.resourceId, 'target-registry': TARGET, 'target-location': 'northeurope' },
      cli,
    );
    assertSucceeded(prepare, 'prepare');
    const planMB = statSync(join(workspace, 'relocation', 'plan.json')).size / MB;
    assertSucceeded(await runCli('redeploy', {}, cli), 'redeploy');
    const manifests = await copyContent(storeOf(emulator, source.name), storeOf(emulator, TARGET));
    context.log(`case 4: verify (${manifests} manifests in the target)`);
    const verify = await runCli('verify', {}, cli);
    return [
      scaleResult('inventory-100k', { size, run: prepare, manifests, planMB }, [
        `prepare as a whole (sign-in, ARM readers, prerequisite checks, the artifact inventory with its completeness proof, plan.json written); the emulator seeded the source in ${round(seedMs / 1000, 1)} s.`,
      ]),
      scaleResult('verify-100k', { size, run: verify, manifests, planMB }, [
        `verify as a whole: the source listed again for drift, then one HEAD per tag and per untagged manifest, child and referrer on the target, settings and child resources compared; outputs verified=${verify.outputs.verified ?? '?'}, missing ${verify.outputs['missing-count'] ?? '?'}, mismatched ${verify.outputs['mismatch-count'] ?? '?'}.`,
        `The target's content was copied store-to-store inside the emulator (as importImage does), not imported through ARM.`,
      ]),
    ];
  } finally {
    await emulator.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

interface ScaleRun {
  size: { repositories: number; tags: number };
  run: CliRun;
  manifests: number;
  /** Size of the plan.json prepare wrote. */
  planMB: number;
}

/** Why memory grows with the registry, per command (the structure of the code, not a guess at numbers). */
const GROWTH: Record<'inventory-100k' | 'verify-100k', string> = {
  'inventory-100k':
    'prepare holds the inventory as objects (the plan is hashed and written in pieces, never as one string), and V8 sets its next full collection from the live heap at the last one, up to four times it',
  'verify-100k':
    "verify holds the plan's objects (read from bytes, never as one string) and, while it lists the source for drift, that listing; V8 sets its next full collection from the live heap at the last one, up to four times it, so the peak varies from run to run with when that collection happened, and the garbage of 100,000 HTTPS requests fills the room it leaves",
};

function scaleResult(
  name: 'inventory-100k' | 'verify-100k',
  { size, run, manifests, planMB }: ScaleRun,
  notes: string[],
): CaseResult {
  const peakMB = run.peakRssBytes / MB;
  const failed = run.code !== 0;
  const met = !failed && peakMB < RSS_GOAL_MB;
  const command = name === 'inventory-100k' ? 'prepare' : 'verify';
  if (!failed && !met) {
    notes.push(
      `MISSED: peak RSS ${round(peakMB, 1)} MB, ${round(peakMB - RSS_GOAL_MB, 1)} MB (${round((100 * (peakMB - RSS_GOAL_MB)) / RSS_GOAL_MB, 1)} %) over the ${RSS_GOAL_MB} MB budget. The plan of this registry is ${round(planMB, 1)} MB of JSON; ${GROWTH[name]}, so memory grows with the registry.`,
    );
  }
  return {
    name,
    description: `${command} over ${size.tags.toLocaleString('en-US')} tags / ${manifests.toLocaleString('en-US')} manifests in ${size.repositories.toLocaleString('en-US')} repositories, CLI in a child process.`,
    ours: {
      tags: size.tags,
      repositories: size.repositories,
      manifests,
      wallMs: Math.round(run.wallMs),
      peakRssMB: round(peakMB, 1),
      planMB: round(planMB, 1),
      tagsPerSecond: Math.round(size.tags / (run.wallMs / 1000)),
    },
    baseline: { peakRssBudgetMB: RSS_GOAL_MB },
    ratio: round(peakMB / RSS_GOAL_MB, 2),
    ratioOf: 'ours peak RSS / 300 MB budget',
    goal: `peak RSS < ${RSS_GOAL_MB} MB`,
    met,
    notes,
    ...(failed ? { broken: `${command} exited ${run.code ?? run.signal}: ${run.stderr.slice(-800)}` } : {}),
  };
}

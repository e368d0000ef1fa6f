/**
 * Cases 1 and 2: server-side import of a `large` source (10,000 tags over 100 repositories, about
 * 1.3 tags per digest, plus referrers) with ARM throttling at Azure's limits and a fixed import
 * latency, against the runbook loop running at the same time into a separate fresh target under a
 * principal of its own (ARM budgets are per principal, so neither eats into the other's).
 *
 * Ours is the product's CLI, as a pipeline runs it: prepare (the plan), redeploy (the target), then
 * import-artifacts. Afterwards the registries themselves decide what was lost. Case 2 then runs
 * import-artifacts again on the finished relocation, twice: in the same workspace (its progress file
 * present) and as a fresh runner would (only the plan), and counts the ARM writes it sends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunbookConfig, RunbookFigures } from '../children/runbook.js';
import { runCli, type CliRun } from '../lib/cli.js';
import { scaled, seconds, type BenchContext } from '../lib/context.js';
import {
  addContributor,
  armTraffic,
  childEnvironment,
  mainPrincipal,
  registryManagement,
  startBenchEmulator,
  type ArmTraffic,
  type Emulator,
} from '../lib/emulator.js';
import { assertSucceeded, lastJsonLine, runNodeModule } from '../lib/processes.js';
import type { CaseResult } from '../lib/results.js';
import { compareStores, compareTags, untaggedManifests, type ContentCheck } from '../lib/store-check.js';
import { noopCase, serverImportCase } from './server-import-figures.js';

/** The emulator's shape of ARM and of an import, for both sides alike. */
export const SERVER_SETTINGS = {
  /** Extra duration of every importImage operation (a small image's import takes seconds in Azure). */
  importLatencyMs: 1_500,
  /** Retry-After (s) on importImage's 202 and its polls: both clients poll once a second. */
  retryAfterSeconds: 1,
  /** ARM's write budget per principal (Azure's published limits; the emulator's default). */
  writeBurst: 200,
  writeRefillPerSecond: 10,
  /** Ours: max-concurrency, enough in-flight imports to keep up with the refill at ~2 s each. */
  maxConcurrency: 32,
  /** The baseline imports every n-th tag of its listing and is extrapolated to all of them. */
  sampleEvery: 40,
};

const OURS_TARGET = 'acrbenchours';
const RUNBOOK_TARGET = 'acrbenchrunbook';

export interface ServerImportRun {
  size: { repositories: number; tags: number };
  manifests: number;
  prepare: CliRun;
  ours: CliRun;
  oursTraffic: ArmTraffic;
  oursContent: ContentCheck;
  baseline: RunbookFigures;
  baselineTraffic: ArmTraffic;
  baselineContent: ContentCheck;
  neverCarriedByTag: number;
  noop: { sameWorkspace: CliRun; freshRunner: CliRun; sameTraffic: ArmTraffic; freshTraffic: ArmTraffic };
  noopContent: ContentCheck;
}

function storeOf(emulator: Emulator, name: string) {
  const runtime = emulator.dataPlanes.get(name);
  if (!runtime) throw new Error(`registry ${name} is not running in the emulator`);
  return runtime.store;
}

export async function runServerImportCases(context: BenchContext): Promise<CaseResult[]> {
  const run = await measure(context);
  const first = serverImportCase(run);
  return [first, noopCase(run, first)];
}

async function measure(context: BenchContext): Promise<ServerImportRun> {
  const size = { repositories: scaled(context, 100), tags: scaled(context, 10_000) };
  context.log(`case 1: seeding large:repos=${size.repositories},tags=${size.tags}`);
  const emulator = await startBenchEmulator({
    scenarios: [{ name: 'large', params: { repositories: size.repositories, tags: size.tags } }],
    throttling: {
      writes: { burst: SERVER_SETTINGS.writeBurst, refillPerSecond: SERVER_SETTINGS.writeRefillPerSecond },
    },
    importLatencyMs: SERVER_SETTINGS.importLatencyMs,
    lro: { durationMs: 20, retryAfterSeconds: SERVER_SETTINGS.retryAfterSeconds },
  });
  const workspace = mkdtempSync(join(tmpdir(), 'bench-server-import-'));
  try {
    const source = emulator.registries()[0]!;
    const sourceStore = storeOf(emulator, source.name);
    const manifests = sourceStore.listRepositories().reduce((n, r) => n + sourceStore.listManifests(r).length, 0);
    const main = mainPrincipal(emulator);
    const cli = { workspace, env: childEnvironment(emulator, main) };

    context.log('case 1: prepare, redeploy');
    const prepare = await runCli(
      'prepare',
      { 'source-registry': source.resourceId, 'target-registry': OURS_TARGET, 'target-location': 'northeurope' },
      cli,
    );
    assertSucceeded(prepare, 'prepare');
    assertSucceeded(await runCli('redeploy', {}, cli), 'redeploy');
    const runbookPrincipal = await addContributor(emulator, 'runbook');
    await registryManagement(emulator).registries.beginCreateAndWait(
      source.resourceGroup,
      RUNBOOK_TARGET,
      { location: 'northeurope', sku: { name: 'Premium' } },
      { updateIntervalInMs: 50 },
    );

    // Both principals start with a full ARM budget, at the same moment.
    emulator.arm.throttle.configure({});
    const startSeq = emulator.requests.lastSeq();
    const config: RunbookConfig = {
      subscriptionId: emulator.subscriptionId,
      sourceId: source.resourceId,
      sourceLoginServer: source.loginServer,
      targetResourceGroup: source.resourceGroup,
      targetName: RUNBOOK_TARGET,
      sampleEvery: SERVER_SETTINGS.sampleEvery,
    };
    context.log(
      `case 1: import-artifacts (${manifests} manifests) and the runbook (every ${config.sampleEvery}th tag), side by side`,
    );
    const [ours, runbook] = await Promise.all([
      runCli('import-artifacts', { 'max-concurrency': String(SERVER_SETTINGS.maxConcurrency) }, cli),
      runNodeModule('bench/children/runbook', [JSON.stringify(config)], {
        env: childEnvironment(emulator, runbookPrincipal),
      }),
    ]);
    assertSucceeded(runbook, 'the runbook baseline');
    const baseline = lastJsonLine<RunbookFigures>(runbook, 'the runbook baseline');
    context.log(
      `case 1: ours ${seconds(ours.wallMs)}, runbook ${seconds(runbook.wallMs)} for ${baseline.sample.length} tags`,
    );
    const oursTraffic = armTraffic(emulator, main, startSeq);
    const baselineTraffic = armTraffic(emulator, runbookPrincipal, startSeq);
    const oursContent = compareStores(sourceStore, storeOf(emulator, OURS_TARGET));
    const baselineContent = compareTags(sourceStore, storeOf(emulator, RUNBOOK_TARGET), baseline.sample);

    context.log('case 2: import-artifacts again, same workspace and as a fresh runner');
    const noop = await rerun(emulator, cli, main);
    return {
      size,
      manifests,
      prepare,
      ours,
      oursTraffic,
      oursContent,
      baseline,
      baselineTraffic,
      baselineContent,
      neverCarriedByTag: untaggedManifests(sourceStore),
      noop,
      noopContent: compareStores(sourceStore, storeOf(emulator, OURS_TARGET)),
    };
  } finally {
    await emulator.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function rerun(
  emulator: Emulator,
  cli: { workspace: string; env: NodeJS.ProcessEnv },
  main = mainPrincipal(emulator),
) {
  const flags = { 'max-concurrency': String(SERVER_SETTINGS.maxConcurrency) };
  let seq = emulator.requests.lastSeq();
  const sameWorkspace = await runCli('import-artifacts', flags, cli);
  const sameTraffic = armTraffic(emulator, main, seq);
  // A fresh runner has the plan (a pipeline artifact) but not the progress file beside it.
  rmSync(join(cli.workspace, 'relocation', 'import-progress.json'), { force: true });
  seq = emulator.requests.lastSeq();
  const freshRunner = await runCli('import-artifacts', flags, cli);
  const freshTraffic = armTraffic(emulator, main, seq);
  return { sameWorkspace, freshRunner, sameTraffic, freshTraffic };
}

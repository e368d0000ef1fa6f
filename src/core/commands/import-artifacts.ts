/**
 * import-artifacts: copy every artifact of the plan into the target, by digest (DESIGN §5).
 *
 * Order of work: inputs checked (before any sign-in) → plan read and proven (schema, fingerprint,
 * no failed checks, copy mode as prepared — see prepare/copy-mode.ts) → registries resolved through ARM → optional freeze of the source → optional
 * re-inventory (refresh) → work list (filters, shard) → engine (each repository gets the plan's
 * changeable attributes once complete) → drift check → summary and outputs.
 * Files next to the plan: import-progress[-i-of-n].json (verified items, a speed-up only) and
 * freeze.json (what freeze-source changed, for retire-source / restore; it also keeps our own freeze
 * of the source from reaching the target as writeEnabled=false).
 */
import { dirname, join } from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import type { Host } from '../../hosts/host.js';
import type { CloudSettings } from '../azure/clouds.js';
import { resolveInsideWorkspace } from '../fs/paths.js';
import { acrAttributeStore, wantedAttributes } from '../import/attributes.js';
import { ClientCopier } from '../import/client/copier.js';
import { compareSnapshots, driftCount, NO_DRIFT, readTags, snapshotOf, type Drift } from '../import/drift.js';
import { createController, DEFAULT_KNOBS, runImportEngine, type EngineKnobs } from '../import/engine.js';
import { activeFreeze, freezeSource, readFreezeRecord } from '../import/freeze.js';
import type { Importer } from '../import/importer.js';
import type { CopyMode, ImportReport } from '../import/model.js';
import { importFailure, importOutputs } from '../import/outcome.js';
import { ProgressFile } from '../import/progress-file.js';
import { ImportProgress } from '../import/progress.js';
import { ServerImporter } from '../import/server/importer.js';
import { createImportClient } from '../import/server/pipeline.js';
import {
  refreshArtifacts,
  registryClient,
  repositoriesInScope,
  resolveRegistries,
  type ResolvedRegistries,
  type Scope,
} from '../import/session.js';
import { parseShard } from '../import/shard.js';
import { renderSummary } from '../import/summary.js';
import { compileTagFilter, type TagFilter } from '../import/tag-filter.js';
import type { ThrottleController } from '../import/throttle/controller.js';
import { realTiming } from '../import/throttle/timing.js';
import { ARM_READ_BUDGET, TokenBucket } from '../import/throttle/token-bucket.js';
import { buildWorkList } from '../import/worklist.js';
import type { RegistryClient } from '../oci/client.js';
import { assertNoFailedChecks, readPlan } from '../plan/io.js';
import type { Artifacts, RelocationPlan } from '../plan/model.js';
import { checkRunCopyMode } from '../prepare/copy-mode.js';
import type { Command, CommandContext, CommandResult } from './context.js';

/** importImage copies at most this many manifests per image. */
const SERVER_MANIFEST_LIMIT = 50;
const POLL_INTERVAL_MS = 1_000;

interface Settings {
  mode: CopyMode;
  refresh: boolean;
  freeze: boolean;
  force: boolean;
  scope: Scope;
  tagFilter?: TagFilter;
  knobs: Partial<EngineKnobs>;
  planPath: string;
}

/** Every input checked before signing in: a typo fails in a second, not after an inventory. */
function readSettings(context: CommandContext): Settings {
  const { inputs, host } = context;
  const mode = (inputs.string('copy-mode') ?? 'server') as CopyMode;
  const seconds = inputs.integer('import-timeout') ?? 600;
  return {
    mode,
    refresh: inputs.boolean('refresh'),
    freeze: inputs.boolean('freeze-source'),
    force: inputs.boolean('force'),
    scope: {
      include: inputs.list('include-repositories'),
      exclude: inputs.list('exclude-repositories'),
      shard: parseShard(inputs.string('shard'), host.inputLabel('shard')),
    },
    tagFilter: compileTagFilter(inputs.list('include-tags'), host.inputLabel('include-tags')),
    knobs: {
      maxConcurrency: inputs.integer('max-concurrency') ?? DEFAULT_KNOBS.maxConcurrency,
      importTimeoutMs: seconds * 1000,
      manifestLimit: mode === 'server' ? SERVER_MANIFEST_LIMIT : undefined,
    },
    planPath: resolveInsideWorkspace(
      host.workspace,
      inputs.string('plan-path') ?? 'relocation/plan.json',
      host.inputLabel('plan-path'),
    ),
  };
}

function sideFile(settings: Settings, name: string): string {
  return join(dirname(settings.planPath), name);
}

function progressFileName(settings: Settings): string {
  const { index, count } = settings.scope.shard;
  return count > 1 ? `import-progress-${index}-of-${count}.json` : 'import-progress.json';
}

async function freezeAndRefresh(host: Host, plan: RelocationPlan, settings: Settings, source: RegistryClient) {
  let artifacts: Artifacts = plan.artifacts;
  if (!settings.freeze && !settings.refresh) return { artifacts, sincePlan: undefined };
  const repositories = await repositoriesInScope(source, settings.scope);
  if (settings.freeze) {
    const planned = new Map(plan.artifacts.repositories.map((r) => [r.name, r.changeableAttributes?.writeEnabled]));
    const path = sideFile(settings, 'freeze.json');
    await freezeSource(source, {
      path,
      relocationId: plan.relocationId,
      sourceId: plan.source.id,
      repositories,
      planned,
    });
    host.info(`Froze ${repositories.length} source repositories (writeEnabled=false); previous values are in ${path}.`);
  }
  if (!settings.refresh) return { artifacts, sincePlan: undefined };
  artifacts = await refreshArtifacts(source, settings.scope, repositories, (m) => host.debug(m));
  const sincePlan = compareSnapshots(
    snapshotOf(plan.artifacts, repositories, settings.tagFilter),
    snapshotOf(artifacts, repositories, settings.tagFilter),
  );
  host.info(
    `Re-inventoried ${artifacts.repositories.length} source repositories (${artifacts.totals.manifests} manifests).`,
  );
  return { artifacts, sincePlan };
}

/**
 * Tags that changed in the source while the run went on (or since the plan, for repositories it did
 * not carry): the work list's repositories plus any repository in scope that the source has now.
 */
async function detectDrift(session: Session, artifacts: Artifacts, carried: string[]): Promise<Drift> {
  const { host, settings, source } = session;
  try {
    const leftOutByPrepare = new Set(artifacts.excludedRepositories);
    const now = (await repositoriesInScope(source, settings.scope)).filter((name) => !leftOutByPrepare.has(name));
    const repositories = [...new Set([...carried, ...now])].sort();
    const before = snapshotOf(artifacts, repositories, settings.tagFilter);
    return compareSnapshots(before, await readTags(source, repositories, settings.tagFilter));
  } catch (error) {
    host.warning(`Could not check the source for changes made during the run: ${(error as Error).message}`);
    return NO_DRIFT;
  }
}

interface Session {
  host: Host;
  settings: Settings;
  plan: RelocationPlan;
  credential: TokenCredential;
  registries: ResolvedRegistries;
  source: RegistryClient;
  target: RegistryClient;
}

function makeImporter(session: Session, cloud: CloudSettings): { importer: Importer; controller: ThrottleController } {
  const { settings, registries } = session;
  const timing = realTiming;
  const controller = createController(settings.knobs, timing, settings.mode === 'server');
  if (settings.mode === 'client') {
    return { importer: new ClientCopier({ source: session.source, target: session.target }), controller };
  }
  const client = createImportClient(session.credential, cloud, registries.target.subscriptionId, {
    timing,
    readBucket: new TokenBucket(ARM_READ_BUDGET, timing),
    readAttempts: 5,
    maxWaitMs: 60_000,
    maxPollIntervalMs: 30_000,
  });
  const importer = new ServerImporter({
    client,
    target: registries.target,
    sourceId: registries.source.id,
    pollIntervalMs: POLL_INTERVAL_MS,
    timing,
    sourceRepositoryScoped: session.plan.source.settings.roleAssignmentMode === 'AbacRepositoryPermissions',
  });
  return { importer, controller };
}

async function importAll(session: Session, cloud: CloudSettings): Promise<CommandResult> {
  const { host, settings, plan, registries } = session;
  const { artifacts, sincePlan } = await freezeAndRefresh(host, plan, settings, session.source);
  const workList = buildWorkList(artifacts, {
    includeRepositories: settings.scope.include,
    excludeRepositories: settings.scope.exclude,
    tagFilter: settings.tagFilter,
    shard: settings.scope.shard,
    ...(settings.refresh ? { previous: plan.artifacts } : {}),
  });
  host.info(
    `${workList.items.length} manifests to carry from ${workList.repositories.length} repositories (copy mode ${settings.mode}).`,
  );
  const { importer, controller } = makeImporter(session, cloud);
  const progressPath = sideFile(settings, progressFileName(settings));
  const journal = await ProgressFile.open(progressPath, plan.fingerprint, registries.target.id, realTiming);
  // This relocation's freeze (from this run or an earlier one): the source's "false" is ours, not the plan's.
  const freeze = activeFreeze(await readFreezeRecord(sideFile(settings, 'freeze.json')), plan.relocationId);
  const wanted = wantedAttributes(artifacts, plan.artifacts, freeze);
  const report: ImportReport = await host.group('Importing artifacts', () =>
    runImportEngine({
      workList,
      importer,
      controller,
      target: session.target,
      targetListing: 'acr',
      force: settings.force,
      knobs: settings.knobs,
      journal,
      progress: new ImportProgress(host),
      log: (m) => host.debug(m),
      attributes: { wanted, store: acrAttributeStore(session.target) },
    }),
  );
  const drift = await detectDrift(session, artifacts, workList.repositories);
  if (driftCount(drift) > 0) {
    host.warning(
      `The source changed during the run (${drift.moved.length} tags moved, ${drift.added.length} added, ${drift.removed.length} removed): run import-artifacts with refresh: true to carry it.`,
    );
  }
  const summary = renderSummary(report, {
    source: registries.source.loginServer,
    target: registries.target.loginServer,
    shard: settings.scope.shard,
    drift,
    sincePlan,
  });
  const failure = importFailure(report);
  return { outputs: importOutputs(report), summary, ...(failure ? { failure } : {}) };
}

async function run(context: CommandContext): Promise<CommandResult> {
  const { host } = context;
  const settings = readSettings(context);
  const plan = await readPlan(settings.planPath);
  assertNoFailedChecks(plan);
  const copyMode = checkRunCopyMode(plan, settings.mode);
  if (copyMode.warning) host.warning(copyMode.warning);
  const credential = await context.credential();
  const connection = { credential, cloud: context.cloud };
  const registries = await resolveRegistries(connection, plan);
  const hooks = { onSecret: (v: string) => host.setSecret(v), onRetry: (m: string) => host.debug(m) };
  const source = registryClient(connection, registries.source.loginServer, hooks);
  const target = registryClient(connection, registries.target.loginServer, hooks);
  try {
    return await importAll({ host, settings, plan, credential, registries, source, target }, context.cloud);
  } finally {
    source.close();
    target.close();
  }
}

export const importArtifacts: Command = { run };

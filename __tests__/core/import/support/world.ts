/**
 * A relocation world on the emulator for import-artifacts tests: the seeded source registry, a
 * target registry created through ARM, content written straight into the source's store, a plan
 * built from a real inventory of the source, and helpers to read the target back.
 *
 *   const world = await startWorld();
 *   world.seed('app/web', generateImage('web'), ['v1']);
 *   await world.writePlan();
 *   const run = await world.runCommand({ 'max-concurrency': '8' });
 *   await world.stop();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import type { ClientSecretCredential } from '@azure/identity';
import type { EmulatorOptions } from '../../../../emulator/src/index.js';
import type { RegistryStore } from '../../../../emulator/src/acr/index.js';
import { writeArtifact } from '../../../../emulator/src/seed/images-store.js';
import type { GeneratedArtifact } from '../../../../emulator/src/seed/images.js';
import type { TokenCredential } from '@azure/core-auth';
import { runCommand } from '../../../../src/entrypoints/run.js';
import { inventoryArtifacts } from '../../../../src/core/inventory/index.js';
import { RegistryClient } from '../../../../src/core/oci/client.js';
import { writePlan } from '../../../../src/core/plan/io.js';
import type { Artifacts, RelocationPlan } from '../../../../src/core/plan/model.js';
import { settingsOf } from '../../../../src/core/prepare/settings.js';
import { loadReport } from '../../../../src/core/verify/io.js';
import type { VerifyReport } from '../../../../src/core/verify/model.js';
import { samplePlanBetween } from '../../../helpers/plan-fixture.js';
import { armOptions, credentialOf, startTestEmulator, type Emulator } from '../../../emulator/helpers/testEmulator.js';
import { recordingHost, runInProcess, type InProcessRun } from './host.js';

export interface RegistryHandle {
  name: string;
  resourceGroup: string;
  id: string;
  loginServer: string;
  store: RegistryStore;
  /** user:password of the admin user (both registries have it enabled), e.g. for skopeo --creds. */
  adminCreds: string;
}

export interface World {
  emulator: Emulator;
  credential: ClientSecretCredential;
  source: RegistryHandle;
  target: RegistryHandle;
  workspace: string;
  planPath: string;
  seed(repository: string, artifact: GeneratedArtifact, tags?: readonly string[]): void;
  /** Inventory the source and write the plan (optionally transformed); returns it. */
  writePlan(transform?: (artifacts: Artifacts) => Artifacts): Promise<RelocationPlan>;
  client(which: 'source' | 'target'): RegistryClient;
  /** repository -> tag -> digest of the target (from its store). */
  targetTags(): Map<string, Map<string, string>>;
  /** import-artifacts in-process (as another identity when `credential` is given). */
  runCommand(inputs?: Record<string, string>, credential?: TokenCredential): Promise<InProcessRun>;
  /** The verify command on the same plan, and the report it wrote. */
  runVerify(): Promise<{ run: InProcessRun; report: VerifyReport }>;
  /** Environment for a child process running the CLI against this world. */
  cliEnv(): Record<string, string>;
  stop(): Promise<void>;
}

export const TARGET_NAME = 'acrtargetimport';

function handle(emulator: Emulator, name: string): RegistryHandle {
  const info = emulator.registries().find((r) => r.name === name);
  const runtime = emulator.dataPlanes.get(name);
  if (!info || !runtime) throw new Error(`registry ${name} is not running`);
  const adminCreds = `${info.adminUser ?? ''}:${info.adminPassword ?? ''}`;
  return {
    name,
    resourceGroup: info.resourceGroup,
    id: info.resourceId,
    loginServer: info.loginServer,
    store: runtime.store,
    adminCreds,
  };
}

export async function startWorld(options: EmulatorOptions = {}): Promise<World> {
  const emulator = await startTestEmulator({ throttling: false, lro: { durationMs: 5 }, ...options });
  const credential = credentialOf(emulator);
  const source = handle(emulator, emulator.registries()[0]!.name);
  const arm = new ContainerRegistryManagementClient(credential, emulator.subscriptionId, armOptions(emulator));
  await arm.registries.beginCreateAndWait(
    source.resourceGroup,
    TARGET_NAME,
    { location: 'northeurope', sku: { name: 'Premium' }, adminUserEnabled: true },
    { updateIntervalInMs: 5 },
  );
  emulator.requests.clear();
  const target = handle(emulator, TARGET_NAME);
  const workspace = mkdtempSync(join(tmpdir(), 'import-world-'));
  const planPath = join(workspace, 'relocation', 'plan.json');
  const clients: RegistryClient[] = [];
  const world: World = {
    emulator,
    credential,
    source,
    target,
    workspace,
    planPath,
    seed: (repository, artifact, tags = []) => writeArtifact(source.store, repository, artifact, tags),
    async writePlan(transform = (a) => a) {
      const artifacts = transform(await inventoryArtifacts(world.client('source')));
      // The target's real settings: verify compares them with the plan's (redeploy's job, not ours).
      const targetSettings = settingsOf(await arm.registries.get(target.resourceGroup, TARGET_NAME));
      const plan = { ...samplePlanBetween(emulator.subscriptionId, source, target, targetSettings), artifacts };
      return writePlan(planPath, plan);
    },
    client(which) {
      const registry = which === 'source' ? source : target;
      const client = new RegistryClient({
        url: registry.loginServer,
        credentials: { kind: 'entra', credential },
        caPem: emulator.tls.caCertPem,
      });
      clients.push(client);
      return client;
    },
    targetTags() {
      const result = new Map<string, Map<string, string>>();
      for (const repository of target.store.listRepositories()) {
        result.set(repository, new Map(target.store.listTags(repository).map((t) => [t.name, t.digest])));
      }
      return result;
    },
    runCommand: (inputs = {}, as = credential) => runInProcess({ ...world, credential: as }, inputs),
    async runVerify() {
      const inputs = { 'arm-endpoint': emulator.arm.armUrl, 'authority-host': emulator.entra.url };
      const { host, run } = recordingHost(inputs, workspace, credential);
      run.exitCode = await runCommand(host, () => 'verify');
      const loaded = await loadReport(join(workspace, 'relocation', 'verify-report.json'));
      if (!loaded.ok) throw new Error(`no verify report: ${loaded.reason} (${run.failure ?? 'no failure'})`);
      return { run, report: loaded.report };
    },
    cliEnv() {
      const principal = emulator.mainPrincipal();
      return {
        AZURE_TENANT_ID: emulator.tenantId,
        AZURE_CLIENT_ID: principal.clientId,
        AZURE_CLIENT_SECRET: principal.secrets[0] ?? '',
        ACR_RELOCATE_ARM_ENDPOINT: emulator.arm.armUrl,
        ACR_RELOCATE_AUTHORITY_HOST: emulator.entra.url,
        NODE_EXTRA_CA_CERTS: emulator.tls.caFile,
        SSL_CERT_FILE: emulator.tls.caFile,
      };
    },
    async stop() {
      clients.forEach((c) => c.close());
      await emulator.stop();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
  return world;
}

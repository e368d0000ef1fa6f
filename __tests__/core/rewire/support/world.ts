/**
 * A relocation world for rewire-consumers on the emulator: the 'consumers' seed scenario (two AKS
 * clusters, a CI principal, a Web App on managed identity, a Container App on the admin password),
 * plus what it lacks, made through the SDKs here: a Container App pulling with its system identity
 * and a Container Instance. A target registry (optionally in ABAC mode), a plan whose consumers are
 * found by prepare's own code, and a workspace with a manifest naming the source.
 *
 *   const world = await startRewireWorld({ abac: false });
 *   const run = await world.run({ 'update-apps': 'true' });
 *   await world.stop();
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerAppsAPIClient } from '@azure/arm-appcontainers';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import type { ClientSecretCredential } from '@azure/identity';
import { CONSUMER_RESOURCE_GROUP, ENVIRONMENT_NAME } from '../../../../emulator/src/seed/scenario-consumers.js';
import { madeAt, readRoleAssignments } from '../../../../src/core/azure/access-reader.js';
import { AzureClients } from '../../../../src/core/azure/clients.js';
import { resolveCloud } from '../../../../src/core/azure/clouds.js';
import { createRewireConsumers } from '../../../../src/core/commands/rewire-consumers.js';
import { describeError } from '../../../../src/core/errors.js';
import { readInputs } from '../../../../src/core/inputs/read.js';
import { writePlan } from '../../../../src/core/plan/io.js';
import type { RelocationPlan } from '../../../../src/core/plan/model.js';
import { gatherConsumers } from '../../../../src/core/prepare/gather.js';
import type { Clock, WaitKnobs } from '../../../../src/core/rewire/access/wait.js';
import type { PullRequestPublisher } from '../../../../src/core/rewire/pull-request.js';
import { recordingHost, type InProcessRun } from '../../import/support/host.js';
import { samplePlan, samplePlanBetween } from '../../../helpers/plan-fixture.js';
import {
  armOptions,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../../emulator/helpers/testEmulator.js';

export const TARGET_NAME = 'acrtargetrewire';
export const IDENTITY_APP = 'ca-relocation-identity';
export const GROUP_NAME = 'aci-relocation-batch';

export interface Registry {
  name: string;
  resourceGroup: string;
  id: string;
  loginServer: string;
}

export interface RewireWorld {
  emulator: Emulator;
  credential: ClientSecretCredential;
  source: Registry;
  target: Registry;
  workspace: string;
  plan: RelocationPlan;
  /** Run the command in-process (fast visibility wait unless given), with an optional publisher on the host. */
  run(
    inputs?: Record<string, string>,
    options?: { publisher?: PullRequestPublisher; wait?: WaitKnobs; clock?: Clock },
  ): Promise<InProcessRun>;
  authorization: AuthorizationManagementClient;
  /** Put the workspace's manifest back as it was (naming the source). */
  resetFiles(): void;
  stop(): Promise<void>;
}

export const FAST_WAIT: WaitKnobs = { timeoutMs: 5_000, initialDelayMs: 5, maxDelayMs: 50 };

async function addIdentityApp(emulator: Emulator, credential: ClientSecretCredential, source: Registry): Promise<void> {
  const apps = new ContainerAppsAPIClient(credential, emulator.subscriptionId, armOptions(emulator));
  const environmentId = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${CONSUMER_RESOURCE_GROUP}/providers/Microsoft.App/managedEnvironments/${ENVIRONMENT_NAME}`;
  const app = await apps.containerApps.beginCreateOrUpdateAndWait(
    CONSUMER_RESOURCE_GROUP,
    IDENTITY_APP,
    {
      location: 'westeurope',
      identity: { type: 'SystemAssigned' },
      managedEnvironmentId: environmentId,
      configuration: { registries: [{ server: source.loginServer, identity: 'system' }] },
      template: { containers: [{ name: 'api', image: `${source.loginServer}/team/app/api:1.1.0` }] },
    },
    FAST_POLL,
  );
  const auth = new AuthorizationManagementClient(credential, emulator.subscriptionId, armOptions(emulator));
  await auth.roleAssignments.create(source.id, '0b8e1f0e-6a8f-4b6e-9a51-3f1f8a1c2d01', {
    roleDefinitionId: `/subscriptions/${emulator.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`,
    principalId: app.identity?.principalId ?? '',
    principalType: 'ServicePrincipal',
  });
}

async function addContainerGroup(
  emulator: Emulator,
  credential: ClientSecretCredential,
  source: Registry,
): Promise<void> {
  const aci = new ContainerInstanceManagementClient(credential, emulator.subscriptionId, armOptions(emulator));
  await aci.containerGroups.beginCreateOrUpdateAndWait(
    CONSUMER_RESOURCE_GROUP,
    GROUP_NAME,
    {
      location: 'westeurope',
      osType: 'Linux',
      restartPolicy: 'OnFailure',
      containers: [
        {
          name: 'batch',
          image: `${source.loginServer}/team/app/worker:2.0.0`,
          resources: { requests: { cpu: 1, memoryInGB: 1.5 } },
          ports: [{ port: 80, protocol: 'TCP' }],
          environmentVariables: [
            { name: 'MODE', value: "nightly run's batch" },
            { name: 'API_KEY', secureValue: 'secure-api-key-value' },
          ],
        },
      ],
      imageRegistryCredentials: [
        { server: source.loginServer, username: source.name, password: 'admin-password-value' },
      ],
      ipAddress: { type: 'Public', ports: [{ port: 80, protocol: 'TCP' }], dnsNameLabel: 'relocation-batch' },
    },
    FAST_POLL,
  );
}

async function buildPlan(
  emulator: Emulator,
  credential: ClientSecretCredential,
  source: Registry,
  target: Registry,
  abac: boolean,
) {
  const clients = new AzureClients(
    {
      credential,
      cloud: resolveCloud('AzureCloud', { armEndpoint: emulator.arm.armUrl, authorityHost: emulator.entra.url }),
    },
    emulator.subscriptionId,
  );
  const consumers = await gatherConsumers(clients, source.id, source.loginServer, [
    { subscriptionId: emulator.subscriptionId },
  ]);
  const assignments = await readRoleAssignments(clients.authorization, source.id);
  const base = samplePlan();
  const abacSettings = abac ? { roleAssignmentMode: 'AbacRepositoryPermissions' } : {};
  return {
    ...samplePlanBetween(emulator.subscriptionId, source, target, { ...base.target.settings, ...abacSettings }),
    children: { ...base.children, roleAssignments: madeAt(assignments, source.id) },
    consumers,
  };
}

function writeWorkspaceFiles(workspace: string, source: Registry): void {
  mkdirSync(join(workspace, 'deploy'), { recursive: true });
  writeFileSync(
    join(workspace, 'deploy', 'app.yaml'),
    [
      '# app from the source registry',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: { name: api }',
      'spec:',
      '  containers:',
      `    - image: ${source.loginServer}/team/app/api:1.1.0 # api`,
      `    - image: ${source.loginServer}.evil.com/x:1`,
      `    - image: 1${source.loginServer}/x:1`,
      '',
    ].join('\n'),
  );
}

export async function startRewireWorld(options: { abac?: boolean; createTarget?: boolean } = {}): Promise<RewireWorld> {
  const emulator = await startTestEmulator({ scenarios: ['consumers'], throttling: false, lro: { durationMs: 5 } });
  const credential = credentialOf(emulator);
  const info = emulator.connectionInfo().registries[0]!;
  const source: Registry = {
    name: info.name,
    resourceGroup: info.resourceGroup,
    id: info.resourceId,
    loginServer: info.loginServer,
  };
  await addIdentityApp(emulator, credential, source);
  await addContainerGroup(emulator, credential, source);
  const acr = new ContainerRegistryManagementClient(credential, emulator.subscriptionId, armOptions(emulator));
  const targetId = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${source.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${TARGET_NAME}`;
  let target: Registry = { name: TARGET_NAME, resourceGroup: source.resourceGroup, id: targetId, loginServer: '' };
  if (options.createTarget !== false) {
    const created = await acr.registries.beginCreateAndWait(
      source.resourceGroup,
      TARGET_NAME,
      {
        location: 'northeurope',
        sku: { name: 'Premium' },
        ...(options.abac ? { roleAssignmentMode: 'AbacRepositoryPermissions' } : {}),
      },
      FAST_POLL,
    );
    target = { ...target, id: created.id ?? targetId, loginServer: created.loginServer ?? '' };
  }
  const workspace = mkdtempSync(join(tmpdir(), 'rewire-world-'));
  writeWorkspaceFiles(workspace, source);
  const plan = await writePlan(
    join(workspace, 'relocation', 'plan.json'),
    await buildPlan(emulator, credential, source, target, options.abac ?? false),
  );
  emulator.requests.clear();
  const authorization = new AuthorizationManagementClient(credential, emulator.subscriptionId, armOptions(emulator));
  return {
    emulator,
    credential,
    source,
    target,
    workspace,
    plan,
    authorization,
    resetFiles: () => writeWorkspaceFiles(workspace, source),
    async run(inputs = {}, runOptions = {}) {
      const all = { 'arm-endpoint': emulator.arm.armUrl, 'authority-host': emulator.entra.url, ...inputs };
      const { host, run } = recordingHost(all, workspace, credential);
      const withPublisher = runOptions.publisher ? Object.assign(host, { pullRequests: runOptions.publisher }) : host;
      const command = createRewireConsumers({
        wait: runOptions.wait ?? FAST_WAIT,
        ...(runOptions.clock ? { clock: runOptions.clock } : {}),
      });
      const cloud = resolveCloud('AzureCloud', { armEndpoint: emulator.arm.armUrl, authorityHost: emulator.entra.url });
      try {
        const result = await command.run({
          host: withPublisher,
          inputs: readInputs('rewire-consumers', withPublisher),
          cloud,
          credential: async () => credential,
        });
        run.outputs = result.outputs;
        run.summary = result.summary ?? '';
        run.failure = result.failure;
        run.exitCode = result.failure ? 1 : 0;
      } catch (error) {
        run.failure = describeError(error);
        run.exitCode = 1;
      }
      return run;
    },
    async stop() {
      await emulator.stop();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}

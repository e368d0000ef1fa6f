/**
 * An emulator with a source registry that uses every setting and child resource a move carries,
 * and in-process runs of prepare and redeploy against it (as runCommand runs them, but keeping the
 * thrown error for assertions).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { MonitorClient } from '@azure/arm-monitor';
import { ResourceManagementClient } from '@azure/arm-resources';
import { resolveCloud } from '../../../../src/core/azure/clouds.js';
import type { Command, CommandResult } from '../../../../src/core/commands/context.js';
import { prepare } from '../../../../src/core/commands/prepare.js';
import { createRedeploy } from '../../../../src/core/commands/redeploy.js';
import { readInputs } from '../../../../src/core/inputs/read.js';
import type { CommandName } from '../../../../src/core/inputs/types.js';
import { readPlan } from '../../../../src/core/plan/io.js';
import type { RelocationPlan } from '../../../../src/core/plan/model.js';
import {
  armOptions,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../../emulator/helpers/testEmulator.js';
import { FakeHost } from '../../../helpers/fake-host.js';

export const SOURCE_RG = 'rg-reloc-source';
export const TARGET_RG = 'rg-reloc-target';
export const SOURCE = 'acrrelosource01';
export const SOURCE_LOCATION = 'westeurope';
export const TARGET_LOCATION = 'swedencentral';
export const HOOK_URI = 'https://127.0.0.1:9/hooks/acr?sig=hook-s3cr3t';
export const HOOK_HEADER = 'Bearer header-s3cr3t';
export const WORKSPACE_ID =
  '/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/mon/providers/Microsoft.OperationalInsights/workspaces/law';
const ACR_PULL = '7f951dda-4ed3-4680-a7ca-43fe172d538d';

export interface Run {
  host: FakeHost;
  result?: CommandResult;
  error?: Error;
}

export class World {
  readonly acr: ContainerRegistryManagementClient;
  readonly auth: AuthorizationManagementClient;
  readonly monitor: MonitorClient;
  readonly resources: ResourceManagementClient;
  readonly redeployCommand: Command = createRedeploy({ pollIntervalMs: 5 });

  constructor(
    readonly emulator: Emulator,
    readonly workspace: string,
  ) {
    const credential = credentialOf(emulator);
    this.acr = new ContainerRegistryManagementClient(credential, emulator.subscriptionId, armOptions(emulator));
    this.auth = new AuthorizationManagementClient(credential, emulator.subscriptionId, armOptions(emulator));
    this.monitor = new MonitorClient(credential, emulator.subscriptionId, armOptions(emulator));
    this.resources = new ResourceManagementClient(credential, emulator.subscriptionId, armOptions(emulator));
  }

  get sourceId(): string {
    return `/subscriptions/${this.emulator.subscriptionId}/resourceGroups/${SOURCE_RG}/providers/Microsoft.ContainerRegistry/registries/${SOURCE}`;
  }

  identityId(name: string): string {
    return `/subscriptions/${this.emulator.subscriptionId}/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
  }

  /** The source: every registry setting off its default, and one child resource of each kind. */
  async seedSource(): Promise<void> {
    await this.resources.resourceGroups.createOrUpdate(SOURCE_RG, { location: SOURCE_LOCATION });
    await this.acr.registries.create(
      SOURCE_RG,
      SOURCE,
      {
        location: SOURCE_LOCATION,
        sku: { name: 'Premium' },
        tags: { team: 'platform', costcenter: '42' },
        identity: { type: 'UserAssigned', userAssignedIdentities: { [this.identityId('src-id')]: {} } },
        adminUserEnabled: true,
        networkRuleSet: { defaultAction: 'Deny', ipRules: [{ action: 'Allow', iPAddressOrRange: '127.0.0.0/8' }] },
        networkRuleBypassOptions: 'AzureServices',
        networkRuleBypassAllowedForTasks: true,
        zoneRedundancy: 'Enabled',
        dataEndpointEnabled: true,
        anonymousPullEnabled: true,
        policies: {
          quarantinePolicy: { status: 'enabled' },
          retentionPolicy: { days: 30, status: 'enabled' },
          exportPolicy: { status: 'enabled' },
        },
        encryption: {
          status: 'enabled',
          keyVaultProperties: { keyIdentifier: 'https://src-kv.vault.azure.net/keys/acr/1', identity: 'src-client-id' },
        },
      },
      FAST_POLL,
    );
    await this.seedChildren();
  }

  private async seedChildren(): Promise<void> {
    const rg = SOURCE_RG;
    await this.acr.replications.create(
      rg,
      SOURCE,
      'eastus',
      { location: 'eastus', regionEndpointEnabled: false, zoneRedundancy: 'Disabled' },
      FAST_POLL,
    );
    await this.acr.webhooks.create(
      rg,
      SOURCE,
      'buildhook',
      {
        location: SOURCE_LOCATION,
        serviceUri: HOOK_URI,
        customHeaders: { Authorization: HOOK_HEADER },
        actions: ['push'],
        scope: 'app/*',
        status: 'enabled',
      },
      FAST_POLL,
    );
    const map = await this.acr.scopeMaps.create(
      rg,
      SOURCE,
      'readers',
      { description: 'read app', actions: ['repositories/app/content/read'] },
      FAST_POLL,
    );
    const token = await this.acr.tokens.create(
      rg,
      SOURCE,
      'ci-token',
      { scopeMapId: map.id, status: 'enabled' },
      FAST_POLL,
    );
    await this.acr.registries.generateCredentials(rg, SOURCE, { tokenId: token.id }, FAST_POLL);
    const set = await this.acr.credentialSets.create(
      rg,
      SOURCE,
      'dockerhub',
      {
        identity: { type: 'SystemAssigned' },
        loginServer: 'docker.io',
        authCredentials: [
          {
            name: 'Credential1',
            usernameSecretIdentifier: 'https://kv.vault.azure.net/secrets/user',
            passwordSecretIdentifier: 'https://kv.vault.azure.net/secrets/pass',
          },
        ],
      },
      FAST_POLL,
    );
    await this.acr.cacheRules.create(
      rg,
      SOURCE,
      'hub-nginx',
      { sourceRepository: 'docker.io/library/nginx', targetRepository: 'hub/nginx', credentialSetResourceId: set.id },
      FAST_POLL,
    );
    await this.monitor.diagnosticSettings.createOrUpdate(this.sourceId, 'to-law', {
      workspaceId: WORKSPACE_ID,
      logs: [{ category: 'ContainerRegistryRepositoryEvents', enabled: true }],
      metrics: [{ category: 'AllMetrics', enabled: true }],
    });
    await this.auth.roleAssignments.create(this.sourceId, '0b5e7c43-0000-4000-8000-000000000001', {
      roleDefinitionId: `/subscriptions/${this.emulator.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL}`,
      principalId: this.emulator.mainPrincipal().objectId,
      principalType: 'ServicePrincipal',
    });
  }

  /** prepare for `target` (its own plan file), returning the plan it wrote. */
  async prepare(
    target: string,
    extra: Record<string, string> = {},
  ): Promise<{ planPath: string; plan: RelocationPlan }> {
    const planPath = `relocation-${target}/plan.json`;
    const run = await this.run('prepare', prepare, {
      'source-registry': SOURCE,
      'source-resource-group': SOURCE_RG,
      'target-registry': target,
      'target-resource-group': TARGET_RG,
      'target-location': TARGET_LOCATION,
      'encryption-key': 'https://tgt-kv.vault.azure.net/keys/acr/1',
      'identity-map': `${this.identityId('src-id')} => ${this.identityId('tgt-id')}`,
      'plan-path': planPath,
      ...extra,
    });
    if (run.error || run.result?.failure)
      throw new Error(`prepare failed: ${run.error?.message ?? run.result?.failure}`);
    return { planPath, plan: await readPlan(join(this.workspace, planPath)) };
  }

  redeploy(planPath: string, inputs: Record<string, string> = {}): Promise<Run> {
    return this.run('redeploy', this.redeployCommand, { 'plan-path': planPath, ...inputs });
  }

  private async run(name: CommandName, command: Command, inputs: Record<string, string>): Promise<Run> {
    const host = new FakeHost(
      {
        'arm-endpoint': this.emulator.arm.armUrl,
        'authority-host': this.emulator.entra.url,
        'subscription-id': this.emulator.subscriptionId,
        ...inputs,
      },
      { workspace: this.workspace, credential: credentialOf(this.emulator) },
    );
    const parsed = readInputs(name, host);
    const cloud = resolveCloud(undefined, {
      armEndpoint: parsed.string('arm-endpoint'),
      authorityHost: parsed.string('authority-host'),
    });
    try {
      const result = await command.run({
        host,
        inputs: parsed,
        cloud,
        credential: async () => credentialOf(this.emulator),
      });
      return { host, result };
    } catch (error) {
      return { host, error: error as Error };
    }
  }

  /** Requests to ARM since `seq` that are not plain reads. */
  nonReads(seq: number): string[] {
    return this.emulator.requests
      .list({ afterSeq: seq })
      .filter((e) => e.service === 'arm' && !['GET', 'HEAD'].includes(e.method))
      .map((e) => `${e.method} ${e.path.split('?')[0]}`);
  }
}

export async function startWorld(): Promise<World> {
  const emulator = await startTestEmulator({ lro: { durationMs: 5, retryAfterSeconds: 0 } });
  const world = new World(emulator, await mkdtemp(join(tmpdir(), 'redeploy-')));
  await world.seedSource();
  return world;
}

/**
 * A relocation ready for retire-source: the verify world (complete relocation), an AKS cluster in the
 * plan whose kubelet identity was granted AcrPull on the target (what rewire-consumers does), and a
 * passing verification report; helpers to freeze the source with the real import-artifacts command,
 * to run retire-source, and to read what the source's repositories allow.
 */
import { randomUUID } from 'node:crypto';
import { importArtifacts } from '../../../../src/core/commands/import-artifacts.js';
import { verify } from '../../../../src/core/commands/verify.js';
import { retireSourceWith } from '../../../../src/core/commands/retire-source.js';
import { ACR_PULL_ROLE_ID } from '../../../../src/core/azure/access-reader.js';
import { armRequest } from '../../../emulator/helpers/testEmulator.js';
import { World, type CommandRun } from '../../verify/support/world.js';

export const KUBELET_ID = '7d2f0a3e-0c6b-4a8e-9a51-3f5e6f0d2c11';
const ROLE_API = '2022-04-01';
const LOCK_API = '2020-05-01';

export class RetireWorld {
  private constructor(
    readonly world: World,
    public pullAssignmentId: string,
  ) {}

  /** `seed` changes the source before prepare sees it. */
  static async start(seed: (world: World) => void = () => undefined): Promise<RetireWorld> {
    const world = await World.start({}, seed);
    try {
      return await RetireWorld.relocated(world);
    } catch (error) {
      await world.stop(); // afterAll never sees a world whose start failed: it must not keep the test run alive
      throw error;
    }
  }

  private static async relocated(world: World): Promise<RetireWorld> {
    await world.relocate();
    // What import-artifacts carries besides content: the target's repositories allow what the source's did.
    for (const name of world.source.store.listRepositories()) {
      world.target.store.setRepositoryAttributes(name, world.source.store.getRepository(name)!.attributes);
    }
    await world.rewritePlan((plan) => {
      plan.consumers.aksClusters.push({
        id: `/subscriptions/${world.emulator.subscriptionId}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod`,
        name: 'aks-prod',
        kubeletObjectId: KUBELET_ID,
        roleAssignmentIds: [],
      });
    });
    const retire = new RetireWorld(world, '');
    retire.pullAssignmentId = await retire.grantPull(world.target.id);
    await retire.verify();
    return retire;
  }

  async verify(): Promise<CommandRun> {
    const run = await this.world.run(verify, 'verify', {});
    if (run.result.failure) throw new Error(`verify failed: ${run.result.failure}`);
    return run;
  }

  /** retire-source with the source's name confirmed, `delete` unless told otherwise. */
  retire(inputs: Record<string, string> = {}): Promise<CommandRun> {
    return this.world.run(retireSourceWith({ pollIntervalMs: 5 }), 'retire-source', {
      'confirm-source-registry': this.world.source.name,
      'retire-mode': 'delete',
      ...inputs,
    });
  }

  /** import-artifacts with freeze-source: true (the target already holds everything: only the freeze acts). */
  async freeze(): Promise<CommandRun> {
    const run = await this.world.run(importArtifacts, 'import-artifacts', { 'freeze-source': 'true' });
    if (run.result.failure) throw new Error(`import-artifacts failed: ${run.result.failure}`);
    return run;
  }

  /** readEnabled and writeEnabled of every source repository, as the emulator holds them. */
  repositoryAccess(): Record<string, { readEnabled?: boolean; writeEnabled?: boolean }> {
    const store = this.world.source.store;
    return Object.fromEntries(
      store.listRepositories().map((name) => {
        const a = store.getRepository(name)!.attributes;
        return [name, { readEnabled: a.readEnabled, writeEnabled: a.writeEnabled }];
      }),
    );
  }

  /** AcrPull for the cluster's kubelet identity at `scope`; returns the assignment id. */
  async grantPull(scope: string): Promise<string> {
    const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`;
    const reply = await armRequest(this.world.emulator, 'PUT', id, {
      apiVersion: ROLE_API,
      body: {
        properties: {
          roleDefinitionId: `/subscriptions/${this.world.emulator.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL_ROLE_ID}`,
          principalId: KUBELET_ID,
          principalType: 'ServicePrincipal',
        },
      },
    });
    if (reply.status >= 300) throw new Error(`role assignment: ${reply.status} ${reply.text}`);
    return id;
  }

  async revoke(id: string): Promise<void> {
    await armRequest(this.world.emulator, 'DELETE', id, { apiVersion: ROLE_API });
  }

  async lock(scope: string, name: string, level: 'CanNotDelete' | 'ReadOnly'): Promise<string> {
    const id = `${scope}/providers/Microsoft.Authorization/locks/${name}`;
    const reply = await armRequest(this.world.emulator, 'PUT', id, {
      apiVersion: LOCK_API,
      body: { properties: { level, notes: 'production registry' } },
    });
    if (reply.status >= 300) throw new Error(`lock: ${reply.status} ${reply.text}`);
    return id;
  }

  async unlock(id: string): Promise<void> {
    await armRequest(this.world.emulator, 'DELETE', id, { apiVersion: LOCK_API });
  }

  /** The source's publicNetworkAccess as ARM reports it (undefined once the registry is gone). */
  async sourceNetworkAccess(): Promise<string | undefined> {
    const { resourceGroup, name } = this.world.source;
    if (!this.world.emulator.registries().some((r) => r.name === name)) return undefined;
    return (await this.world.arm.registries.get(resourceGroup, name)).publicNetworkAccess ?? 'Enabled';
  }

  stop(): Promise<void> {
    return this.world.stop();
  }
}

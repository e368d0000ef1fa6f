/**
 * A finished relocation on the emulator, for verify and retire-source tests:
 * - the seeded source registry with an image (two tags), a multi-arch index, a signature of the
 *   image (a referrer) and an untagged image;
 * - a plan written by the real prepare command;
 * - a target registry created through ARM with the plan's settings and the relocation's tag (what
 *   redeploy does), filled with the same content store-to-store (what import-artifacts does);
 * - helpers to run verify and retire-source in-process and to list the write requests a run sent.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import type { ClientSecretCredential } from '@azure/identity';
import type { EmulatorOptions } from '../../../../emulator/src/index.js';
import type { RegistryStore } from '../../../../emulator/src/acr/index.js';
import { copyManifest } from '../../../../emulator/src/acr/store/copy.js';
import { writeArtifact } from '../../../../emulator/src/seed/images-store.js';
import {
  generateImage,
  generateMultiArch,
  generateSignature,
  type GeneratedArtifact,
} from '../../../../emulator/src/seed/images.js';
import { resolveCloud } from '../../../../src/core/azure/clouds.js';
import type { Command, CommandResult } from '../../../../src/core/commands/context.js';
import { prepare } from '../../../../src/core/commands/prepare.js';
import { readInputs } from '../../../../src/core/inputs/read.js';
import type { CommandName } from '../../../../src/core/inputs/types.js';
import { readPlan, writePlan } from '../../../../src/core/plan/io.js';
import type { RelocationPlan } from '../../../../src/core/plan/model.js';
import { RELOCATION_TAG } from '../../../../src/core/prepare/checks.js';
import {
  armOptions,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../../emulator/helpers/testEmulator.js';
import { FakeHost } from '../../../helpers/fake-host.js';

export const TARGET_NAME = 'acrtargetverify';
export const TARGET_LOCATION = 'northeurope';

export interface RegistryHandle {
  name: string;
  resourceGroup: string;
  id: string;
  loginServer: string;
  store: RegistryStore;
}

export interface Seeded {
  image: GeneratedArtifact;
  multi: GeneratedArtifact;
  signature: GeneratedArtifact;
  untagged: GeneratedArtifact;
}

export interface CommandRun {
  host: FakeHost;
  result: CommandResult;
}

export class World {
  readonly arm: ContainerRegistryManagementClient;
  readonly workspace = mkdtempSync(join(tmpdir(), 'verify-world-'));
  readonly planPath = join(this.workspace, 'relocation', 'plan.json');
  readonly reportPath = join(this.workspace, 'relocation', 'verify-report.json');
  plan!: RelocationPlan;
  target!: RegistryHandle;

  private constructor(
    readonly emulator: Emulator,
    readonly credential: ClientSecretCredential,
    readonly source: RegistryHandle,
    readonly seeded: Seeded,
  ) {
    this.arm = new ContainerRegistryManagementClient(credential, emulator.subscriptionId, armOptions(emulator));
  }

  static async start(options: EmulatorOptions = {}, seed: (world: World) => void = () => undefined): Promise<World> {
    const emulator = await startTestEmulator({ throttling: false, lro: { durationMs: 5 }, ...options });
    const info = emulator.registries()[0]!;
    const source = { ...handle(emulator, info.name) };
    const image = generateImage('verify/web');
    const seeded: Seeded = {
      image,
      multi: generateMultiArch('verify/base'),
      signature: generateSignature('verify/sig', image.root),
      untagged: generateImage('verify/old'),
    };
    writeArtifact(source.store, 'app/web', seeded.image, ['v1', 'stable']);
    writeArtifact(source.store, 'app/web', seeded.signature);
    writeArtifact(source.store, 'app/web', seeded.untagged);
    writeArtifact(source.store, 'base', seeded.multi, ['1.0']);
    const world = new World(emulator, credentialOf(emulator), source, seeded);
    seed(world);
    return world;
  }

  /** The real prepare command writes the plan (`extra` inputs, e.g. consumer scope). */
  async prepare(extra: Record<string, string> = {}): Promise<RelocationPlan> {
    const run = await this.run(prepare, 'prepare', {
      'source-registry': this.source.name,
      'source-resource-group': this.source.resourceGroup,
      'target-registry': TARGET_NAME,
      'target-location': TARGET_LOCATION,
      ...extra,
    });
    if (run.result.failure) throw new Error(`prepare failed: ${run.result.failure}`);
    this.plan = await readPlan(this.planPath);
    return this.plan;
  }

  /** Change the plan (as if prepare had seen something else) and write it with a new fingerprint. */
  async rewritePlan(change: (plan: Omit<RelocationPlan, 'fingerprint'>) => void): Promise<RelocationPlan> {
    const { fingerprint: _old, ...draft } = structuredClone(this.plan);
    change(draft);
    this.plan = await writePlan(this.planPath, draft);
    return this.plan;
  }

  /** What redeploy does: the target with the plan's settings and the relocation's tag. */
  async redeploy(): Promise<void> {
    const s = this.plan.target.settings;
    await this.arm.registries.beginCreateAndWait(
      this.plan.target.resourceGroup,
      TARGET_NAME,
      {
        location: this.plan.target.location,
        sku: { name: s.sku },
        tags: { ...s.tags, [RELOCATION_TAG]: this.plan.relocationId },
        adminUserEnabled: s.adminUserEnabled,
        publicNetworkAccess: s.publicNetworkAccess,
        anonymousPullEnabled: s.anonymousPullEnabled,
        dataEndpointEnabled: s.dataEndpointEnabled,
        zoneRedundancy: s.zoneRedundancy,
      },
      FAST_POLL,
    );
    for (const location of this.plan.mapping.replicationLocations) {
      await this.arm.replications.beginCreateAndWait(
        this.plan.target.resourceGroup,
        TARGET_NAME,
        location.replace(/\s+/g, '').toLowerCase(),
        { location },
        FAST_POLL,
      );
    }
    this.target = handle(this.emulator, TARGET_NAME);
  }

  /** What import-artifacts does: every manifest of the plan, by digest, with its tags. */
  importAll(): void {
    for (const repository of this.plan.artifacts.repositories) {
      for (const manifest of repository.manifests) {
        copyManifest(
          { store: this.source.store, repository: repository.name },
          { store: this.target.store, repository: repository.name },
          manifest.digest,
          { tags: manifest.tags },
        );
      }
    }
  }

  /** prepare + redeploy + import: a complete relocation. */
  async relocate(extra: Record<string, string> = {}): Promise<void> {
    await this.prepare(extra);
    await this.redeploy();
    this.importAll();
  }

  async run(command: Command, name: CommandName, inputs: Record<string, string | undefined>): Promise<CommandRun> {
    const host = new FakeHost(
      {
        'arm-endpoint': this.emulator.arm.armUrl,
        'authority-host': this.emulator.entra.url,
        'subscription-id': this.emulator.subscriptionId,
        ...inputs,
      },
      { workspace: this.workspace, credential: this.credential },
    );
    const parsed = readInputs(name, host);
    const cloud = resolveCloud(undefined, {
      armEndpoint: parsed.string('arm-endpoint'),
      authorityHost: parsed.string('authority-host'),
    });
    const result = await command.run({ host, inputs: parsed, cloud, credential: async () => this.credential });
    return { host, result };
  }

  /**
   * Requests after `seq` that could change something: anything but GET/HEAD, except signing in
   * (Entra, the registries' token endpoints).
   */
  writesSince(seq: number) {
    return this.emulator.requests
      .list({ afterSeq: seq })
      .filter((e) => e.service !== 'entra' && !['GET', 'HEAD'].includes(e.method))
      .filter((e) => !/\/oauth2\/(exchange|token)$/.test(e.path.split('?')[0]!));
  }

  stop(): Promise<void> {
    return this.emulator.stop();
  }
}

export function handle(emulator: Emulator, name: string): RegistryHandle {
  const info = emulator.registries().find((r) => r.name === name);
  const runtime = emulator.dataPlanes.get(name);
  if (!info || !runtime) throw new Error(`registry ${name} is not running`);
  return {
    name,
    resourceGroup: info.resourceGroup,
    id: info.resourceId,
    loginServer: info.loginServer,
    store: runtime.store,
  };
}

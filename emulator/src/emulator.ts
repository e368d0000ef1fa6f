/**
 * Assembles a running emulator: TLS, Entra ID, ARM with its providers, a data plane per registry,
 * faults, throttling, the request log and seed scenarios. startEmulator() in index.ts is the entry.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateTls, type TlsMaterial } from './tls/ca.js';
import { trustCaInProcess } from './tls/trust.js';
import { RequestLog } from './http/requestLog.js';
import { FaultEngine } from './faults/engine.js';
import { Directory } from './entra/directory.js';
import { loadOrCreateSigningKey } from './entra/keys.js';
import { EntraService } from './entra/service.js';
import { TOKEN_EXCHANGE_AUDIENCE } from './entra/oidcAdo.js';
import { ArmService } from './arm/service.js';
import { AZURE_THROTTLING, type ThrottlingConfig } from './arm/throttle.js';
import { PUBLIC_ARM_AUDIENCES } from './arm/auth.js';
import { createAdminHandler, type EmulatorSettings } from './arm/admin.js';
import { createResourcesProvider } from './arm/providers/resources/index.js';
import { createAuthorizationProvider } from './arm/providers/authorization/index.js';
import { roleLookup } from './arm/providers/authorization/roleDefinitions.js';
import { createContainerRegistryProvider } from './arm/providers/containerregistry/index.js';
import { createWorkloadProviders } from './arm/providers/workloads.js';
import { createNetworkProvider } from './arm/providers/network/index.js';
import { DataPlaneHost } from './arm/providers/containerregistry/dataPlaneHost.js';
import { createRegistryChildrenProvider } from './arm/providers/containerregistry/childProvider.js';
import { ACR_AUDIENCE } from './arm/providers/containerregistry/registryControl.js';
import { REGISTRY_TYPE } from './arm/providers/containerregistry/registryModel.js';
import type { ArmProvider } from './arm/provider.js';
import { initialState, loadState, saveState, type EmulatorState } from './state/emulatorState.js';
import { bootstrapOwnerAssignments } from './seed/bootstrap.js';
import { SeedArmClient } from './seed/armClient.js';
import { runScenarios, scenarioContext } from './seed/context.js';
import { DEFAULTS, type ConnectionInfo, type EmulatorOptions, type RegistryInfo } from './options.js';

export class Emulator {
  readonly requests = new RequestLog();
  readonly faults: FaultEngine;
  readonly directory: Directory;
  readonly entra: EntraService;
  readonly arm: ArmService;
  readonly dataPlanes: DataPlaneHost;
  readonly tls: TlsMaterial;
  private stopped = false;

  private constructor(
    readonly stateDir: string,
    private readonly ephemeral: boolean,
    readonly state: EmulatorState,
    options: EmulatorOptions,
    extraProviders: readonly ArmProvider[],
  ) {
    this.tls = loadOrCreateTls(options.caDir ?? stateDir);
    this.faults = new FaultEngine(state.seed);
    this.directory = new Directory(state.directory, () => saveState(stateDir, state));
    const keys = {
      entra: loadOrCreateSigningKey(stateDir, 'entra'),
      github: loadOrCreateSigningKey(stateDir, 'github'),
      ado: loadOrCreateSigningKey(stateDir, 'ado'),
    };
    this.entra = new EntraService({
      directory: this.directory,
      keys,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? DEFAULTS.tokenLifetimeSeconds,
      oidcTokenLifetimeSeconds: options.oidcTokenLifetimeSeconds ?? DEFAULTS.oidcTokenLifetimeSeconds,
      adoPipeline: state.ado,
      knownResources: () => this.knownResources(),
      faults: this.faults.hook,
      log: this.requests.logger,
    });
    this.entra.github.addJob(state.github);
    this.arm = new ArmService({
      stateDir,
      tenantId: state.directory.tenantId,
      subscriptionIds: () => state.subscriptions.map((s) => s.subscriptionId),
      directory: this.directory,
      tokens: this.entra.tokens,
      entraUrl: () => this.entra.url,
      faults: this.faults.hook,
      log: this.requests.logger,
      // Seeding runs unthrottled; the configured limits apply once start() finishes.
      throttling: { ...AZURE_THROTTLING, enabled: false },
      lro: {
        durationMs: options.lro?.durationMs ?? DEFAULTS.lroDurationMs,
        retryAfterSeconds:
          options.lro?.retryAfterSeconds === null
            ? undefined
            : (options.lro?.retryAfterSeconds ?? DEFAULTS.lroRetryAfterSeconds),
      },
      pageSize: options.pageSize ?? DEFAULTS.pageSize,
      rbac: false,
      roles: (id) => roleLookup(this.arm.store)(id),
      admin: createAdminHandler({
        requests: this.requests,
        faults: this.faults,
        throttle: () => this.arm.throttle,
        info: () => this.connectionInfo(),
        applySettings: (s) => this.applySettings(s),
      }),
    });
    this.dataPlanes = new DataPlaneHost({
      stateDir,
      tls: () => this.tls,
      log: this.requests.logger,
      faults: this.faults.hook,
      store: this.arm.store,
      roles: (id) => roleLookup(this.arm.store)(id),
      tokens: this.entra.tokens,
      armUrl: () => this.arm.armUrl,
    });
    this.arm.register(
      createResourcesProvider({
        subscriptions: () => state.subscriptions,
        providers: () => this.arm.router.allProviders(),
      }),
    );
    this.arm.register(createAuthorizationProvider());
    this.arm.register(createContainerRegistryProvider(this.dataPlanes, this.arm.store));
    this.arm.register(
      createRegistryChildrenProvider({
        host: this.dataPlanes,
        tls: () => this.tls,
        rbacEnabled: () => this.arm.rbacEnabled,
        importLatencyMs: () => options.importLatencyMs ?? 0,
      }),
    );
    const workloads = createWorkloadProviders({
      caPem: () => this.tls.caCertPem,
      providers: () => this.arm.router.allProviders(),
      requests: this.requests,
      registrySize: (name) => this.dataPlanes.sizeOf(name),
    });
    for (const provider of workloads) this.arm.register(provider);
    this.arm.register(createNetworkProvider({ rbacEnabled: () => this.arm.rbacEnabled }));
    for (const provider of extraProviders) this.arm.register(provider);
  }

  /** Starts an emulator; `extraProviders` are more ARM providers (see emulator/README.md). */
  static async start(options: EmulatorOptions = {}, extraProviders: readonly ArmProvider[] = []): Promise<Emulator> {
    const ephemeral = options.stateDir === undefined;
    const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'acr-relocate-emulator-'));
    mkdirSync(stateDir, { recursive: true });
    const state = loadState(stateDir) ?? initialState(options.seed ?? DEFAULTS.seed);
    saveState(stateDir, state);
    const emulator = new Emulator(stateDir, ephemeral, state, options, extraProviders);
    try {
      await emulator.boot(options);
    } catch (err) {
      await emulator.stop();
      throw err;
    }
    return emulator;
  }

  private async boot(options: EmulatorOptions): Promise<void> {
    await this.entra.start(this.tls, this.state.ports.entra);
    this.writeMainFederatedCredentials();
    bootstrapOwnerAssignments(this.arm.store, this.state);
    await this.arm.start(this.tls, this.state.ports.arm);
    this.state.ports = { arm: this.arm.port, entra: this.entra.port };
    saveState(this.stateDir, this.state);
    const main = this.mainPrincipal();
    const client = new SeedArmClient({
      armUrl: this.arm.armUrl,
      authorityHost: this.entra.url,
      tenantId: this.tenantId,
      clientId: main.clientId,
      clientSecret: main.secrets[0] ?? '',
      caPem: this.tls.caCertPem,
    });
    const context = scenarioContext({
      seed: this.state.seed,
      subscriptionId: this.subscriptionId,
      tenantId: this.tenantId,
      mainPrincipalId: main.objectId,
      arm: client,
      directory: this.directory,
      dataPlane: this.dataPlanes,
    });
    this.state.appliedScenarios = await runScenarios(
      options.scenarios ?? DEFAULTS.scenarios,
      this.state.appliedScenarios,
      context,
    );
    saveState(this.stateDir, this.state);
    // What seeding did is not what tests observe: start with an empty log and the configured knobs.
    this.requests.clear();
    this.arm.throttle.configure(throttlingOf(options.throttling));
    this.arm.rbacEnabled = options.rbac ?? false;
    this.faults.add(options.faults ?? []);
    if (options.trustCaInProcess) trustCaInProcess(this.tls.caCertPem);
  }

  get tenantId(): string {
    return this.state.directory.tenantId;
  }

  get subscriptionId(): string {
    return this.state.subscriptions[0]?.subscriptionId ?? '';
  }

  mainPrincipal() {
    const principal = this.directory.byClientId(this.state.mainClientId);
    if (!principal) throw new Error('main service principal missing from the directory');
    return principal;
  }

  /** Registries in creation order, with their admin credentials when the admin user is enabled. */
  registries(): RegistryInfo[] {
    return this.arm.store.list({ type: REGISTRY_TYPE }).map((r) => {
      const props = r.body.properties as { loginServer?: string; adminUserEnabled?: boolean };
      const passwords = (r.internal.adminPasswords as string[] | undefined) ?? [];
      return {
        name: String(r.body.name),
        resourceGroup: r.id.split('/')[4] ?? '',
        resourceId: r.id,
        location: String(r.body.location),
        loginServer: props.loginServer ?? '',
        ...(props.adminUserEnabled ? { adminUser: String(r.body.name), adminPassword: passwords[0] ?? '' } : {}),
      };
    });
  }

  connectionInfo(): ConnectionInfo {
    const main = this.mainPrincipal();
    return {
      tenantId: this.tenantId,
      subscriptionId: this.subscriptionId,
      clientId: main.clientId,
      clientSecret: main.secrets[0] ?? '',
      authorityHost: this.entra.url,
      armEndpoint: this.arm.armUrl,
      caFile: this.tls.caFile,
      registries: this.registries(),
    };
  }

  applySettings(settings: EmulatorSettings): void {
    if (settings.rbac !== undefined) this.arm.rbacEnabled = settings.rbac;
    if (settings.tokenLifetimeSeconds !== undefined) this.entra.setTokenLifetime(settings.tokenLifetimeSeconds);
    if (settings.lroDurationMs !== undefined) this.arm.lro.settings.durationMs = settings.lroDurationMs;
    if (settings.lroRetryAfterSeconds !== undefined)
      this.arm.lro.settings.retryAfterSeconds = settings.lroRetryAfterSeconds ?? undefined;
    if (settings.pageSize !== undefined) this.arm.pageSize = settings.pageSize;
  }

  /** Stops every listener; an emulator started without stateDir also deletes its state. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.arm.stop();
    await this.entra.stop();
    if (this.ephemeral) rmSync(this.stateDir, { recursive: true, force: true });
  }

  private knownResources(): string[] {
    const registries = this.dataPlanes.all().map((r) => `https://${r.loginServer}`);
    const arm = this.arm.port === undefined ? [] : [this.arm.armUrl];
    return [...arm, ...PUBLIC_ARM_AUDIENCES, ACR_AUDIENCE, ...registries];
  }

  /** The main principal trusts the fake GitHub job and Azure DevOps service connection (issuer URLs carry the port). */
  private writeMainFederatedCredentials(): void {
    const { github, ado } = this.entra;
    const connection = this.state.ado.serviceConnections[0];
    this.directory.addFederatedCredential(this.state.mainClientId, {
      name: 'github-actions',
      issuer: github.issuer,
      subject: github.subjectOf(this.state.github),
      audiences: [TOKEN_EXCHANGE_AUDIENCE],
    });
    if (connection) {
      this.directory.addFederatedCredential(this.state.mainClientId, {
        name: 'azure-devops',
        issuer: ado.issuer,
        subject: ado.subjectOf(connection),
        audiences: [TOKEN_EXCHANGE_AUDIENCE],
      });
    }
  }
}

function throttlingOf(option: EmulatorOptions['throttling']): ThrottlingConfig {
  if (option === false) return { ...AZURE_THROTTLING, enabled: false };
  if (option === true || option === undefined) return { ...AZURE_THROTTLING };
  return { ...AZURE_THROTTLING, ...option };
}

/**
 * The ARM listener: registered providers behind the request pipeline, plus the emulator's admin
 * endpoints under /_emulator (see admin.ts). Implements the ArmContext handlers receive.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultHook, RequestLogger } from '../shared/contract.js';
import { listenHttpsPreferring, type HttpsListener } from '../http/server.js';
import type { TlsMaterial } from '../tls/ca.js';
import type { AccessTokenIssuer } from '../entra/accessTokens.js';
import type { Directory } from '../entra/directory.js';
import { requestUrl, sendJson } from '../http/io.js';
import { ArmRouter } from './router.js';
import { withOperationRoutes } from './operationRoutes.js';
import { handleArmRequest } from './pipeline.js';
import { LroManager, type LroSettings } from './lro.js';
import { Throttle, type ThrottlingConfig } from './throttle.js';
import { ResourceStore, type StoredResource } from './store.js';
import { pageOf } from './paging.js';
import { resourceGroupNotFound, subscriptionNotFound } from './errors.js';
import { resourceGroupId } from './resourceId.js';
import type { ArmContext, ArmProvider, ArmRequest } from './provider.js';
import type { RoleLookup } from './rbac.js';

export const RESOURCE_GROUP_TYPE = 'Microsoft.Resources/resourceGroups';

export interface ArmServiceOptions {
  stateDir?: string;
  tenantId: string;
  subscriptionIds: () => readonly string[];
  directory: Directory;
  tokens: AccessTokenIssuer;
  entraUrl: () => string;
  faults: FaultHook;
  log: RequestLogger;
  throttling: ThrottlingConfig;
  lro: LroSettings;
  pageSize: number;
  rbac: boolean;
  roles: RoleLookup;
  /** Serves /_emulator/* requests; returns false when the path is not an admin endpoint. */
  admin?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

export class ArmService implements ArmContext {
  readonly store: ResourceStore;
  readonly lro: LroManager;
  readonly throttle: Throttle;
  readonly internalCallSecret = randomBytes(16).toString('hex');
  readonly router = new ArmRouter();
  rbacEnabled: boolean;
  pageSize: number;
  private listener?: HttpsListener;
  private readonly providers: ArmProvider[] = [];

  constructor(private readonly options: ArmServiceOptions) {
    this.store = new ResourceStore(options.stateDir);
    this.lro = new LroManager(() => this.armUrl, options.faults, { ...options.lro });
    this.throttle = new Throttle(options.throttling);
    this.rbacEnabled = options.rbac;
    this.pageSize = options.pageSize;
  }

  get armUrl(): string {
    if (!this.listener) throw new Error('ARM service is not started');
    return this.listener.url;
  }

  get port(): number | undefined {
    return this.listener?.port;
  }

  get tenantId(): string {
    return this.options.tenantId;
  }

  get directory(): Directory {
    return this.options.directory;
  }

  get faults(): FaultHook {
    return this.options.faults;
  }

  /** Adds a provider; several may share a namespace (see ArmRouter.register). Call before start(). */
  register(provider: ArmProvider): void {
    this.router.register(provider);
    this.providers.push(provider);
  }

  async start(tls: TlsMaterial, preferredPort?: number): Promise<void> {
    this.router.finalize(withOperationRoutes);
    this.listener = await listenHttpsPreferring(
      tls,
      (req, res) => this.handle(req, res),
      (err, _req, res) => fail(res, err),
      preferredPort,
    );
    for (const provider of this.providers) await provider.start?.(this);
  }

  async stop(): Promise<void> {
    this.lro.stop();
    for (const provider of this.providers) await provider.stop?.();
    await this.listener?.close();
    this.store.flush();
  }

  subscriptionIds(): readonly string[] {
    return this.options.subscriptionIds();
  }

  requireSubscription(subscriptionId: string): void {
    if (!this.subscriptionIds().some((id) => id.toLowerCase() === subscriptionId.toLowerCase())) {
      throw subscriptionNotFound(subscriptionId);
    }
  }

  requireResourceGroup(subscriptionId: string, resourceGroupName: string): StoredResource {
    this.requireSubscription(subscriptionId);
    const group = this.store.get(resourceGroupId(subscriptionId, resourceGroupName));
    if (!group) throw resourceGroupNotFound(resourceGroupName);
    return group;
  }

  page<T>(items: readonly T[], req: ArmRequest): { value: T[]; nextLink?: string } {
    const rawPath = requestUrl(req.raw).pathname.replace(/\/{2,}/g, '/');
    return pageOf(items, this.armUrl, rawPath, req.query, this.pageSize);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if ((req.url ?? '').startsWith('/_emulator/') && this.options.admin && (await this.options.admin(req, res))) return;
    await handleArmRequest(
      {
        router: this.router,
        context: this,
        tokens: this.options.tokens,
        entraUrl: this.options.entraUrl,
        throttle: this.throttle,
        faults: this.options.faults,
        log: this.options.log,
        rbacEnabled: () => this.rbacEnabled,
        roles: this.options.roles,
      },
      req,
      res,
    );
  }
}

function fail(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, 500, { error: { code: 'InternalServerError', message: `Internal emulator error: ${String(err)}` } });
}

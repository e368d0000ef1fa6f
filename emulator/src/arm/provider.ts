/**
 * The resource-provider plug-in API. A provider is a namespace, its resource types (with the
 * api-versions Azure publishes for them) and routes. The framework does everything that is the same
 * for every ARM request before a route's handler runs: request ids, logging, api-version checks,
 * authentication, throttling, fault injection, RBAC and management locks. See emulator/README.md.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { FaultHook } from '../shared/contract.js';
import type { Directory } from '../entra/directory.js';
import type { ResourceStore, StoredResource } from './store.js';
import type { LroManager } from './lro.js';

export type HttpMethod = 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST' | 'HEAD';

export interface ResourceTypeSpec {
  /** Type within the namespace: 'registries', 'registries/replications', 'locations/operationResults'. */
  resourceType: string;
  /** Every api-version Azure accepts for this type (stable and preview). */
  apiVersions: readonly string[];
  /** Region display names ('East US'); default: every emulated region. [] for global types. */
  locations?: readonly string[];
  /** As in GET /providers: 'SupportsTags, SupportsLocation', 'None', … */
  capabilities?: string;
}

export interface ArmPrincipal {
  /** Object id (`oid` claim): what role assignments name. */
  objectId: string;
  /** Application id (`appid` claim). */
  clientId: string;
  tenantId: string;
}

export interface ArmRequest {
  method: HttpMethod;
  /** Decoded path without the query, e.g. /subscriptions/…/registries/myregistry */
  path: string;
  query: URLSearchParams;
  /** Template parameters, e.g. { subscriptionId, resourceGroupName, registryName } or { scope }. */
  params: Record<string, string>;
  apiVersion: string;
  /** Parsed JSON body (undefined when the request has none). */
  body: unknown;
  principal: ArmPrincipal;
  headers: IncomingHttpHeaders;
  raw: IncomingMessage;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ArmRoute {
  method: HttpMethod;
  /** Path template: `{name}` one segment, `{*name}` a scope of zero or more segments. */
  path: string;
  /** Resource type (in the provider's namespace) whose api-versions this route accepts. */
  resourceType: string;
  /** RBAC action; default `${namespace}/${resourceType}/read|write|delete` or `…/${last segment}/action` for POST. */
  action?: string;
  /** Scope for RBAC and locks; default: the request path (without a POST action's last segment). */
  scope?: (req: ArmRequest) => string;
  /** Operation kind for faults and the request log; default arm:read|write|delete|action by method. */
  kind?: string;
  /** Skip management-lock checks (lock and role-assignment management themselves). */
  lockExempt?: boolean;
  /** Skip RBAC (the framework's operation-status polling routes). */
  rbacExempt?: boolean;
  handle(req: ArmRequest, ctx: ArmContext): ArmResponse | Promise<ArmResponse>;
}

export interface ArmProvider {
  /** e.g. Microsoft.ContainerRegistry */
  namespace: string;
  resourceTypes: readonly ResourceTypeSpec[];
  routes: readonly ArmRoute[];
  /**
   * ARM's own endpoints (subscriptions, resource groups, providers) answer a bad api-version with
   * 400 InvalidApiVersionParameter; resource providers with 400 NoRegisteredProviderFound.
   */
  builtIn?: boolean;
  /** Called once the ARM listener is up (e.g. to restart data-plane listeners of stored registries). */
  start?(ctx: ArmContext): Promise<void> | void;
  stop?(): Promise<void> | void;
}

/** What the framework offers handlers. Providers close over anything else they need at construction. */
export interface ArmContext {
  /** https://127.0.0.1:<port>, for ids in Location headers and nextLinks. */
  readonly armUrl: string;
  /**
   * Secret that marks ARM's own calls on a caller's behalf (a deployment applying its resources):
   * sent in the INTERNAL_CALL_HEADER, such calls are not charged to the caller's throttling bucket,
   * as real ARM does not bill a deployment's internal work to the client.
   */
  readonly internalCallSecret: string;
  readonly tenantId: string;
  readonly store: ResourceStore;
  readonly lro: LroManager;
  readonly directory: Directory;
  readonly faults: FaultHook;
  /** Subscription ids the emulator serves. */
  subscriptionIds(): readonly string[];
  /** Throws 404 SubscriptionNotFound unless the subscription exists. */
  requireSubscription(subscriptionId: string): void;
  /** Throws 404 ResourceGroupNotFound unless the resource group exists; returns it. */
  requireResourceGroup(subscriptionId: string, resourceGroupName: string): StoredResource;
  /** One page of `items` per the request's $top/$skipToken and the page size, with nextLink. */
  page<T>(items: readonly T[], req: ArmRequest): { value: T[]; nextLink?: string };
}

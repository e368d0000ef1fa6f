/**
 * An in-process emulator for the Microsoft.ContainerRegistry child-resource and importImage tests:
 * short long-running operations, the real @azure/arm-containerregistry client, raw ARM calls (for
 * spec example replays and headers), and data-plane access to each registry (store and HTTPS client).
 *
 *   const h = await startHarness();
 *   const registry = await h.createRegistry('childtest01', { sku: 'Premium' });
 *   … h.client.replications.beginCreateAndWait(h.group, registry.name, …) …
 *   await h.stop();
 */
import { ClientSecretCredential } from '@azure/identity';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import {
  startEmulator,
  type Emulator,
  type EmulatorOptions,
  type ConnectionInfo,
} from '../../../../emulator/src/index.js';
import { RegistryClient } from '../../../../emulator/src/seed/oci-client.js';
import type { RegistryRuntime } from '../../../../emulator/src/arm/providers/containerregistry/dataPlaneHost.js';
import type { ServicePrincipal } from '../../../../emulator/src/entra/directory.js';
import { RESOURCES_API, principalFor } from '../../../../emulator/src/seed/scenarios.js';
import { httpsRequest, type RawReply } from '../../helpers/testEmulator.js';

export const API = '2025-11-01';
export const GROUP = 'rg-children';
export const LOCATION = 'westeurope';
/** SDK pollers ignore `Retry-After: 0` and wait 2 s by default; the emulator's operations take ms. */
export const FAST = { updateIntervalInMs: 5 };

export type { RawReply };

export interface Harness {
  emulator: Emulator;
  info: ConnectionInfo;
  client: ContainerRegistryManagementClient;
  group: string;
  subscriptionId: string;
  /** Creates a registry through the SDK (Premium, admin user on unless overridden). */
  createRegistry(
    name: string,
    options?: { sku?: string; location?: string; group?: string; properties?: Record<string, unknown> },
  ): Promise<RegistryRuntime>;
  createGroup(name: string): Promise<void>;
  registryId(name: string): string;
  runtime(name: string): RegistryRuntime;
  /** A data-plane client with the registry's admin credentials (or the given ones, or none). */
  dataPlane(name: string, credentials?: { username: string; password: string } | null): RegistryClient;
  /** A raw ARM call as the main principal (path relative to the ARM endpoint; api-version 2025-11-01 unless given). */
  arm(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<RawReply>;
  /** Adds a service principal to the tenant and returns an SDK client acting as it. */
  otherClient(name: string): { principal: ServicePrincipal; client: ContainerRegistryManagementClient };
  stop(): Promise<void>;
}

export async function startHarness(options: EmulatorOptions = {}, group = GROUP): Promise<Harness> {
  const emulator = await startEmulator({
    trustCaInProcess: true,
    lro: { durationMs: 5, retryAfterSeconds: 0 },
    throttling: false,
    ...options,
  });
  const info = emulator.connectionInfo();
  const credentialFor = (clientId: string, secret: string) =>
    new ClientSecretCredential(info.tenantId, clientId, secret, {
      authorityHost: info.authorityHost,
      disableInstanceDiscovery: true,
    });
  const clientFor = (clientId: string, secret: string) =>
    new ContainerRegistryManagementClient(credentialFor(clientId, secret), info.subscriptionId, {
      endpoint: info.armEndpoint,
    });
  const mainCredential = credentialFor(info.clientId, info.clientSecret);
  const client = clientFor(info.clientId, info.clientSecret);
  const registryId = (name: string) =>
    `/subscriptions/${info.subscriptionId}/resourceGroups/${group}/providers/Microsoft.ContainerRegistry/registries/${name}`;
  const runtime = (name: string) => {
    const found = emulator.dataPlanes.get(name);
    if (!found) throw new Error(`no data plane for registry ${name}`);
    return found;
  };
  const arm = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RawReply> => {
    const token = await mainCredential.getToken(`${info.armEndpoint}/.default`);
    const url = new URL(`${info.armEndpoint}${path}`);
    if (!url.searchParams.has('api-version')) url.searchParams.set('api-version', API);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const contentHeaders: Record<string, string> = payload
      ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) }
      : {};
    return httpsRequest(url.toString(), {
      method,
      headers: { Authorization: `Bearer ${token?.token ?? ''}`, ...headers, ...contentHeaders },
      body: payload,
    });
  };
  const createGroup = async (name: string) => {
    const created = await arm(
      'PUT',
      `/subscriptions/${info.subscriptionId}/resourcegroups/${name}?api-version=${RESOURCES_API}`,
      { location: LOCATION },
    );
    if (created.status >= 300) throw new Error(`resource group ${name}: HTTP ${created.status}`);
  };
  await createGroup(group);
  return {
    emulator,
    info,
    client,
    group,
    subscriptionId: info.subscriptionId,
    registryId,
    runtime,
    arm,
    createGroup,
    async createRegistry(name, opts = {}) {
      await client.registries.beginCreateAndWait(
        opts.group ?? group,
        name,
        {
          location: opts.location ?? LOCATION,
          sku: { name: opts.sku ?? 'Premium' },
          adminUserEnabled: true,
          ...(opts.properties ?? {}),
        },
        FAST,
      );
      return runtime(name);
    },
    dataPlane(name, credentials) {
      const registry = runtime(name);
      const admin = registry.control.adminCredentials();
      const chosen =
        credentials === undefined
          ? admin
            ? { username: admin.username, password: admin.passwords[0] ?? '' }
            : undefined
          : (credentials ?? undefined);
      return new RegistryClient({
        baseUrl: `https://${registry.loginServer}`,
        ca: emulator.tls.caCertPem,
        ...(chosen ? { credentials: chosen } : {}),
      });
    },
    otherClient(name) {
      const principal = emulator.directory.upsert(principalFor('children-tests', name, true));
      return { principal, client: clientFor(principal.clientId, principal.secrets[0] ?? '') };
    },
    stop: () => emulator.stop(),
  };
}

/** Polls `check` until it returns a value (not undefined), failing after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Collects an SDK pager. */
export async function all<T>(pager: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of pager) out.push(item);
  return out;
}

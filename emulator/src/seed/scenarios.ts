/**
 * Seed scenarios: named functions that put an emulator into a known state (resource groups,
 * registries, principals, role assignments, images). They run once per state directory, in the
 * order given, through the real ARM API (see armClient.ts). Other modules register more scenarios
 * with registerScenario(); 'minimal' is built in.
 */
import { createHash } from 'node:crypto';
import { deterministicSecret, deterministicUuid } from '../shared/ids.js';
import type { Directory, ServicePrincipal } from '../entra/directory.js';
import type { RegistryRuntime } from '../arm/providers/containerregistry/dataPlaneHost.js';
import type { SeedArmClient } from './armClient.js';

export const RESOURCES_API = '2025-04-01';
export const REGISTRY_API = '2025-11-01';
export const AUTHORIZATION_API = '2022-04-01';

export interface ScenarioContext {
  seed: string;
  subscriptionId: string;
  tenantId: string;
  /** Object id of the main service principal. */
  mainPrincipalId: string;
  arm: SeedArmClient;
  directory: Directory;
  /** A UUID derived from the seed and `name` (stable across runs). */
  id(name: string): string;
  createResourceGroup(name: string, location: string, tags?: Record<string, string>): Promise<void>;
  /** Creates a registry (Registries_Create body) and returns its running data plane. */
  createRegistry(resourceGroup: string, name: string, body: Record<string, unknown>): Promise<RegistryRuntime>;
  assignRole(scope: string, principalId: string, roleDefinitionGuid: string, principalType?: string): Promise<void>;
  /** Adds a service principal (with a secret) or managed identity (withSecret false) to the tenant. */
  addPrincipal(name: string, withSecret?: boolean): ServicePrincipal;
  /** The running data plane of a registry (to push seed content into its store). */
  dataPlane(registryName: string): RegistryRuntime | undefined;
}

export type Scenario = (ctx: ScenarioContext) => Promise<void>;

const scenarios = new Map<string, Scenario>();

export function registerScenario(name: string, scenario: Scenario): void {
  if (scenarios.has(name)) throw new Error(`seed scenario '${name}' is already registered`);
  scenarios.set(name, scenario);
}

export function getScenario(name: string): Scenario {
  const scenario = scenarios.get(name);
  if (!scenario) throw new Error(`unknown seed scenario '${name}' (known: ${scenarioNames().join(', ')})`);
  return scenario;
}

export function scenarioNames(): string[] {
  return [...scenarios.keys()];
}

/** Name of the source registry the 'minimal' scenario creates for `seed` (5-50 alphanumerics). */
export function sourceRegistryName(seed: string): string {
  return `acrsource${createHash('sha256').update(seed).digest('hex').slice(0, 8)}`;
}

export const SOURCE_RESOURCE_GROUP = 'rg-relocation-source';
export const SOURCE_LOCATION = 'westeurope';

/** 'minimal': a resource group and a Premium source registry with the admin user enabled. */
registerScenario('minimal', async (ctx) => {
  await ctx.createResourceGroup(SOURCE_RESOURCE_GROUP, SOURCE_LOCATION, { purpose: 'relocation-source' });
  await ctx.createRegistry(SOURCE_RESOURCE_GROUP, sourceRegistryName(ctx.seed), {
    location: SOURCE_LOCATION,
    sku: { name: 'Premium' },
    tags: { purpose: 'relocation-source' },
    properties: { adminUserEnabled: true },
  });
});

export function principalFor(seed: string, name: string, withSecret: boolean): ServicePrincipal {
  return {
    clientId: deterministicUuid(seed, `principal-client-${name}`),
    objectId: deterministicUuid(seed, `principal-object-${name}`),
    displayName: name,
    secrets: withSecret ? [deterministicSecret(seed, `principal-secret-${name}`)] : [],
    federatedCredentials: [],
  };
}

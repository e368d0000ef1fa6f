/**
 * Seed scenarios: named functions that put an emulator into a known state (resource groups,
 * registries, principals, role assignments, images). They run once per state directory, in the
 * order given, through the real ARM API (see armClient.ts). Other modules register more scenarios
 * with registerScenario(); the built-in ones (minimal, small, large, consumers, restricted) are in
 * scenario-*.ts and the request syntax (`large:repos=100,tags=10000`) in scenarios-spec.ts.
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
  /** Every scenario this run executes, in order (set by the runner; the source registry reads it). */
  requested?: readonly ScenarioInvocation[];
}

export type ParamValue = string | number | boolean;
export type ScenarioParams = Readonly<Record<string, ParamValue>>;

/** One declared scenario parameter: a non-negative integer, a flag, or one of a few words. */
export interface ParamSpec {
  type: 'int' | 'flag' | readonly string[];
  /** Applied when the request does not give the parameter (none: the scenario derives it). */
  default?: ParamValue;
  aliases?: readonly string[];
}

/**
 * Settings a scenario needs on the source registry from its creation (zone redundancy and
 * customer-managed keys cannot be added to an existing registry in Azure): merged into the first
 * PUT of the source (scenario-source.ts).
 */
export interface SourceSettings {
  identity?: Record<string, unknown>;
  properties?: Record<string, unknown>;
}

export interface ScenarioDefinition {
  run: Scenario;
  params?: Readonly<Record<string, ParamSpec>>;
  /** Throws when parameters do not fit together (checked for every request before any scenario runs). */
  check?: (params: ScenarioParams) => void;
  sourceSettings?: (ctx: ScenarioContext, params: ScenarioParams) => SourceSettings;
}

/** A scenario as the runner executes it: its resolved parameters and the key recorded in the state. */
export interface ScenarioInvocation {
  name: string;
  params: ScenarioParams;
  key: string;
}

export type Scenario = (ctx: ScenarioContext, params: ScenarioParams) => Promise<void>;

const scenarios = new Map<string, ScenarioDefinition>();

export function registerScenario(name: string, scenario: Scenario | ScenarioDefinition): void {
  if (scenarios.has(name)) throw new Error(`seed scenario '${name}' is already registered`);
  scenarios.set(name, typeof scenario === 'function' ? { run: scenario } : scenario);
}

export function getScenario(name: string): ScenarioDefinition {
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

export function principalFor(seed: string, name: string, withSecret: boolean): ServicePrincipal {
  return {
    clientId: deterministicUuid(seed, `principal-client-${name}`),
    objectId: deterministicUuid(seed, `principal-object-${name}`),
    displayName: name,
    secrets: withSecret ? [deterministicSecret(seed, `principal-secret-${name}`)] : [],
    federatedCredentials: [],
  };
}

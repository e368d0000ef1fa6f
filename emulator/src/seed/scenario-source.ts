/**
 * The relocation source every built-in scenario shares: resource group `rg-relocation-source` and a
 * Premium registry `acrsource<hash of seed>` in westeurope (a region with availability zones) with
 * the admin user enabled, so tests and people can read it with plain credentials. The first scenario
 * of a run that needs it creates it — with the settings of every scenario of the run merged in, since
 * Azure fixes zone redundancy and customer-managed keys at creation — so it is the first registry
 * created and `registries[0]` of the emulator's connection info. Also registers 'minimal'.
 */
import type { RegistryRuntime } from '../arm/providers/containerregistry/dataPlaneHost.js';
import {
  getScenario,
  REGISTRY_API,
  registerScenario,
  SOURCE_LOCATION,
  SOURCE_RESOURCE_GROUP,
  sourceRegistryName,
  type ScenarioContext,
  type SourceSettings,
} from './scenarios.js';

/** Tags on the source registry (and its resource group), whichever scenario creates it. */
export const SOURCE_TAGS: Readonly<Record<string, string>> = {
  purpose: 'relocation-source',
  environment: 'test',
  'cost-center': 'cc-4711',
};

export interface SourceRegistry {
  name: string;
  resourceGroup: string;
  /** ARM id of the registry (as created). */
  id: string;
  loginServer: string;
  runtime: RegistryRuntime;
  /** Whether this run created it (with every requested scenario's settings). */
  created: boolean;
}

const ensured = new WeakMap<ScenarioContext, Promise<SourceRegistry>>();

/** The source registry, created on first use in a run (once, even when scenarios ask concurrently). */
export function ensureSource(ctx: ScenarioContext): Promise<SourceRegistry> {
  let pending = ensured.get(ctx);
  if (!pending) {
    pending = createSourceUnlessPresent(ctx);
    ensured.set(ctx, pending);
  }
  return pending;
}

export function sourceId(ctx: ScenarioContext): string {
  const name = sourceRegistryName(ctx.seed);
  return `/subscriptions/${ctx.subscriptionId}/resourceGroups/${SOURCE_RESOURCE_GROUP}/providers/Microsoft.ContainerRegistry/registries/${name}`;
}

async function createSourceUnlessPresent(ctx: ScenarioContext): Promise<SourceRegistry> {
  const name = sourceRegistryName(ctx.seed);
  const existing = ctx.dataPlane(name);
  if (existing) return describe(ctx, existing, false);
  await ctx.createResourceGroup(SOURCE_RESOURCE_GROUP, SOURCE_LOCATION, { ...SOURCE_TAGS });
  const runtime = await ctx.createRegistry(SOURCE_RESOURCE_GROUP, name, sourceBody(requestedSettings(ctx)));
  return describe(ctx, runtime, true);
}

function describe(ctx: ScenarioContext, runtime: RegistryRuntime, created: boolean): SourceRegistry {
  return {
    name: sourceRegistryName(ctx.seed),
    resourceGroup: SOURCE_RESOURCE_GROUP,
    id: sourceId(ctx),
    loginServer: runtime.loginServer,
    runtime,
    created,
  };
}

/** Re-applies the source's definition with `settings` (a scenario added to an existing state directory). */
export async function applySourceSettings(ctx: ScenarioContext, settings: SourceSettings): Promise<void> {
  await ctx.arm.send('PUT', sourceId(ctx), REGISTRY_API, sourceBody([settings]));
}

/** The Registries_Create body of the source with `settings` merged in (policies and properties deep). */
export function sourceBody(settings: readonly SourceSettings[]): Record<string, unknown> {
  let properties: Record<string, unknown> = { adminUserEnabled: true };
  let identity: Record<string, unknown> | undefined;
  for (const contribution of settings) {
    properties = mergeDeep(properties, contribution.properties ?? {});
    if (contribution.identity) identity = mergeDeep(identity ?? {}, contribution.identity);
  }
  return {
    location: SOURCE_LOCATION,
    sku: { name: 'Premium' },
    tags: { ...SOURCE_TAGS },
    ...(identity ? { identity } : {}),
    properties,
  };
}

function requestedSettings(ctx: ScenarioContext): SourceSettings[] {
  return (ctx.requested ?? []).flatMap((invocation) => {
    const contribute = getScenario(invocation.name).sourceSettings;
    return contribute ? [contribute(ctx, invocation.params)] : [];
  });
}

function mergeDeep(base: Record<string, unknown>, change: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(change)) {
    const current = out[key];
    out[key] = isObject(value) && isObject(current) ? mergeDeep(current, value) : value;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** 'minimal': the source registry alone. */
registerScenario('minimal', async (ctx) => {
  await ensureSource(ctx);
});

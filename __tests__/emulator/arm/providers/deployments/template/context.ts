/** A template evaluation context for unit tests: fixed scope objects and recorded reference()/list*() calls. */
import {
  createContext,
  loadTemplate,
} from '../../../../../../emulator/src/arm/providers/deployments/template/template.js';
import type { DeploymentEnvironment } from '../../../../../../emulator/src/arm/providers/deployments/template/functionTypes.js';
import type {
  JsonObject,
  JsonValue,
  Value,
} from '../../../../../../emulator/src/arm/providers/deployments/template/values.js';

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
export const GROUP_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-test`;

export const ENVIRONMENT: DeploymentEnvironment = {
  subscription: {
    id: `/subscriptions/${SUBSCRIPTION}`,
    subscriptionId: SUBSCRIPTION,
    tenantId: 'tenant-1',
    displayName: 'Test',
  },
  resourceGroup: {
    id: GROUP_ID,
    name: 'rg-test',
    type: 'Microsoft.Resources/resourceGroups',
    location: 'westeurope',
    properties: { provisioningState: 'Succeeded' },
  },
  deployment: { name: 'dep1', properties: {} },
  tenant: { tenantId: 'tenant-1' },
  environment: { name: 'AzureCloud', suffixes: { acrLoginServer: '.azurecr.io' } },
};

export interface Calls {
  references: Array<{ target: string; apiVersion?: string; full: boolean }>;
  lists: Array<{ action: string; resourceId: string; apiVersion: string; body?: JsonValue }>;
}

/** A context over `template` (default: a few parameters and variables) whose reference() answers from `resources`. */
export async function testContext(
  template: JsonObject = {},
  provided: JsonObject = {},
  resources: Record<string, JsonObject> = {},
) {
  const calls: Calls = { references: [], lists: [] };
  const loaded = loadTemplate({ resources: [], ...template });
  const ctx = createContext(loaded, provided, ENVIRONMENT, {
    reference: async (target, apiVersion, full): Promise<Value> => {
      calls.references.push({ target, ...(apiVersion ? { apiVersion } : {}), full });
      const found = resources[target];
      if (!found) throw new Error(`no resource ${target}`);
      return full ? found : ((found.properties ?? {}) as JsonValue);
    },
    list: async (action, resourceId, apiVersion, body): Promise<Value> => {
      calls.lists.push({ action, resourceId, apiVersion, ...(body !== undefined ? { body } : {}) });
      return { keys: [{ value: `${action}-key` }] };
    },
  });
  const bound = await ctx.bound();
  return { ctx, calls, bound, template: loaded };
}

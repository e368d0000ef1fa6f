/** Builds the ScenarioContext handed to seed scenarios, and runs the scenarios a state has not run yet. */
import { deterministicUuid } from '../shared/ids.js';
import type { Directory } from '../entra/directory.js';
import type { DataPlaneHost } from '../arm/providers/containerregistry/dataPlaneHost.js';
import type { SeedArmClient } from './armClient.js';
import { runScenarioRequests } from './scenarios-run.js';
import type { ScenarioRequest } from './scenarios-spec.js';
import { AUTHORIZATION_API, principalFor, REGISTRY_API, RESOURCES_API, type ScenarioContext } from './scenarios.js';

export interface SeedDeps {
  seed: string;
  subscriptionId: string;
  tenantId: string;
  mainPrincipalId: string;
  arm: SeedArmClient;
  directory: Directory;
  dataPlane: DataPlaneHost;
}

export function scenarioContext(deps: SeedDeps): ScenarioContext {
  const sub = `/subscriptions/${deps.subscriptionId}`;
  return {
    seed: deps.seed,
    subscriptionId: deps.subscriptionId,
    tenantId: deps.tenantId,
    mainPrincipalId: deps.mainPrincipalId,
    arm: deps.arm,
    directory: deps.directory,
    id: (name) => deterministicUuid(deps.seed, name),
    createResourceGroup: async (name, location, tags) => {
      await deps.arm.send('PUT', `${sub}/resourcegroups/${name}`, RESOURCES_API, {
        location,
        ...(tags ? { tags } : {}),
      });
    },
    createRegistry: async (resourceGroup, name, body) => {
      await deps.arm.send(
        'PUT',
        `${sub}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${name}`,
        REGISTRY_API,
        body,
      );
      const runtime = deps.dataPlane.get(name);
      if (!runtime) throw new Error(`seed: registry ${name} has no data plane`);
      return runtime;
    },
    assignRole: async (scope, principalId, roleDefinitionGuid, principalType = 'ServicePrincipal') => {
      const name = deterministicUuid(
        deps.seed,
        `role-assignment|${scope.toLowerCase()}|${principalId}|${roleDefinitionGuid}`,
      );
      await deps.arm.send(
        'PUT',
        `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
        AUTHORIZATION_API,
        {
          properties: {
            roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${roleDefinitionGuid}`,
            principalId,
            principalType,
          },
        },
      );
    },
    addPrincipal: (name, withSecret = true) => deps.directory.upsert(principalFor(deps.seed, name, withSecret)),
    dataPlane: (registryName) => deps.dataPlane.get(registryName),
  };
}

/**
 * Runs each requested scenario (names, `name:key=value` texts or `{ name, params }`, see
 * scenarios-spec.ts) not in `applied`, in order, and returns the updated applied list.
 */
export function runScenarios(
  requests: readonly ScenarioRequest[],
  applied: readonly string[],
  ctx: ScenarioContext,
): Promise<string[]> {
  return runScenarioRequests(requests, applied, ctx);
}

/**
 * The two registries as consumers see them: login servers (what image references name), resource
 * ids (role assignment scopes), the target's permission mode and the source's state (for detach).
 * Live values from Resource Manager win over the plan's; the plan fills in for a target not created yet.
 */
import type { ContainerRegistryManagementClient, Registry } from '@azure/arm-containerregistry';
import type { CloudSettings } from '../azure/clouds.js';
import { getRegistry } from '../azure/registry-reader.js';
import type { RelocationPlan } from '../plan/model.js';
import type { SourceState } from './access/detach.js';
import { isAbacMode } from './access/names.js';

export interface Endpoints {
  source: SourceState & { id: string; loginServer: string };
  target: { id: string; loginServer: string; exists: boolean; abac: boolean };
}

export type RegistriesFor = (subscriptionId: string) => ContainerRegistryManagementClient;

/** `<name>.<suffix>`: how Azure names a registry's login server in a cloud. */
export function plannedLoginServer(name: string, cloud: CloudSettings): string {
  return `${name.toLowerCase()}.${cloud.acrSuffix}`;
}

export function endpointsOf(
  plan: RelocationPlan,
  cloud: CloudSettings,
  live: { source?: Registry; target?: Registry },
): Endpoints {
  const { source, target } = live;
  return {
    source: {
      id: source?.id ?? plan.source.id,
      // What consumers were found referencing: the plan's record of the source's login server.
      loginServer: plan.source.loginServer,
      exists: source !== undefined,
      publicNetworkAccess: source?.publicNetworkAccess,
    },
    target: {
      id: target?.id ?? plan.target.id,
      loginServer: target?.loginServer ?? plannedLoginServer(plan.target.name, cloud),
      exists: target !== undefined,
      abac: isAbacMode(target ? target.roleAssignmentMode : plan.target.settings.roleAssignmentMode),
    },
  };
}

export async function resolveEndpoints(
  plan: RelocationPlan,
  cloud: CloudSettings,
  registriesFor: RegistriesFor,
): Promise<Endpoints> {
  const [source, target] = await Promise.all([
    getRegistry(registriesFor(plan.source.subscriptionId), plan.source),
    getRegistry(registriesFor(plan.target.subscriptionId), plan.target),
  ]);
  return endpointsOf(plan, cloud, { source, target });
}

import type { Registry } from '@azure/arm-containerregistry';
import { madeAt, readRoleAssignments } from '../azure/access-reader.js';
import type { AzureClients } from '../azure/clients.js';
import { azureCall, azureCallOrMissing } from '../azure/errors.js';
import { getRegistry } from '../azure/registry-reader.js';
import { RelocationError } from '../errors.js';
import type { RelocationPlan } from '../plan/model.js';
import { RELOCATION_TAG } from '../prepare/checks.js';
import type { ExistingAssignment } from './template/access.js';
import { normalizeLocation } from './template/names.js';

/** What the target side looks like before anything is deployed. Reads only. */
export interface TargetState {
  resourceGroupExists: boolean;
  registry?: Registry;
  assignments: ExistingAssignment[];
}

export async function readTargetState(clients: AzureClients, plan: RelocationPlan): Promise<TargetState> {
  const { resourceGroup, name } = plan.target;
  const group = await azureCallOrMissing(`Reading resource group ${resourceGroup}`, () =>
    clients.resources.resourceGroups.get(resourceGroup),
  );
  if (!group) return { resourceGroupExists: false, assignments: [] };
  const registry = await getRegistry(clients.registries, {
    subscriptionId: plan.target.subscriptionId,
    resourceGroup,
    name,
  });
  if (!registry) return { resourceGroupExists: true, assignments: [] };
  const assignments = madeAt(await readRoleAssignments(clients.authorization, plan.target.id), plan.target.id).map(
    (a) => ({
      name: a.id.split('/').pop() ?? '',
      principalId: a.principalId,
      roleDefinitionId: a.roleDefinitionId,
    }),
  );
  return { resourceGroupExists: true, registry, assignments };
}

/**
 * A registry already at the target's name is ours only when it carries this relocation's tag.
 * Anything else (a registry someone made, another relocation's target) is refused unless the user
 * says to adopt it. A registry cannot change region, so another location is refused always.
 */
export function assertTargetIsOurs(
  plan: RelocationPlan,
  registry: Registry,
  adoptExisting: boolean,
  adoptLabel: string,
): 'ours' | 'adopted' {
  if (normalizeLocation(registry.location) !== normalizeLocation(plan.target.location)) {
    throw new RelocationError(
      'CONFLICT',
      `Target registry ${plan.target.name} already exists in ${registry.location}, not in ${plan.target.location}.`,
      'A registry cannot change region. Delete it, or run prepare again with another target-registry name.',
    );
  }
  const tag = registry.tags?.[RELOCATION_TAG];
  if (tag === plan.relocationId) return 'ours';
  if (adoptExisting) return 'adopted';
  const found = tag ? `the tag ${RELOCATION_TAG}=${tag} of another relocation` : `no ${RELOCATION_TAG} tag`;
  throw new RelocationError(
    'REFUSED',
    `Target registry ${plan.target.name} already exists in resource group ${plan.target.resourceGroup} with ${found}; this relocation's id is ${plan.relocationId}.`,
    `Check that it is the registry you mean to relocate into, then set ${adoptLabel} to true to take it over (its settings will be changed to the plan's), or choose another target-registry in prepare.`,
  );
}

const encryptionStatus = (value: { status?: string } | undefined) => (value?.status ?? 'disabled').toLowerCase();

/**
 * Customer-managed-key encryption and zone redundancy can only be chosen when a registry is
 * created: a target that exists with other values cannot be fixed by a deployment.
 */
export function assertCreationOnlySettings(plan: RelocationPlan, registry: Registry): void {
  const wanted = plan.target.settings;
  const problems: string[] = [];
  if (encryptionStatus(registry.encryption) !== encryptionStatus(wanted.encryption)) {
    problems.push(
      `customer-managed key encryption is ${encryptionStatus(registry.encryption)}, the plan needs ${encryptionStatus(wanted.encryption)}`,
    );
  }
  const zones = registry.zoneRedundancy ?? 'Disabled';
  if (zones.toLowerCase() !== wanted.zoneRedundancy.toLowerCase()) {
    problems.push(`zone redundancy is ${zones}, the plan needs ${wanted.zoneRedundancy}`);
  }
  if (problems.length === 0) return;
  throw new RelocationError(
    'CONFLICT',
    `Target registry ${plan.target.name} has to be recreated: ${problems.join('; ')}. These settings can only be set when a registry is created.`,
    `Delete ${plan.target.name} (after saving anything imported into it that is not in the source) and run redeploy again, or run prepare again with a new target-registry name.`,
  );
}

/** Whether the target webhook's callback (never returned by GET) already equals the plan's. */
export async function webhookCallbackMatches(
  clients: AzureClients,
  plan: RelocationPlan,
  webhookName: string,
  onSecret: (value: string) => void,
): Promise<boolean> {
  const planned = plan.children.webhooks.find((w) => w.name.toLowerCase() === webhookName.toLowerCase());
  if (!planned) return false;
  const { resourceGroup, name } = plan.target;
  const current = await azureCall(`Reading the callback configuration of webhook ${webhookName}`, () =>
    clients.registries.webhooks.getCallbackConfig(resourceGroup, name, webhookName),
  );
  if (current.serviceUri) onSecret(current.serviceUri);
  for (const value of Object.values(current.customHeaders ?? {})) onSecret(value);
  const wanted = planned.properties as { serviceUri?: string; customHeaders?: Record<string, string> };
  return (
    current.serviceUri === wanted.serviceUri && sameHeaders(current.customHeaders ?? {}, wanted.customHeaders ?? {})
  );
}

function sameHeaders(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a).sort();
  return JSON.stringify(keys) === JSON.stringify(Object.keys(b).sort()) && keys.every((k) => a[k] === b[k]);
}

/**
 * What exists before any request: the main service principal is Owner of every subscription (so an
 * emulator with RBAC enforcement on still lets the main identity do everything).
 */
import type { ResourceStore } from '../arm/store.js';
import { ROLE_ASSIGNMENT_TYPE } from '../arm/rbac.js';
import { deterministicUuid } from '../shared/ids.js';
import type { EmulatorState } from '../state/emulatorState.js';

export const OWNER_ROLE_ID = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';

export function bootstrapOwnerAssignments(store: ResourceStore, state: EmulatorState): void {
  const main = state.directory.principals.find((p) => p.clientId === state.mainClientId);
  if (!main) return;
  for (const { subscriptionId } of state.subscriptions) {
    const scope = `/subscriptions/${subscriptionId}`;
    const name = deterministicUuid(state.seed, `owner-assignment|${subscriptionId}`);
    const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    if (store.get(id)) continue;
    const created = '2024-01-01T00:00:00.0000000Z';
    store.put(id, ROLE_ASSIGNMENT_TYPE, {
      properties: {
        roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${OWNER_ROLE_ID}`,
        principalId: main.objectId,
        principalType: 'ServicePrincipal',
        scope,
        condition: null,
        conditionVersion: null,
        createdOn: created,
        updatedOn: created,
        createdBy: null,
        updatedBy: null,
        delegatedManagedIdentityResourceId: null,
        description: null,
      },
      id,
      type: ROLE_ASSIGNMENT_TYPE,
      name,
    });
  }
}

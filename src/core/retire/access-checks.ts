/**
 * Preconditions about access around the source, read through ARM:
 * - consumers: every AKS cluster the plan found pulling from the source can pull from the target
 *   (its kubelet identity holds a pull role there, assigned at the target or inherited). On ABAC
 *   registries only the repository roles grant pull, so only they count there.
 * - locks: a management lock stops what the mode would do (CanNotDelete or ReadOnly stop a delete,
 *   at the registry, above it or below it; ReadOnly at or above stops the brownout's update). The
 *   command never removes a lock: the message says who can.
 */
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import {
  ABAC_REPOSITORY_READER_ROLE_ID,
  PULL_ROLES,
  readLocks,
  readRoleAssignments,
  roleNameOf,
} from '../azure/access-reader.js';
import type { ManagementLockClient } from '@azure/arm-locks';
import type { RegistryId } from '../azure/resource-id.js';
import type { ChildResource, RelocationPlan } from '../plan/model.js';
import type { Precondition, RetireMode } from './model.js';

const ABAC_PULL_ROLES = new Set([
  roleNameOf(ABAC_REPOSITORY_READER_ROLE_ID),
  'Container Registry Repository Writer',
  'Container Registry Repository Contributor',
]);

export async function consumersPrecondition(
  authorization: AuthorizationManagementClient,
  plan: RelocationPlan,
  targetId: string,
  abac: boolean,
): Promise<Precondition> {
  const clusters = plan.consumers.aksClusters.filter((c) => c.kubeletObjectId);
  if (clusters.length === 0) {
    return {
      id: 'consumers-rewired',
      passed: true,
      message: 'The plan records no AKS cluster pulling from the source.',
    };
  }
  const roles = abac ? ABAC_PULL_ROLES : PULL_ROLES;
  const assignments = await readRoleAssignments(authorization, targetId);
  const pullers = new Set(
    assignments.filter((a) => roles.has(a.roleName ?? '')).map((a) => a.principalId.toLowerCase()),
  );
  const stranded = clusters.filter((c) => !pullers.has(c.kubeletObjectId!.toLowerCase()));
  if (stranded.length === 0) {
    return {
      id: 'consumers-rewired',
      passed: true,
      message: `All ${clusters.length} AKS cluster(s) of the plan can pull from the target.`,
    };
  }
  return {
    id: 'consumers-rewired',
    passed: false,
    message: `${stranded.length} AKS cluster(s) can still pull only from the source: ${stranded.map((c) => c.name).join(', ')} (no pull role for their kubelet identity on the target).`,
    hint: 'Run rewire-consumers first: it grants the clusters pull access on the target.',
  };
}

function scopeOf(lock: ChildResource): string {
  const index = lock.id.toLowerCase().lastIndexOf('/providers/microsoft.authorization/locks/');
  return index > 0 ? lock.id.slice(0, index) : lock.id;
}

function blocks(lock: ChildResource, mode: RetireMode | 'restore', registryId: string): boolean {
  const level = String(lock.properties.level ?? '');
  const scope = scopeOf(lock).toLowerCase();
  const registry = registryId.toLowerCase();
  const atOrAbove = registry === scope || registry.startsWith(`${scope}/`);
  if (mode === 'delete') return level === 'CanNotDelete' || level === 'ReadOnly';
  return level === 'ReadOnly' && atOrAbove;
}

function owners(lock: ChildResource): string {
  const list = Array.isArray(lock.properties.owners)
    ? (lock.properties.owners as Array<{ applicationId?: string }>)
    : [];
  const ids = list.map((o) => o.applicationId).filter(Boolean);
  const notes =
    typeof lock.properties.notes === 'string' && lock.properties.notes
      ? `; its notes say: "${lock.properties.notes}"`
      : '';
  return `${ids.length ? `; lock owners (application ids): ${ids.join(', ')}` : ''}${notes}`;
}

export async function locksPrecondition(
  locks: ManagementLockClient,
  ref: RegistryId,
  registryId: string,
  mode: RetireMode | 'restore',
): Promise<Precondition> {
  const found = (await readLocks(locks, ref)).filter((lock) => blocks(lock, mode, registryId));
  const action = mode === 'delete' ? 'deleting' : 'updating';
  if (found.length === 0)
    return { id: 'no-locks', passed: true, message: `No management lock stops ${action} the source.` };
  const described = found.map(
    (lock) => `${String(lock.properties.level)} lock "${lock.name}" on ${scopeOf(lock)}${owners(lock)}`,
  );
  return {
    id: 'no-locks',
    passed: false,
    message: `A management lock stops ${action} the source: ${described.join('; ')}.`,
    hint: 'acr-relocate never removes locks. Someone allowed to delete locks on that scope (Owner or User Access Administrator: Microsoft.Authorization/locks/delete) must remove it, after checking why it was set; then run retire-source again.',
  };
}

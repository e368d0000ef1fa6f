/**
 * Other principals: every role assignment made at the source registry's scope (recorded by prepare)
 * is wanted on the target too, same principal, same role. Inherited assignments (from the resource
 * group or subscription) are not the registry's to carry; AKS kubelets are granted by the AKS step,
 * which picks the role that works in the target's permission mode.
 */
import type { RelocationPlan, RoleAssignmentRecord } from '../../plan/model.js';
import type { Grant } from './grants.js';
import { roleGuidOf, roleLabel } from './names.js';

/** Roles that only grant data access on registries in the legacy (non-ABAC) permission mode. */
const LEGACY_DATA_ROLES = new Set([
  '7f951dda-4ed3-4680-a7ca-43fe172d538d', // AcrPull
  '8311e382-0749-4cb8-b61a-304f252e45ec', // AcrPush
  'c2f4ef07-c644-48eb-af81-4b1b4947fb11', // AcrDelete
]);

export interface PrincipalGrant extends Grant {
  /** The source assignment this copies. */
  sourceAssignmentId: string;
  roleName: string;
  /** Set when the copy will not do what the original did (ABAC target, legacy data role). */
  warning?: string;
}

/** Assignments made exactly at the source registry, from the plan, once each. */
export function sourceScopeAssignments(plan: RelocationPlan): RoleAssignmentRecord[] {
  const sourceId = plan.source.id.toLowerCase();
  const byId = new Map<string, RoleAssignmentRecord>();
  for (const record of [...plan.children.roleAssignments, ...plan.consumers.principals]) {
    if (record.scope.toLowerCase() === sourceId && record.principalId) byId.set(record.id.toLowerCase(), record);
  }
  return [...byId.values()];
}

export function principalGrants(
  plan: RelocationPlan,
  targetId: string,
  targetAbac: boolean,
  handledElsewhere: ReadonlySet<string>,
): PrincipalGrant[] {
  return sourceScopeAssignments(plan)
    .filter((record) => !handledElsewhere.has(record.principalId.toLowerCase()))
    .map((record) => {
      const roleGuid = roleGuidOf(record.roleDefinitionId);
      const roleName = record.roleName ?? roleLabel(roleGuid);
      return {
        scope: targetId,
        principalId: record.principalId,
        principalType: record.principalType ?? 'ServicePrincipal',
        roleGuid,
        roleName,
        consumer: `${record.principalType ?? 'Principal'} ${record.principalId}`,
        sourceAssignmentId: record.id,
        origin: 'principal' as const,
        ...(targetAbac && LEGACY_DATA_ROLES.has(roleGuid)
          ? {
              warning: `The target uses ABAC repository permissions, where ${roleName} grants no data access: assign a Container Registry Repository role instead.`,
            }
          : {}),
      };
    });
}

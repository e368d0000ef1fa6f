import type { ChildResource, RelocationPlan, RoleAssignmentRecord } from '../../plan/model.js';
import { defined, literal, quote, REGISTRY_ID, type JsonObject, type TemplateResource } from './expressions.js';
import { fieldsOf } from './children.js';
import { API_VERSIONS, roleAssignmentNameOf, roleGuidOf } from './names.js';

/** Diagnostic settings and role assignments: extension resources scoped to the target registry. */

const DESTINATIONS = [
  'workspaceId',
  'storageAccountId',
  'eventHubAuthorizationRuleId',
  'eventHubName',
  'serviceBusRuleId',
  'marketplacePartnerId',
  'logAnalyticsDestinationType',
] as const;

function categorySettings(entries: unknown, keys: readonly string[]): JsonObject[] {
  if (!Array.isArray(entries)) return [];
  return entries.map(
    (entry: Record<string, unknown>) =>
      literal(defined(Object.fromEntries(keys.map((key) => [key, entry[key]])))) as JsonObject,
  );
}

/** Same destinations (workspace, storage, event hub, partner) and the same categories. */
export function diagnosticSettings(plan: RelocationPlan): TemplateResource[] {
  return plan.children.diagnosticSettings.map((setting: ChildResource) => {
    const fields = fieldsOf(setting);
    const properties = defined({
      ...Object.fromEntries(DESTINATIONS.map((key) => [key, literal(fields[key])])),
      logs: categorySettings(fields.logs, ['category', 'categoryGroup', 'enabled', 'retentionPolicy']),
      metrics: categorySettings(fields.metrics, ['category', 'timeGrain', 'enabled', 'retentionPolicy']),
    });
    return {
      type: 'Microsoft.Insights/diagnosticSettings',
      apiVersion: API_VERSIONS.diagnosticSettings,
      name: literal(setting.name) as string,
      scope: REGISTRY_ID,
      properties,
      dependsOn: [REGISTRY_ID],
    };
  });
}

/** A role assignment the target already has under another name (made by hand or by another tool). */
export interface ExistingAssignment {
  name: string;
  principalId: string;
  roleDefinitionId: string;
}

export interface RoleAssignmentPlan {
  resources: TemplateResource[];
  /** Plan assignments left out because the target has the same principal and role already. */
  alreadyAssigned: RoleAssignmentRecord[];
}

const samePair = (a: { principalId: string; roleDefinitionId: string }, b: ExistingAssignment) =>
  a.principalId.toLowerCase() === b.principalId.toLowerCase() &&
  roleGuidOf(a.roleDefinitionId) === roleGuidOf(b.roleDefinitionId);

/**
 * The source's role assignments at registry scope, for the same principals and roles on the target,
 * with names derived from (target, principal, role): a re-run finds its own assignments again. ARM
 * refuses a second assignment of the same pair under another name, so such pairs are left out.
 */
export function roleAssignments(plan: RelocationPlan, existing: readonly ExistingAssignment[]): RoleAssignmentPlan {
  const resources: TemplateResource[] = [];
  const alreadyAssigned: RoleAssignmentRecord[] = [];
  for (const assignment of plan.children.roleAssignments) {
    const name = roleAssignmentNameOf(plan.target.id, assignment.principalId, assignment.roleDefinitionId);
    const other = existing.find((e) => samePair(assignment, e) && e.name.toLowerCase() !== name);
    if (other) {
      alreadyAssigned.push(assignment);
      continue;
    }
    resources.push({
      type: 'Microsoft.Authorization/roleAssignments',
      apiVersion: API_VERSIONS.roleAssignments,
      name,
      scope: REGISTRY_ID,
      properties: defined({
        roleDefinitionId: `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ${quote(roleGuidOf(assignment.roleDefinitionId))})]`,
        principalId: literal(assignment.principalId),
        principalType: assignment.principalType,
      }),
      dependsOn: [REGISTRY_ID],
    });
  }
  return { resources, alreadyAssigned };
}

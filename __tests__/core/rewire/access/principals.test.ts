import { principalGrants, sourceScopeAssignments } from '../../../../src/core/rewire/access/principals.js';
import type { RelocationPlan, RoleAssignmentRecord } from '../../../../src/core/plan/model.js';
import { samplePlan } from '../../../helpers/plan-fixture.js';

const plan = samplePlan() as RelocationPlan;
const SOURCE = plan.source.id;
const TARGET = plan.target.id;

function record(
  id: string,
  principalId: string,
  role: string,
  scope = SOURCE,
  principalType?: string,
): RoleAssignmentRecord {
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${id}`,
    principalId,
    roleDefinitionId: `/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/${role}`,
    scope,
    ...(principalType ? { principalType } : {}),
  };
}

const withAssignments = (children: RoleAssignmentRecord[], principals: RoleAssignmentRecord[]): RelocationPlan => ({
  ...plan,
  children: { ...plan.children, roleAssignments: children },
  consumers: { ...plan.consumers, principals },
});

describe('other principals', () => {
  const push = record('a1', 'ci', '8311e382-0749-4cb8-b61a-304f252e45ec');
  const group = record('a2', 'devs', '7f951dda-4ed3-4680-a7ca-43fe172d538d', SOURCE, 'Group');
  const inherited = record('a3', 'owner', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', '/subscriptions/x');
  const kubelet = record('a4', 'kubelet', '7f951dda-4ed3-4680-a7ca-43fe172d538d');

  it('are the assignments made at the source registry, once each (both plan lists), not inherited ones', () => {
    const p = withAssignments([push, group], [push, inherited, kubelet]);
    expect(sourceScopeAssignments(p).map((r) => r.principalId)).toEqual(['ci', 'devs', 'kubelet']);
  });

  it('get the same role on the target, with their principal type; AKS kubelets are left to the AKS step', () => {
    const grants = principalGrants(withAssignments([push, group, kubelet], []), TARGET, false, new Set(['kubelet']));
    expect(grants.map((g) => [g.principalId, g.roleName, g.principalType, g.scope, g.warning])).toEqual([
      ['ci', 'AcrPush', 'ServicePrincipal', TARGET, undefined],
      ['devs', 'AcrPull', 'Group', TARGET, undefined],
    ]);
  });

  it('warn when an ABAC-mode target would make a legacy data role grant nothing', () => {
    const [grant] = principalGrants(withAssignments([push], []), TARGET, true, new Set());
    expect(grant?.warning).toMatch(/ABAC repository permissions, where AcrPush grants no data access/);
  });
});

import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { ManagementLockClient } from '@azure/arm-locks';
import { ABAC_REPOSITORY_READER_ROLE_ID, ACR_PULL_ROLE_ID } from '../../../src/core/azure/access-reader.js';
import { fingerprintOf } from '../../../src/core/plan/canonical.js';
import type { RelocationPlan } from '../../../src/core/plan/model.js';
import { consumersPrecondition, locksPrecondition } from '../../../src/core/retire/access-checks.js';
import { samplePlan } from '../../helpers/plan-fixture.js';

async function* pages<T>(items: T[]) {
  yield* items;
}

function authorization(assignments: Array<{ principalId: string; role: string }>): AuthorizationManagementClient {
  return {
    roleAssignments: {
      listForScope: (scope: string) =>
        pages(
          assignments.map((a, i) => ({
            id: `${scope}/ra/${i}`,
            principalId: a.principalId,
            roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${a.role}`,
            scope,
          })),
        ),
    },
  } as unknown as AuthorizationManagementClient;
}

const draft = samplePlan();
draft.consumers.aksClusters = [
  { id: '/aks/one', name: 'aks-one', kubeletObjectId: 'K1', roleAssignmentIds: [] },
  { id: '/aks/two', name: 'aks-two', kubeletObjectId: 'K2', roleAssignmentIds: [] },
];
const plan: RelocationPlan = { ...draft, fingerprint: fingerprintOf(draft) };

describe('consumersPrecondition', () => {
  it('passes when every cluster of the plan holds a pull role on the target', async () => {
    const auth = authorization([
      { principalId: 'k1', role: ACR_PULL_ROLE_ID },
      { principalId: 'K2', role: ACR_PULL_ROLE_ID },
    ]);
    expect((await consumersPrecondition(auth, plan, plan.target.id, false)).passed).toBe(true);
  });

  it('names the clusters that still pull only from the source', async () => {
    const result = await consumersPrecondition(
      authorization([{ principalId: 'K1', role: ACR_PULL_ROLE_ID }]),
      plan,
      plan.target.id,
      false,
    );
    expect(result).toMatchObject({ passed: false, message: expect.stringContaining('aks-two') });
    expect(result.message).not.toContain('aks-one');
  });

  it('on an ABAC target, counts only the repository roles (AcrPull grants nothing there)', async () => {
    const acrPull = authorization([
      { principalId: 'K1', role: ACR_PULL_ROLE_ID },
      { principalId: 'K2', role: ACR_PULL_ROLE_ID },
    ]);
    expect((await consumersPrecondition(acrPull, plan, plan.target.id, true)).passed).toBe(false);
    const reader = authorization([
      { principalId: 'K1', role: ABAC_REPOSITORY_READER_ROLE_ID },
      { principalId: 'K2', role: ABAC_REPOSITORY_READER_ROLE_ID },
    ]);
    expect((await consumersPrecondition(reader, plan, plan.target.id, true)).passed).toBe(true);
  });
});

describe('locksPrecondition', () => {
  const registry = plan.source.id;
  const group = registry.slice(0, registry.indexOf('/providers/'));
  const locks = (list: Array<{ scope: string; level: string; name: string }>) =>
    ({
      managementLocks: {
        listAtResourceLevel: () =>
          pages(
            list.map((l) => ({
              id: `${l.scope}/providers/Microsoft.Authorization/locks/${l.name}`,
              name: l.name,
              type: 'Microsoft.Authorization/locks',
              level: l.level,
              owners: [{ applicationId: 'app-1' }],
            })),
          ),
      },
    }) as unknown as ManagementLockClient;
  const ref = {
    subscriptionId: plan.source.subscriptionId,
    resourceGroup: plan.source.resourceGroup,
    name: plan.source.name,
  };

  it.each([
    ['delete', group, 'CanNotDelete', false],
    ['delete', `${registry}/replications/x`, 'CanNotDelete', false],
    ['delete', registry, 'ReadOnly', false],
    ['disable', registry, 'CanNotDelete', true],
    ['disable', group, 'ReadOnly', false],
    ['disable', `${registry}/webhooks/x`, 'ReadOnly', true],
    ['restore', registry, 'ReadOnly', false],
  ] as const)('%s with a %s-scoped lock of level %s: passes %p', async (mode, scope, level, passes) => {
    const result = await locksPrecondition(locks([{ scope, level, name: 'l' }]), ref, registry, mode);
    expect(result.passed).toBe(passes);
    if (!passes) {
      expect(result.message).toContain(`${level} lock "l" on ${scope}`);
      expect(result.message).toContain('app-1');
      expect(result.hint).toMatch(/never removes locks.*Owner or User Access Administrator/);
    }
  });
});

import type { RoleAssignment } from '@azure/arm-authorization';
import type { RoleAssignmentsApi } from '../../../../src/core/rewire/access/gateway.js';
import { RoleAssignmentGateway } from '../../../../src/core/rewire/access/gateway.js';
import { ensureGrants, uniqueGrants, type Grant } from '../../../../src/core/rewire/access/grants.js';
import { roleAssignmentName } from '../../../../src/core/rewire/access/names.js';

const SCOPE = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/target';
const ROLE = '7f951dda-4ed3-4680-a7ca-43fe172d538d';

function grant(principalId: string, consumer = `c-${principalId}`): Grant {
  return { scope: SCOPE, principalId, principalType: 'ServicePrincipal', roleGuid: ROLE, consumer, origin: 'aks' };
}

/** A role assignments API over a list, with a hook on create. */
function fakeApi(existing: RoleAssignment[], onCreate: (name: string) => void) {
  const calls: string[] = [];
  const api = {
    listForScope: (scope: string) => {
      calls.push(`list ${scope}`);
      return (async function* () {
        yield* existing;
      })();
    },
    get: async (_scope: string, name: string) => {
      calls.push(`get ${name}`);
      return {};
    },
    create: async (scope: string, name: string, parameters: { principalType?: string }) => {
      calls.push(`create ${scope} ${name} ${parameters.principalType}`);
      onCreate(name);
      return {};
    },
    delete: async () => ({}),
  } as unknown as RoleAssignmentsApi;
  return { api, calls };
}

const options = {
  dryRun: false,
  clock: { now: () => 0, sleep: async () => undefined },
  wait: { timeoutMs: 0, initialDelayMs: 1, maxDelayMs: 1 },
  log: () => undefined,
};

describe('ensureGrants', () => {
  it('creates under the deterministic name with principalType, then checks visibility (scope sent without its leading slash)', async () => {
    const { api, calls } = fakeApi([], () => undefined);
    const results = await ensureGrants(new RoleAssignmentGateway(api), [grant('p1')], options);
    const name = roleAssignmentName(SCOPE, 'p1', ROLE);
    expect(results.map((r) => [r.name, r.status])).toEqual([[name, 'created']]);
    expect(calls).toEqual([
      `list ${SCOPE.slice(1)}`,
      `create ${SCOPE.slice(1)} ${name} ServicePrincipal`,
      `get ${name}`,
    ]);
  });

  it('treats 409 RoleAssignmentExists as success, with nothing to wait for', async () => {
    const { api, calls } = fakeApi([], () => {
      throw Object.assign(new Error('The role assignment already exists.'), {
        statusCode: 409,
        code: 'RoleAssignmentExists',
      });
    });
    const results = await ensureGrants(new RoleAssignmentGateway(api), [grant('p1')], options);
    expect(results.map((r) => r.status)).toEqual(['exists']);
    expect(calls.filter((c) => c.startsWith('get'))).toEqual([]);
  });

  it('other errors say what failed', async () => {
    const { api } = fakeApi([], () => {
      throw Object.assign(
        new Error(
          "does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '/x'",
        ),
        { statusCode: 403, code: 'AuthorizationFailed' },
      );
    });
    await expect(ensureGrants(new RoleAssignmentGateway(api), [grant('p1')], options)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('sends nothing for an assignment that exists at the scope or above, whatever its name, and nothing in a dry run', async () => {
    const above = {
      name: 'other',
      scope: '/subscriptions/s1',
      principalId: 'P1',
      roleDefinitionId: `/subscriptions/s1/providers/Microsoft.Authorization/roleDefinitions/${ROLE}`,
    };
    const { api, calls } = fakeApi([above], () => undefined);
    const results = await ensureGrants(new RoleAssignmentGateway(api), [grant('p1'), grant('p2')], {
      ...options,
      dryRun: true,
    });
    expect(results.map((r) => [r.grant.principalId, r.name, r.status])).toEqual([
      ['p1', 'other', 'exists'],
      ['p2', roleAssignmentName(SCOPE, 'p2', ROLE), 'would-create'],
    ]);
    expect(calls).toEqual([`list ${SCOPE.slice(1)}`]);
  });

  it('asks once per principal, role and scope, naming every consumer', () => {
    expect(
      uniqueGrants([grant('p1', 'AKS a'), grant('P1', 'Web App b'), grant('p2')]).map((g) => [
        g.principalId,
        g.consumer,
      ]),
    ).toEqual([
      ['p1', 'AKS a; Web App b'],
      ['p2', 'c-p2'],
    ]);
  });
});

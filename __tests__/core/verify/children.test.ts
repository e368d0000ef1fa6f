import { childDifferences, idMapper, type TargetChildren } from '../../../src/core/verify/children.js';
import type { ChildResource, Children, RoleAssignmentRecord } from '../../../src/core/plan/model.js';
import { samplePlan } from '../../helpers/plan-fixture.js';

const plan = samplePlan();
const SOURCE = plan.source.id;
const TARGET = plan.target.id;

const child = (type: string, name: string, properties: Record<string, unknown>, location?: string): ChildResource => ({
  type,
  name,
  id: `${SOURCE}/${type}/${name}`,
  properties,
  ...(location ? { location } : {}),
});

const emptyTarget = (): TargetChildren => ({
  replications: [],
  webhooks: [],
  scopeMaps: [],
  tokens: [],
  cacheRules: [],
  credentialSets: [],
  diagnosticSettings: [],
  roleAssignments: [],
});

function expectation(children: Partial<Children>, replicationLocations: string[] = []) {
  return {
    children: { ...plan.children, ...children },
    mapping: { ...plan.mapping, replicationLocations },
    sourceId: SOURCE,
    targetId: TARGET,
  };
}

describe('childDifferences', () => {
  it('names a child resource the target lacks', () => {
    const hook = child('webhooks', 'deploy', { status: 'enabled', scope: 'app:*', actions: ['push'] });
    expect(childDifferences(expectation({ webhooks: [hook] }), emptyTarget())).toEqual([
      { resource: 'webhooks/deploy', path: '', expected: 'present', actual: 'absent' },
    ]);
  });

  it('compares properties that must move, ignoring order and what Azure fills in', () => {
    const map = child('scopeMaps', 'ci', {
      description: 'CI',
      actions: ['repositories/app/content/read', 'repositories/app/content/write'],
    });
    const actual = {
      ...emptyTarget(),
      scopeMaps: [
        {
          ...map,
          id: `${TARGET}/scopeMaps/ci`,
          properties: {
            description: 'CI',
            actions: ['repositories/app/content/write', 'repositories/app/content/read'],
            creationDate: 'now',
          },
        },
      ],
    };
    expect(childDifferences(expectation({ scopeMaps: [map] }), actual)).toEqual([]);
    actual.scopeMaps[0]!.properties.actions = ['repositories/app/content/read'];
    expect(childDifferences(expectation({ scopeMaps: [map] }), actual)).toEqual([
      {
        resource: 'scopeMaps/ci',
        path: 'actions',
        expected: '["repositories/app/content/read","repositories/app/content/write"]',
        actual: '["repositories/app/content/read"]',
      },
    ]);
  });

  it("re-points ids under the source registry at the target's (token → scope map, cache rule → credential set)", () => {
    const token = child('tokens', 'ci', { scopeMapId: `${SOURCE}/scopeMaps/ci`, status: 'enabled' });
    const rule = child('cacheRules', 'hub', {
      sourceRepository: 'docker.io/library/*',
      targetRepository: 'hub/*',
      credentialSetResourceId: `${SOURCE}/credentialSets/hub`,
    });
    const actual = {
      ...emptyTarget(),
      tokens: [{ ...token, properties: { scopeMapId: `${TARGET}/scopeMaps/ci`, status: 'enabled' } }],
      cacheRules: [
        { ...rule, properties: { ...rule.properties, credentialSetResourceId: `${SOURCE}/credentialSets/hub` } },
      ],
    };
    expect(childDifferences(expectation({ tokens: [token], cacheRules: [rule] }), actual)).toEqual([
      {
        resource: 'cacheRules/hub',
        path: 'credentialSetResourceId',
        expected: JSON.stringify(`${TARGET}/credentialSets/hub`),
        actual: JSON.stringify(`${SOURCE}/credentialSets/hub`),
      },
    ]);
    expect(idMapper(SOURCE, TARGET)(`${SOURCE.toUpperCase()}/scopeMaps/x`)).toBe(`${TARGET}/scopeMaps/x`);
    expect(idMapper(SOURCE, TARGET)('/elsewhere/scopeMaps/x')).toBe('/elsewhere/scopeMaps/x');
  });

  it("expects the mapping's replica regions, never the new home region, with a kept replica's settings", () => {
    const replica = child(
      'replications',
      'eastus2',
      { regionEndpointEnabled: false, zoneRedundancy: 'Disabled' },
      'East US 2',
    );
    const home = { ...replica, name: 'westeurope', location: 'westeurope', properties: {} };
    const actual = {
      ...emptyTarget(),
      replications: [home, { ...replica, properties: { regionEndpointEnabled: true, zoneRedundancy: 'Disabled' } }],
    };
    expect(
      childDifferences(expectation({ replications: [replica] }, ['eastus2', 'westeurope', 'japaneast']), actual),
    ).toEqual([
      { resource: 'replications/eastus2', path: 'regionEndpointEnabled', expected: 'false', actual: 'true' },
      { resource: 'replications/japaneast', path: '', expected: 'present', actual: 'absent' },
    ]);
  });

  it('compares diagnostic settings by destination and categories', () => {
    const setting = child('diagnosticSettings', 'to-law', {
      workspaceId: '/law/1',
      logs: [{ categoryGroup: 'allLogs', enabled: true }],
      metrics: [],
    });
    const actual = {
      ...emptyTarget(),
      diagnosticSettings: [
        {
          ...setting,
          properties: { workspaceId: '/law/2', logs: [{ categoryGroup: 'allLogs', enabled: true }], metrics: [] },
        },
      ],
    };
    expect(childDifferences(expectation({ diagnosticSettings: [setting] }), actual)).toEqual([
      { resource: 'diagnosticSettings/to-law', path: 'workspaceId', expected: '"/law/1"', actual: '"/law/2"' },
    ]);
  });

  it('names role assignments at registry scope the target lacks, by principal and role', () => {
    const assignment = (principalId: string, role: string): RoleAssignmentRecord => ({
      id: `${SOURCE}/ra/${principalId}`,
      principalId,
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${role}`,
      roleName: 'AcrPush',
      scope: SOURCE,
    });
    const expected = [assignment('p1', 'push'), assignment('p2', 'push')];
    const actual = { ...emptyTarget(), roleAssignments: [{ ...assignment('P1', 'PUSH'), scope: TARGET }] };
    expect(childDifferences(expectation({ roleAssignments: expected }), actual)).toEqual([
      { resource: 'roleAssignments/AcrPush for p2', path: '', expected: 'present', actual: 'absent' },
    ]);
  });
});

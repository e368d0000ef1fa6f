import {
  deterministicGuid,
  isAbacMode,
  pullRoleFor,
  roleAssignmentName,
  roleDefinitionId,
} from '../../../../src/core/rewire/access/names.js';

const SCOPE = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/target';

describe('role assignment names', () => {
  it('are GUIDs derived from scope, principal and role only', () => {
    const name = roleAssignmentName(SCOPE, 'P1', 'R1');
    expect(name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(roleAssignmentName(SCOPE.toUpperCase(), 'p1', 'r1')).toBe(name);
    expect(roleAssignmentName(SCOPE, 'P2', 'R1')).not.toBe(name);
    expect(roleAssignmentName(SCOPE, 'P1', 'R2')).not.toBe(name);
    expect(deterministicGuid('a', 'b')).not.toBe(deterministicGuid('a\nb'.slice(0, 1), 'b', ''));
  });

  it('address role definitions through the scope subscription', () => {
    expect(roleDefinitionId(SCOPE, 'r')).toBe('/subscriptions/s1/providers/Microsoft.Authorization/roleDefinitions/r');
  });

  it('pick the role that grants pull in each permission mode', () => {
    expect(pullRoleFor(false)).toEqual({ guid: '7f951dda-4ed3-4680-a7ca-43fe172d538d', name: 'AcrPull' });
    expect(pullRoleFor(true)).toEqual({
      guid: 'b93aa761-3e63-49ed-ac28-beffa264f7ac',
      name: 'Container Registry Repository Reader',
    });
    expect(isAbacMode('AbacRepositoryPermissions')).toBe(true);
    expect(isAbacMode('LegacyRegistryPermissions')).toBe(false);
    expect(isAbacMode(undefined)).toBe(false);
  });
});

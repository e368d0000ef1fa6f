import { literal, childId, childName, quote } from '../../../../src/core/redeploy/template/expressions.js';
import {
  deploymentNameOf,
  normalizeLocation,
  privateEndpointNameOf,
  roleAssignmentNameOf,
  stableGuid,
} from '../../../../src/core/redeploy/template/names.js';

describe('names', () => {
  it('derives a stable, case-insensitive GUID from its parts', () => {
    expect(stableGuid('a', 'B')).toBe(stableGuid('A', 'b'));
    expect(stableGuid('a', 'b')).not.toBe(stableGuid('a', 'c'));
    expect(stableGuid('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('names role assignments by target, principal and role guid (not the role id form)', () => {
    const target = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/t';
    const role = '7f951dda-4ed3-4680-a7ca-43fe172d538d';
    expect(
      roleAssignmentNameOf(target, 'p', `/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/${role}`),
    ).toBe(roleAssignmentNameOf(target, 'P', role));
    expect(roleAssignmentNameOf(target, 'p', role)).not.toBe(roleAssignmentNameOf(target, 'q', role));
  });

  it('gives a deployment name per relocation and a private endpoint name per subnet', () => {
    expect(deploymentNameOf('0123456789abcdef')).toBe('acr-relocate-0123456789abcdef');
    const a = privateEndpointNameOf(
      'reg',
      '/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v/subnets/pe',
    );
    const b = privateEndpointNameOf(
      'reg',
      '/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/w/subnets/pe',
    );
    expect(a).toMatch(/^pe-reg-pe-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(normalizeLocation('West Europe')).toBe('westeurope');
  });
});

describe('expressions', () => {
  it('keeps plan strings literal: a bracketed string is escaped, keys too', () => {
    expect(literal({ '[k]': ['[v]', 'plain', '[open', 1, true, null] })).toEqual({
      '[[k]': ['[[v]', 'plain', '[open', 1, true, null],
    });
  });

  it('quotes names inside expressions', () => {
    expect(quote("it's")).toBe("'it''s'");
    expect(childName("o'k")).toBe("[format('{0}/{1}', parameters('registryName'), 'o''k')]");
    expect(childId('scopeMaps', 'm')).toBe(
      "[resourceId('Microsoft.ContainerRegistry/registries/scopeMaps', parameters('registryName'), 'm')]",
    );
  });
});

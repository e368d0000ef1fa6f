import type { Registry } from '@azure/arm-containerregistry';
import { diff } from '../../../src/core/verify/diff.js';
import { comparableSettings, registryDifferences } from '../../../src/core/verify/settings.js';
import { sampleSettings } from '../../helpers/plan-fixture.js';

function registry(overrides: Partial<Registry> = {}): Registry {
  return {
    location: 'North Europe',
    sku: { name: 'Premium' },
    adminUserEnabled: false,
    publicNetworkAccess: 'Enabled',
    zoneRedundancy: 'Disabled',
    dataEndpointEnabled: false,
    anonymousPullEnabled: false,
    policies: { exportPolicy: { status: 'Enabled' } },
    tags: { team: 'platform', 'acr-relocation': '0123456789abcdef' },
    ...overrides,
  } as Registry;
}

describe('registryDifferences', () => {
  const expected = { location: 'northeurope', settings: sampleSettings() };

  it('finds none for a target created from the plan (own tag, location spelling and status case aside)', () => {
    expect(registryDifferences(expected, registry())).toEqual([]);
  });

  it('lists each differing setting with expected and actual', () => {
    const actual = registry({ sku: { name: 'Standard' }, anonymousPullEnabled: true, tags: { team: 'apps' } });
    expect(registryDifferences(expected, actual)).toEqual([
      { resource: 'registry', path: 'anonymousPullEnabled', expected: 'false', actual: 'true' },
      { resource: 'registry', path: 'sku', expected: '"Premium"', actual: '"Standard"' },
      { resource: 'registry', path: 'tags.team', expected: '"platform"', actual: '"apps"' },
    ]);
  });

  it('names a target in the wrong region', () => {
    expect(registryDifferences(expected, registry({ location: 'westeurope' }))[0]).toEqual({
      resource: 'registry',
      path: 'location',
      expected: 'northeurope',
      actual: 'westeurope',
    });
  });

  it('compares network rules as a set and an absent rule set as allow-all', () => {
    const rules = { defaultAction: 'Deny', ipRules: [{ value: '10.0.0.0/8' }, { action: 'Allow', value: '1.2.3.4' }] };
    const withRules = { location: 'northeurope', settings: sampleSettings({ networkRuleSet: rules }) };
    const actual = registry({
      networkRuleSet: {
        defaultAction: 'Deny',
        ipRules: [{ iPAddressOrRange: '1.2.3.4' }, { iPAddressOrRange: '10.0.0.0/8' }],
      },
    });
    expect(registryDifferences(withRules, actual)).toEqual([]);
    expect(comparableSettings(sampleSettings()).networkRuleSet).toEqual({ defaultAction: 'Allow', ipRules: [] });
  });

  it("ignores the new registry's own system-assigned principal but not its user-assigned identities", () => {
    const settings = sampleSettings({
      identity: {
        type: 'SystemAssigned, UserAssigned',
        userAssignedIdentities: ['/id/b', '/id/a'],
        principalId: 'old',
      },
    });
    const actual = registry({
      identity: {
        type: 'SystemAssigned, UserAssigned',
        principalId: 'new',
        userAssignedIdentities: { '/id/a': {}, '/id/c': {} },
      },
    });
    expect(registryDifferences({ location: 'northeurope', settings }, actual)).toEqual([
      {
        resource: 'registry',
        path: 'identity.userAssignedIdentities',
        expected: '["/id/a","/id/b"]',
        actual: '["/id/a","/id/c"]',
      },
    ]);
  });
});

describe('diff', () => {
  it('walks objects, compares arrays whole and strings without case', () => {
    expect(diff('x', { a: { b: 'Enabled', c: [1, 2] } }, { a: { b: 'enabled', c: [2, 1] } })).toEqual([
      { resource: 'x', path: 'a.c', expected: '[1,2]', actual: '[2,1]' },
    ]);
    expect(diff('x', { a: 1 }, {})).toEqual([{ resource: 'x', path: 'a', expected: '1' }]);
  });
});

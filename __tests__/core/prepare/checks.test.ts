import { runChecks, type CheckFacts } from '../../../src/core/prepare/checks.js';
import { sampleSettings } from '../../helpers/plan-fixture.js';

function facts(overrides: Partial<CheckFacts> = {}): CheckFacts {
  return {
    source: {
      id: '/s/rg/registries/src',
      name: 'contososource',
      location: 'eastus',
      tenantId: 't1',
      settings: sampleSettings(),
    },
    target: {
      id: '/s/rg2/registries/dst',
      name: 'contosotarget',
      location: 'westeurope',
      sku: 'Premium',
      tenantId: 't1',
      resourceGroup: 'rg2',
    },
    relocationId: '0123456789abcdef',
    nameAvailability: { nameAvailable: true },
    regions: new Map([
      ['eastus', true],
      ['westeurope', true],
      ['westcentralus', false],
    ]),
    registryRegions: new Set(['eastus', 'westeurope', 'westcentralus']),
    replicationLocations: [],
    privateEndpointCount: 0,
    subnets: [],
    unreadableEndpoints: [],
    oversizedImages: [],
    schema1Manifests: [],
    locks: [],
    tagAttributes: [],
    copyMode: 'server',
    ...overrides,
  };
}

function statusOf(id: string, f: CheckFacts): string | undefined {
  return runChecks(f).find((c) => c.id === id)?.status;
}

const zoneSource = { ...facts().source, settings: sampleSettings({ zoneRedundancy: 'Enabled' }) };
const cmkSource = {
  ...facts().source,
  settings: sampleSettings({
    encryption: { status: 'enabled', keyVaultProperties: { keyIdentifier: 'https://kv/keys/k' } },
  }),
};
const noExport = {
  ...facts().source,
  settings: sampleSettings({ policies: { exportPolicy: { status: 'disabled' } } }),
};
const noBypass = {
  ...facts().source,
  settings: sampleSettings({ publicNetworkAccess: 'Disabled', networkRuleBypassOptions: 'None' }),
};
const abacSource = { ...facts().source, settings: sampleSettings({ roleAssignmentMode: 'AbacRepositoryPermissions' }) };

describe('prerequisite checks', () => {
  it.each<[string, string, Partial<CheckFacts>]>([
    ['target-name-valid', 'pass', {}],
    ['target-name-valid', 'fail', { target: { ...facts().target, name: 'no-dashes' } }],
    ['target-name-valid', 'fail', { target: { ...facts().target, name: 'ContosoSource' } }],
    ['target-name-available', 'pass', {}],
    [
      'target-name-available',
      'fail',
      { nameAvailability: { nameAvailable: false, reason: 'AlreadyExists', message: 'taken' } },
    ],
    [
      'target-name-available',
      'pass',
      {
        nameAvailability: undefined,
        existingTarget: { tags: { 'acr-relocation': '0123456789abcdef' }, location: 'westeurope' },
      },
    ],
    [
      'target-name-available',
      'warn',
      { nameAvailability: undefined, existingTarget: { tags: {}, location: 'westeurope' } },
    ],
    ['target-location', 'pass', {}],
    ['target-location', 'fail', { target: { ...facts().target, location: 'atlantis' } }],
    ['target-location', 'fail', { registryRegions: new Set(['eastus']) }],
    ['same-region', 'warn', { target: { ...facts().target, location: 'East US' } }],
    ['availability-zones', 'pass', { source: zoneSource }],
    ['availability-zones', 'fail', { source: zoneSource, target: { ...facts().target, location: 'westcentralus' } }],
    ['premium-features', 'pass', { replicationLocations: ['northeurope'] }],
    [
      'premium-features',
      'fail',
      { replicationLocations: ['northeurope'], target: { ...facts().target, sku: 'Standard' } },
    ],
    ['premium-features', 'fail', { privateEndpointCount: 1, target: { ...facts().target, sku: 'Basic' } }],
    ['same-tenant', 'pass', {}],
    ['same-tenant', 'fail', { target: { ...facts().target, tenantId: 't2' } }],
    ['subnet-mapping', 'pass', { subnets: [{ source: 'a', target: 'b', targetExists: true }] }],
    [
      'subnet-mapping',
      'pass',
      { subnets: [{ source: 'a', target: 'b', targetExists: true, targetLocation: 'West Europe' }] },
    ],
    ['subnet-mapping', 'fail', { subnets: [{ source: 'a', targetExists: false }] }],
    ['subnet-mapping', 'fail', { subnets: [{ source: 'a', target: 'b', targetExists: false }] }],
    [
      'subnet-mapping',
      'fail',
      { subnets: [{ source: 'a', target: 'b', targetExists: true, targetLocation: 'northeurope' }] },
    ],
    [
      'subnet-mapping',
      'warn',
      { subnets: [{ source: 'a', target: 'b', targetExists: false, targetUnreadable: 'permission denied' }] },
    ],
    ['private-endpoint-subnets', 'warn', { unreadableEndpoints: [{ id: '/pe', reason: 'not found' }] }],
    ['customer-managed-key', 'pass', { source: cmkSource, encryptionKey: 'https://kv2/keys/k' }],
    ['customer-managed-key', 'fail', { source: cmkSource }],
    ['server-import', 'pass', {}],
    ['server-import', 'fail', { source: noExport }],
    ['server-import', 'fail', { source: noBypass }],
    ['server-import', 'warn', { source: noExport, copyMode: 'client' }],
    ['server-import', 'pass', { source: noBypass, copyMode: 'client' }],
    ['server-import', 'pass', { copyMode: 'client' }],
    ['import-manifest-limit', 'warn', { oversizedImages: ['big:latest'] }],
    ['import-manifest-limit', 'pass', { oversizedImages: ['big:latest'], copyMode: 'client' }],
    ['schema1-manifests', 'fail', { schema1Manifests: ['old@sha256:x'] }],
    ['abac-mode', 'warn', { source: abacSource }],
    ['source-locks', 'warn', { locks: [{ name: 'keep', level: 'CanNotDelete' }] }],
    ['tag-attributes', 'warn', { tagAttributes: ['app:v1 (writeEnabled=false)'] }],
  ])('%s is %s', (id, expected, overrides) => {
    expect(statusOf(id, facts(overrides))).toBe(expected);
  });

  it.each([
    'same-region',
    'availability-zones',
    'customer-managed-key',
    'import-manifest-limit',
    'schema1-manifests',
    'abac-mode',
    'source-locks',
    'tag-attributes',
    'subnet-mapping',
    'private-endpoint-subnets',
    'premium-features',
  ])('leaves out %s when it does not apply', (id) => {
    expect(statusOf(id, facts())).toBeUndefined();
  });

  it('names what is wrong with the subnets: unmapped sources first, then missing targets, then regions', () => {
    const unmapped = { source: '/src/a', targetExists: false };
    const missing = { source: '/src/b', target: '/tgt/missing', targetExists: false };
    const elsewhere = { source: '/src/c', target: '/tgt/neu', targetExists: true, targetLocation: 'northeurope' };
    const message = (subnets: CheckFacts['subnets']) =>
      runChecks(facts({ subnets })).find((c) => c.id === 'subnet-mapping')?.message;
    expect(message([unmapped, missing, elsewhere])).toBe('No target subnet for /src/a.');
    expect(message([missing, elsewhere])).toBe('Mapped target subnet(s) do not exist: /tgt/missing.');
    expect(message([elsewhere])).toBe('Mapped target subnet(s) are not in westeurope: /tgt/neu (northeurope).');
  });

  it('judges server-side import for the copy mode the plan is prepared for', () => {
    const check = (id: string, overrides: Partial<CheckFacts>) => runChecks(facts(overrides)).find((c) => c.id === id);
    const blocked = {
      ...facts().source,
      settings: sampleSettings({
        publicNetworkAccess: 'Disabled',
        networkRuleBypassOptions: 'None',
        policies: { exportPolicy: { status: 'disabled' } },
      }),
    };
    const server = check('server-import', { source: blocked });
    expect(server?.message).toBe(
      'Server-side import from the source is blocked: its export policy is disabled; network rules do not let trusted Azure services through.',
    );
    // The hint can be followed: prepare takes copy-mode, and a client plan passes.
    expect(server?.hint).toMatch(/run prepare again with copy-mode: client/);
    // A firewall without the bypass only stops Azure's import service: the runner copies instead.
    const firewalled = check('server-import', { source: noBypass, copyMode: 'client' });
    expect(firewalled).toMatchObject({
      status: 'pass',
      message:
        'copy-mode client: the runner copies the content, not server-side import (server-side import is blocked: network rules do not let trusted Azure services through). Run import-artifacts with copy-mode: client from a runner that reaches both registries.',
    });
    // A disabled export policy is a guard the runner's pulls pass: visible on the reviewed plan.
    const client = check('server-import', { source: blocked, copyMode: 'client' });
    expect(client?.status).toBe('warn');
    expect(client?.message).toContain('its export policy is disabled; network rules do not let trusted Azure services');
    expect(client?.message).toContain(
      "a data-exfiltration guard that stops server-side import, not this runner's pulls",
    );
    expect(client?.hint).toMatch(/whoever owns the source's export policy agrees/);
    expect(check('server-import', { copyMode: 'client' })?.message).toMatch(/\(the source would also allow it\)/);
    const oversized = check('import-manifest-limit', { oversizedImages: ['big:latest'], copyMode: 'client' });
    expect(oversized?.message).toMatch(
      /^1 image\(s\) have more than 50 manifests, which copy-mode client copies.*big:latest/,
    );
  });

  it('gives every warning and failure a hint', () => {
    const all = runChecks(
      facts({
        source: cmkSource,
        oversizedImages: ['x'],
        schema1Manifests: ['y'],
        subnets: [{ source: '/src/a', targetExists: false }],
        unreadableEndpoints: [{ id: '/pe', reason: 'permission denied' }],
        target: { ...facts().target, sku: 'Basic', location: 'eastus' },
      }),
    );
    for (const check of all.filter((c) => c.status !== 'pass')) expect(check.hint).toBeTruthy();
  });
});

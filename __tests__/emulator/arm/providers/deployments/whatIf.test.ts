/** The what-if property diff: only what the template sets is compared, as ARM's what-if does. */
import { diffObject } from '../../../../../emulator/src/arm/providers/deployments/whatIf.js';

describe('what-if property changes', () => {
  const current = {
    location: 'westeurope',
    sku: { name: 'Premium', tier: 'Premium' },
    properties: {
      provisioningState: 'Succeeded',
      adminUserEnabled: false,
      logs: [{ categoryGroup: 'allLogs', enabled: true, category: null, retentionPolicy: { enabled: false, days: 0 } }],
      ipRules: [{ value: '10.0.0.1', action: 'Allow' }],
    },
  };

  it('reports nothing when every value the template sets is already there (server-filled values ignored)', () => {
    expect(
      diffObject(
        '',
        {
          location: 'West Europe',
          sku: { name: 'Premium' },
          properties: { adminUserEnabled: false, logs: [{ categoryGroup: 'allLogs', enabled: true }] },
        },
        current,
      ),
    ).toEqual([]);
  });

  it('reports Modify, Create and array element changes by dotted path', () => {
    const changes = diffObject(
      '',
      {
        tags: { env: 'prod' },
        sku: { name: 'Standard' },
        properties: { adminUserEnabled: true, ipRules: [{ value: '10.0.0.1' }, { value: '10.0.0.2' }], logs: [] },
      },
      current,
    );
    expect(changes).toEqual([
      { path: 'tags', propertyChangeType: 'Create', after: { env: 'prod' } },
      { path: 'sku.name', propertyChangeType: 'Modify', before: 'Premium', after: 'Standard' },
      { path: 'properties.adminUserEnabled', propertyChangeType: 'Modify', before: false, after: true },
      {
        path: 'properties.ipRules',
        propertyChangeType: 'Array',
        children: [{ path: '1', propertyChangeType: 'Create', after: { value: '10.0.0.2' } }],
      },
      {
        path: 'properties.logs',
        propertyChangeType: 'Array',
        children: [{ path: '0', propertyChangeType: 'Delete', before: current.properties.logs[0] }],
      },
    ]);
  });

  it('compares locations ignoring case and spaces, other strings exactly', () => {
    expect(diffObject('', { location: 'WESTEUROPE' }, current)).toEqual([]);
    expect(diffObject('', { sku: { name: 'premium' } }, current)).toEqual([
      { path: 'sku.name', propertyChangeType: 'Modify', before: 'Premium', after: 'premium' },
    ]);
  });
});

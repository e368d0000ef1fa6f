/** The what-if property diff: only what the template sets is compared, as ARM's what-if does. */
import { diffObject, mergeValues } from '../../../../../emulator/src/arm/providers/deployments/whatIf.js';
import type { JsonObject } from '../../../../../emulator/src/arm/providers/deployments/template/values.js';

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

  /** A diagnostic setting and a credential set as their providers return them (keys in their own order). */
  const served: JsonObject = {
    properties: {
      logs: [
        { category: null, categoryGroup: 'allLogs', enabled: true, retentionPolicy: { enabled: false, days: 0 } },
        {
          enabled: true,
          retentionPolicy: { days: 0, enabled: false },
          category: 'ContainerRegistryLoginEvents',
          categoryGroup: null,
        },
      ],
      authCredentials: [
        {
          name: 'Credential1',
          usernameSecretIdentifier: 'https://kv.vault.azure.net/secrets/user',
          passwordSecretIdentifier: 'https://kv.vault.azure.net/secrets/pass',
          credentialHealth: { status: 'Healthy' },
        },
      ],
    },
  };
  const template: JsonObject = {
    properties: {
      logs: [
        { enabled: true, categoryGroup: 'allLogs', category: null },
        { retentionPolicy: { enabled: false, days: 0 }, category: 'ContainerRegistryLoginEvents', enabled: true },
      ],
      authCredentials: [
        {
          passwordSecretIdentifier: 'https://kv.vault.azure.net/secrets/pass',
          usernameSecretIdentifier: 'https://kv.vault.azure.net/secrets/user',
          name: 'Credential1',
        },
      ],
    },
  };

  it('compares array elements by what the template sets, in any key order, and predicts them unchanged', () => {
    expect(diffObject('', template, served)).toEqual([]);
    const predicted = mergeValues(served, template);
    expect(predicted).toEqual(served);
    expect(JSON.stringify(predicted)).toBe(JSON.stringify(served));
  });

  it('reports a changed element with its own property changes and the predicted element', () => {
    const changed = structuredClone(template) as { properties: { logs: JsonObject[] } };
    changed.properties.logs[1] = { ...changed.properties.logs[1], enabled: false };
    const [logs] = diffObject('', changed as JsonObject, served);
    const before = (served.properties as { logs: JsonObject[] }).logs[1];
    expect(logs).toEqual({
      path: 'properties.logs',
      propertyChangeType: 'Array',
      children: [
        {
          path: '1',
          propertyChangeType: 'Modify',
          before,
          after: { ...before, enabled: false },
          children: [{ path: 'enabled', propertyChangeType: 'Modify', before: true, after: false }],
        },
      ],
    });
  });
});

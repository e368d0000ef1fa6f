import { childRecord } from '../../../src/core/azure/registry-reader.js';

describe('childRecord', () => {
  it('keeps writable properties, including the enabled/disabled status of tokens and webhooks', () => {
    const record = childRecord({
      id: '/x/tokens/t',
      name: 't',
      type: 'Microsoft.ContainerRegistry/registries/tokens',
      status: 'disabled',
      scopeMapId: '/x/scopeMaps/m',
      provisioningState: 'Succeeded',
      creationDate: '2026-01-01',
    });
    expect(record).toEqual({
      id: '/x/tokens/t',
      name: 't',
      type: 'Microsoft.ContainerRegistry/registries/tokens',
      location: undefined,
      properties: { status: 'disabled', scopeMapId: '/x/scopeMaps/m' },
    });
  });

  it("drops Azure's own state, such as a replication's status object", () => {
    const record = childRecord({
      id: '/x/replications/r',
      name: 'r',
      type: 't',
      location: 'northeurope',
      status: { displayStatus: 'Ready' },
      zoneRedundancy: 'Disabled',
    });
    expect(record.properties).toEqual({ zoneRedundancy: 'Disabled' });
    expect(record.location).toBe('northeurope');
  });

  it('marks secret children', () => {
    expect(childRecord({ id: 'i', name: 'n', type: 't' }, true).secret).toBe(true);
    expect(childRecord({ id: 'i', name: 'n', type: 't' }).secret).toBeUndefined();
  });
});

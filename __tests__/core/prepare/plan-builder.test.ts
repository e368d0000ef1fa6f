import { replicaRegions } from '../../../src/core/prepare/plan-builder.js';
import type { ChildResource } from '../../../src/core/plan/model.js';

const replica = (location: string): ChildResource => ({
  type: 'Microsoft.ContainerRegistry/registries/replications',
  name: location,
  id: `/r/${location}`,
  location,
  properties: {},
});

describe('replicaRegions', () => {
  it('keeps the source replicas except the old and the new home region, whatever their spelling', () => {
    const replications = [replica('westeurope'), replica('northeurope'), replica('swedencentral')];
    expect(replicaRegions(replications, 'West Europe', 'northeurope')).toEqual(['swedencentral']);
  });

  it('keeps every replica when moving to a region the source did not replicate to', () => {
    expect(replicaRegions([replica('westeurope'), replica('eastus')], 'westeurope', 'japaneast')).toEqual(['eastus']);
  });
});

import { mappedEndpointSubnets } from '../../../src/core/redeploy/endpoint-subnets.js';
import type { ChildResource } from '../../../src/core/plan/model.js';

const subnet = (vnet: string, name: string) =>
  `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${name}`;
const connection = (name: string, subnetId?: string): ChildResource => ({
  type: 'Microsoft.ContainerRegistry/registries/privateEndpointConnections',
  name,
  id: `/x/privateEndpointConnections/${name}`,
  properties: subnetId ? { privateEndpointSubnetId: subnetId } : {},
});

describe('mappedEndpointSubnets', () => {
  const plan = (connections: ChildResource[], subnets: Record<string, string>) =>
    ({ children: { privateEndpointConnections: connections }, mapping: { subnets } }) as never;

  it('maps each source endpoint subnet through subnet-map, once per target subnet, whatever the id casing', () => {
    const result = mappedEndpointSubnets(
      plan(
        [
          connection('a', subnet('vnet-weu', 'pe')),
          connection('b', subnet('VNET-WEU', 'PE')),
          connection('c', subnet('vnet-weu', 'other')),
        ],
        {
          [subnet('vnet-weu', 'pe')]: subnet('vnet-neu', 'pe'),
          [subnet('vnet-weu', 'other')]: subnet('vnet-neu', 'other'),
        },
      ),
    );
    expect(result).toEqual([subnet('vnet-neu', 'other'), subnet('vnet-neu', 'pe')]);
  });

  it('leaves out endpoints without a mapping or without a known subnet', () => {
    expect(mappedEndpointSubnets(plan([connection('a', subnet('v', 'unmapped')), connection('b')], {}))).toEqual([]);
  });
});

import { followUps, type FollowUpFacts } from '../../../src/core/redeploy/follow-ups.js';
import { richPlan } from './support/rich-plan.js';

const facts = (overrides: Partial<FollowUpFacts> = {}): FollowUpFacts => ({
  plan: richPlan(),
  acrSuffix: 'azurecr.io',
  privateEndpointSubnetIds: [],
  alreadyAssigned: [],
  ...overrides,
});

describe('followUps', () => {
  it('lists what redeploy leaves to people', () => {
    const items = followUps(facts()).join('\n');
    expect(items).toMatch(/Tokens ci-token, pull-all were created without passwords/);
    expect(items).toMatch(
      /private endpoint \/subscriptions\/x\/resourceGroups\/net\/providers\/Microsoft.Network\/privateEndpoints\/pe-src/,
    );
    expect(items).toMatch(
      /allow contosotarget\.westeurope\.data\.azurecr\.io, contosotarget\.eastus\.data\.azurecr\.io, contosotarget\.japaneast\.data\.azurecr\.io/,
    );
    expect(items).toMatch(/Credential set dockerhub has a new identity/);
    expect(items).toMatch(/Connected registry edge1/);
    expect(items).toMatch(/Lock nodelete \(CanNotDelete\)/);
  });

  it('reports generated and kept token passwords instead of asking for them', () => {
    const items = followUps(
      facts({
        tokenPasswords: [
          { token: 'ci-token', state: 'generated', passwords: [] },
          { token: 'pull-all', state: 'kept', passwords: [] },
        ],
      }),
    ).join('\n');
    expect(items).not.toMatch(/created without passwords/);
    expect(items).toMatch(/Token ci-token has new passwords/);
    expect(items).toMatch(/Token pull-all already had passwords/);
  });

  it('with subnets, asks to check approval, and for DNS records only without a zone', () => {
    const subnet = '/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v/subnets/pe';
    const withoutZone = followUps(facts({ privateEndpointSubnetIds: [subnet] })).join('\n');
    expect(withoutZone).toMatch(/1 private endpoint\(s\) were created/);
    expect(withoutZone).toMatch(/No private-dns-zone-id was given/);
    expect(withoutZone).not.toMatch(/pe-src/);
    expect(followUps(facts({ privateEndpointSubnetIds: [subnet], privateDnsZoneId: 'zone' })).join('\n')).not.toMatch(
      /No private-dns-zone-id/,
    );
  });

  it('says replications were not created for a target below Premium', () => {
    const plan = richPlan();
    plan.target.settings = { ...plan.target.settings, sku: 'Standard', dataEndpointEnabled: false };
    expect(followUps(facts({ plan })).join('\n')).toMatch(/Replications \(eastus, japaneast\) need the Premium SKU/);
  });
});

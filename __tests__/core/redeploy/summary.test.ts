import { plannedResourceId } from '../../../src/core/redeploy/resource-ids.js';
import { changesText, redeploySummary, shortName } from '../../../src/core/redeploy/summary.js';
import { generateTemplate } from '../../../src/core/redeploy/template/build.js';
import { richPlan, TARGET_ID } from './support/rich-plan.js';

describe('plannedResourceId', () => {
  it('gives each template resource the id Azure will give it', () => {
    const plan = richPlan();
    const subnet = '/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v/subnets/pe';
    const { resources } = generateTemplate(plan, {
      toolVersion: '1',
      existingAssignments: [],
      privateEndpointSubnetIds: [subnet],
      privateDnsZoneId: '/x/privatelink.azurecr.io',
    });
    const ids = resources.map((r) => plannedResourceId(r, plan));
    const group = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-target';
    expect(ids).toEqual(
      expect.arrayContaining([
        TARGET_ID,
        `${TARGET_ID}/replications/japan`,
        `${TARGET_ID}/webhooks/buildhook`,
        `${TARGET_ID}/providers/Microsoft.Insights/diagnosticSettings/to-law`,
        expect.stringMatching(
          new RegExp(`^${TARGET_ID}/providers/Microsoft.Authorization/roleAssignments/[0-9a-f-]{36}$`),
        ),
        expect.stringMatching(
          new RegExp(
            `^${group}/providers/Microsoft.Network/privateEndpoints/pe-contosotarget-pe-[0-9a-f]{8}/privateDnsZoneGroups/default$`,
          ),
        ),
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('redeploy summary', () => {
  const plan = richPlan();
  const generated = generateTemplate(plan, { toolVersion: '1', existingAssignments: [], privateEndpointSubnetIds: [] });
  const changes = [
    { resourceId: TARGET_ID, change: 'Modify' as const, paths: ['properties.adminUserEnabled'] },
    { resourceId: `${TARGET_ID}/webhooks/buildhook`, change: 'NoChange' as const, paths: [] },
  ];

  it('shows the changes, the settings, the children and what needs a human', () => {
    const markdown = redeploySummary({
      plan,
      mode: 'dry-run',
      adopted: false,
      resourceGroupCreated: false,
      deploymentName: 'acr-relocate-x',
      templatePath: 'relocation/target.template.json',
      loginServer: '',
      changes,
      resources: generated.resources,
      followUps: ['Do | this <b>'],
    });
    expect(markdown).toContain('Dry run: nothing was changed. 1 resource(s) would change.');
    expect(markdown).toContain('| `registries/contosotarget` | Modify | properties.adminUserEnabled |');
    expect(markdown).toContain('| Microsoft.ContainerRegistry/registries/webhooks | 2 |');
    expect(markdown).toContain('| Zone redundancy | Enabled |');
    expect(markdown).toContain('- Do \\| this \\<b\\>');
  });

  it('prints a plain table for the log', () => {
    expect(shortName(`${TARGET_ID}/webhooks/buildhook`)).toBe('registries/contosotarget/webhooks/buildhook');
    expect(shortName(`${TARGET_ID}/providers/Microsoft.Insights/diagnosticSettings/d`)).toBe('diagnosticSettings/d');
    expect(changesText(changes).split('\n')).toEqual([
      'resource                                     change    properties',
      '-------------------------------------------  --------  ---------------------------',
      'registries/contosotarget                     Modify    properties.adminUserEnabled',
      'registries/contosotarget/webhooks/buildhook  NoChange',
    ]);
  });
});

/** Resource ids of extension resources: `scope` as a resource id or as a full name relative to the resource group. */
import {
  planResources,
  resourceIdentity,
} from '../../../../../../emulator/src/arm/providers/deployments/template/plan.js';
import { TemplateError } from '../../../../../../emulator/src/arm/providers/deployments/template/values.js';
import { GROUP_ID, testContext } from './context.js';

const REGISTRY_ID = `${GROUP_ID}/providers/Microsoft.ContainerRegistry/registries/myreg`;
const DIAGNOSTICS = 'Microsoft.Insights/diagnosticSettings';

describe('extension resource scope', () => {
  it.each([
    ['a resource id', REGISTRY_ID],
    ['a resource id with a trailing slash', `${REGISTRY_ID}/`],
    ['a full name relative to the resource group (what Bicep emits)', 'Microsoft.ContainerRegistry/registries/myreg'],
  ])('resolves %s against the deployment resource group', (_what, scope) => {
    expect(resourceIdentity(DIAGNOSTICS, 'to-law', scope, GROUP_ID)).toEqual({
      id: `${REGISTRY_ID}/providers/Microsoft.Insights/diagnosticSettings/to-law`,
      dispatchType: DIAGNOSTICS,
    });
  });

  it('resolves relative names of child resources and of extension resources', () => {
    expect(
      resourceIdentity(DIAGNOSTICS, 'd', 'Microsoft.ContainerRegistry/registries/myreg/replications/westus', GROUP_ID)
        .id,
    ).toBe(`${REGISTRY_ID}/replications/westus/providers/Microsoft.Insights/diagnosticSettings/d`);
    expect(
      resourceIdentity(
        'Microsoft.Authorization/locks',
        'l',
        'Microsoft.ContainerRegistry/registries/myreg/providers/Microsoft.Insights/diagnosticSettings/d',
        GROUP_ID,
      ).id,
    ).toBe(
      `${REGISTRY_ID}/providers/Microsoft.Insights/diagnosticSettings/d/providers/Microsoft.Authorization/locks/l`,
    );
  });

  it.each(['Microsoft.ContainerRegistry/registries', 'registries/myreg', 'Microsoft.ContainerRegistry//myreg'])(
    'rejects the scope %p, which names no resource',
    (scope) => {
      expect(() => resourceIdentity(DIAGNOSTICS, 'to-law', scope, GROUP_ID)).toThrow(
        new TemplateError(
          `The scope '${scope}' of template resource 'to-law' is not valid: use a resource id or a resource's full name ('{namespace}/{type}/{name}').`,
        ),
      );
    },
  );

  it('plans a Bicep-style scoped resource with its dependency on the registry in the template', async () => {
    const { ctx } = await testContext();
    const planned = await planResources(
      [
        {
          type: 'Microsoft.ContainerRegistry/registries',
          apiVersion: '2025-11-01',
          name: 'myreg',
          location: 'westeurope',
          sku: { name: 'Premium' },
        },
        {
          type: DIAGNOSTICS,
          apiVersion: '2021-05-01-preview',
          name: 'to-law',
          scope: "[format('Microsoft.ContainerRegistry/registries/{0}', 'myreg')]",
          dependsOn: ["[resourceId('Microsoft.ContainerRegistry/registries', 'myreg')]"],
          properties: {},
        },
      ],
      ctx,
      GROUP_ID,
    );
    expect(planned.map((p) => [p.id, p.dependsOn])).toEqual([
      [REGISTRY_ID, []],
      [`${REGISTRY_ID}/providers/Microsoft.Insights/diagnosticSettings/to-law`, [REGISTRY_ID]],
    ]);
  });
});

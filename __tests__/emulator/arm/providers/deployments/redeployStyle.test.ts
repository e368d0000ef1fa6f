/**
 * A template shaped like the ones redeploy and Bicep produce: extension resources scoped by a
 * relative name, a credential set, a diagnostic setting, and a webhook whose callback comes from
 * secure parameters. Deployed, then previewed again: what-if reports no change for what the
 * providers merely fill in or reorder, and never shows a secure value.
 */
import { ResourceManagementClient } from '@azure/arm-resources';
import { MonitorClient } from '@azure/arm-monitor';
import {
  armOptions,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';
import { MASK } from '../../../../../emulator/src/arm/providers/deployments/secureValues.js';
import { asDeployment, whatIfOnTheWire, type Body } from './official.js';

const GROUP = 'rg-redeploy-style';
const HOOK_URI = 'https://127.0.0.1:9/hooks/acr?sig=hook-s3cr3t';
const HOOK_TOKEN = 'Bearer header-s3cr3t';
const WORKSPACE =
  '/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/mon/providers/Microsoft.OperationalInsights/workspaces/law';

function template(principalId: string): Body {
  const registry = "[format('Microsoft.ContainerRegistry/registries/{0}', parameters('registryName'))]";
  const dependsOn = ["[resourceId('Microsoft.ContainerRegistry/registries', parameters('registryName'))]"];
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      registryName: { type: 'string' },
      hookUri: { type: 'securestring' },
      hookHeaders: { type: 'secureObject' },
    },
    resources: [
      {
        type: 'Microsoft.ContainerRegistry/registries',
        apiVersion: '2025-11-01',
        name: "[parameters('registryName')]",
        location: '[resourceGroup().location]',
        sku: { name: 'Premium' },
        properties: { adminUserEnabled: false },
      },
      {
        type: 'Microsoft.ContainerRegistry/registries/webhooks',
        apiVersion: '2025-11-01',
        name: "[format('{0}/{1}', parameters('registryName'), 'buildhook')]",
        location: '[resourceGroup().location]',
        dependsOn,
        properties: {
          serviceUri: "[parameters('hookUri')]",
          customHeaders: "[parameters('hookHeaders')]",
          actions: ['push'],
          status: 'enabled',
        },
      },
      {
        type: 'Microsoft.ContainerRegistry/registries/credentialSets',
        apiVersion: '2025-11-01',
        name: "[format('{0}/{1}', parameters('registryName'), 'dockerhub')]",
        identity: { type: 'SystemAssigned' },
        dependsOn,
        properties: {
          loginServer: 'docker.io',
          authCredentials: [
            {
              passwordSecretIdentifier: 'https://kv.vault.azure.net/secrets/pass',
              usernameSecretIdentifier: 'https://kv.vault.azure.net/secrets/user',
              name: 'Credential1',
            },
          ],
        },
      },
      {
        type: 'Microsoft.Insights/diagnosticSettings',
        apiVersion: '2021-05-01-preview',
        name: 'to-law',
        scope: registry,
        dependsOn,
        properties: {
          workspaceId: WORKSPACE,
          logs: [
            { enabled: true, categoryGroup: 'allLogs', category: null },
            { retentionPolicy: { enabled: false, days: 0 }, category: 'ContainerRegistryLoginEvents', enabled: true },
          ],
          metrics: [{ enabled: true, category: 'AllMetrics' }],
        },
      },
      {
        type: 'Microsoft.Authorization/roleAssignments',
        apiVersion: '2022-04-01',
        name: "[guid(parameters('registryName'), 'pull')]",
        scope: registry,
        dependsOn,
        properties: {
          roleDefinitionId:
            "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')]",
          principalId,
          principalType: 'ServicePrincipal',
        },
      },
    ],
  };
}

describe('a redeploy-style template', () => {
  let emulator: Emulator;
  let resources: ResourceManagementClient;
  let groupId = '';
  let deployment: Body;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    resources = new ResourceManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    groupId = (await resources.resourceGroups.createOrUpdate(GROUP, { location: 'westeurope' })).id ?? '';
    deployment = {
      properties: {
        mode: 'Incremental',
        template: template(emulator.mainPrincipal().objectId),
        parameters: {
          registryName: { value: 'acrstyle0001' },
          hookUri: { value: HOOK_URI },
          hookHeaders: { value: { Authorization: HOOK_TOKEN } },
        },
      },
    };
  });
  afterAll(() => emulator.stop());

  const registryId = () => `${groupId}/providers/Microsoft.ContainerRegistry/registries/acrstyle0001`;

  it('what-if before the deployment lists every resource as a Create, the secure values masked', async () => {
    const wire = await whatIfOnTheWire(resources, GROUP, 'style', deployment);
    expect(wire.properties.changes.map((c: Body) => c.changeType)).toEqual(Array(5).fill('Create'));
    const hook = wire.properties.changes.find((c: Body) => c.resourceId.endsWith('/webhooks/buildhook'));
    expect(hook.after.properties).toMatchObject({ serviceUri: MASK, customHeaders: MASK, actions: ['push'] });
    expect(JSON.stringify(wire)).not.toMatch(/s3cr3t/);
  });

  it('deploys the scoped extension resources at the registry, as ARM resolves a relative scope', async () => {
    await resources.deployments.beginCreateOrUpdateAndWait(GROUP, 'style', asDeployment(deployment), FAST_POLL);
    const monitor = new MonitorClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    const settings = await monitor.diagnosticSettings.list(registryId());
    // Monitor writes its namespace in lower case in the ids it returns, as Azure Monitor does.
    expect(settings.value?.map((s) => s.id?.toLowerCase())).toEqual([
      `${registryId()}/providers/Microsoft.Insights/diagnosticSettings/to-law`.toLowerCase(),
    ]);
    const operations: string[] = [];
    for await (const operation of resources.deploymentOperations.list(GROUP, 'style'))
      operations.push(operation.properties?.targetResource?.id ?? '');
    expect(operations.filter((id) => id.includes('/providers/Microsoft.Authorization/roleAssignments/'))).toEqual([
      expect.stringMatching(new RegExp(`^${registryId()}/providers/Microsoft\\.Authorization/roleAssignments/`)),
    ]);
  });

  it('a second what-if changes nothing but the webhook callback, which the provider never returns', async () => {
    const wire = await whatIfOnTheWire(resources, GROUP, 'style', deployment);
    const changes: Body[] = wire.properties.changes;
    const byType = (type: string) => changes.find((c) => c.after?.type === type) as Body;
    for (const type of [
      'Microsoft.ContainerRegistry/registries',
      'Microsoft.ContainerRegistry/registries/credentialSets',
      'Microsoft.Insights/diagnosticSettings',
      'Microsoft.Authorization/roleAssignments',
    ]) {
      expect([type, byType(type)?.changeType]).toEqual([type, 'NoChange']);
      // What the provider filled in (credentialHealth, categoryGroup, retention defaults) stays in the prediction.
      expect(JSON.stringify(byType(type).after)).toBe(JSON.stringify(byType(type).before));
    }
    expect(byType('Microsoft.ContainerRegistry/registries/webhooks')).toMatchObject({
      changeType: 'Modify',
      delta: [
        { path: 'properties.serviceUri', propertyChangeType: 'Create', after: MASK },
        { path: 'properties.customHeaders', propertyChangeType: 'Create', after: MASK },
      ],
    });
    expect(JSON.stringify(wire)).not.toMatch(/s3cr3t/);
  });
});

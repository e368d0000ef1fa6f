import {
  deploymentParameters,
  generateTemplate,
  type TemplateOptions,
} from '../../../../src/core/redeploy/template/build.js';
import type { JsonObject, TemplateResource } from '../../../../src/core/redeploy/template/expressions.js';
import { roleAssignmentNameOf } from '../../../../src/core/redeploy/template/names.js';
import {
  PRINCIPAL,
  richPlan,
  SUB,
  TARGET_ID,
  TARGET_IDENTITY,
  TARGET_KEY,
  WEBHOOK_HEADER,
  WEBHOOK_URI,
} from '../support/rich-plan.js';

const options = (overrides: Partial<TemplateOptions> = {}): TemplateOptions => ({
  toolVersion: '9.9.9',
  existingAssignments: [],
  privateEndpointSubnetIds: [],
  ...overrides,
});

const byType = (resources: readonly TemplateResource[], type: string) => resources.filter((r) => r.type === type);
const CR = 'Microsoft.ContainerRegistry/registries';
const REGISTRY_ID = "[resourceId('Microsoft.ContainerRegistry/registries', parameters('registryName'))]";

describe('generateTemplate', () => {
  const plan = richPlan();
  const generated = generateTemplate(plan, options());
  const { template, resources } = generated;

  it('has the deployment template shape ARM reads', () => {
    expect(template).toMatchObject({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      variables: {},
      metadata: { generator: { name: 'acr-relocate', version: '9.9.9' }, relocationId: plan.relocationId },
    });
    expect(Object.keys(template.parameters as JsonObject)).toEqual(
      expect.arrayContaining([
        'registryName',
        'location',
        'webhook_buildhook_serviceUri',
        'webhook_buildhook_customHeaders',
      ]),
    );
    expect(Object.keys(template.outputs as JsonObject)).toEqual(['registryId', 'loginServer']);
    expect(generated.parametersFile).toEqual({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
      contentVersion: '1.0.0.0',
      parameters: { registryName: { value: 'contosotarget' }, location: { value: 'westeurope' } },
    });
  });

  it('sets every registry setting of the plan, with the mapped key and identity and the relocation tag', () => {
    const registry = resources[0]!;
    expect(registry).toMatchObject({
      type: CR,
      apiVersion: '2025-11-01',
      name: "[parameters('registryName')]",
      location: "[parameters('location')]",
      sku: { name: 'Premium' },
    });
    expect(registry.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: { [TARGET_IDENTITY]: {} } });
    expect(registry.tags).toEqual({
      team: 'platform',
      odd: '[[not an expression]',
      'acr-relocation': plan.relocationId,
    });
    expect(registry.properties).toEqual({
      adminUserEnabled: true,
      publicNetworkAccess: 'Disabled',
      networkRuleSet: { defaultAction: 'Deny', ipRules: [{ action: 'Allow', value: '203.0.113.0/24' }] },
      networkRuleBypassOptions: 'AzureServices',
      networkRuleBypassAllowedForTasks: true,
      zoneRedundancy: 'Enabled',
      dataEndpointEnabled: true,
      anonymousPullEnabled: true,
      roleAssignmentMode: 'AbacRepositoryPermissions',
      policies: {
        quarantinePolicy: { status: 'enabled' },
        trustPolicy: { type: 'Notary', status: 'disabled' },
        retentionPolicy: { days: 30, status: 'enabled' },
        exportPolicy: { status: 'disabled' },
        azureADAuthenticationAsArmPolicy: { status: 'disabled' },
      },
      encryption: {
        status: 'enabled',
        keyVaultProperties: { keyIdentifier: TARGET_KEY, identity: 'target-client-id' },
      },
    });
  });

  it('creates replicas in the mapped regions, never in the new home region', () => {
    const replicas = byType(resources, `${CR}/replications`);
    expect(replicas.map((r) => [r.name, r.location])).toEqual([
      ["[format('{0}/{1}', parameters('registryName'), 'eastus')]", 'eastus'],
      ["[format('{0}/{1}', parameters('registryName'), 'japan')]", 'japaneast'],
    ]);
    expect(replicas[1]).toMatchObject({
      tags: { r: 'jp' },
      properties: { regionEndpointEnabled: false, zoneRedundancy: 'Enabled' },
      dependsOn: [REGISTRY_ID],
    });
  });

  it('creates no replica for a SKU below Premium', () => {
    const basic = richPlan();
    basic.target.settings = { ...basic.target.settings, sku: 'Standard' };
    expect(byType(generateTemplate(basic, options()).resources, `${CR}/replications`)).toEqual([]);
  });

  it('passes webhook secrets as secure parameters, never as literals', () => {
    const [home, japan] = byType(resources, `${CR}/webhooks`);
    expect(home).toMatchObject({
      location: "[parameters('location')]",
      properties: {
        serviceUri: "[parameters('webhook_buildhook_serviceUri')]",
        customHeaders: "[parameters('webhook_buildhook_customHeaders')]",
        status: 'enabled',
        scope: 'app/*',
        actions: ['push'],
      },
    });
    expect(japan).toMatchObject({
      location: 'japaneast',
      dependsOn: [
        REGISTRY_ID,
        "[resourceId('Microsoft.ContainerRegistry/registries/replications', parameters('registryName'), 'japan')]",
      ],
    });
    expect((template.parameters as JsonObject).webhook_buildhook_serviceUri).toMatchObject({ type: 'securestring' });
    expect((template.parameters as JsonObject).webhook_buildhook_customHeaders).toMatchObject({ type: 'secureObject' });
    const files = JSON.stringify(template) + JSON.stringify(generated.parametersFile);
    for (const secret of [WEBHOOK_URI, WEBHOOK_HEADER, 'jp.example.com']) expect(files).not.toContain(secret);
    expect(deploymentParameters(generated)).toMatchObject({
      webhook_buildhook_serviceUri: { value: WEBHOOK_URI },
      webhook_buildhook_customHeaders: { value: { Authorization: WEBHOOK_HEADER } },
      registryName: { value: 'contosotarget' },
    });
  });

  it('recreates user scope maps and tokens bound to the target scope maps, without credentials', () => {
    expect(byType(resources, `${CR}/scopeMaps`)).toEqual([
      expect.objectContaining({ properties: { description: 'read app', actions: ['repositories/app/content/read'] } }),
    ]);
    const [ci, pull] = byType(resources, `${CR}/tokens`);
    const readers =
      "[resourceId('Microsoft.ContainerRegistry/registries/scopeMaps', parameters('registryName'), 'readers')]";
    expect(ci).toMatchObject({
      properties: { scopeMapId: readers, status: 'enabled' },
      dependsOn: [REGISTRY_ID, readers],
    });
    expect(ci!.properties).not.toHaveProperty('credentials');
    expect(pull).toMatchObject({
      properties: {
        scopeMapId:
          "[resourceId('Microsoft.ContainerRegistry/registries/scopeMaps', parameters('registryName'), '_repositories_pull')]",
        status: 'disabled',
      },
      dependsOn: [REGISTRY_ID],
    });
  });

  it('recreates credential sets and cache rules with the same Key Vault references', () => {
    const [set] = byType(resources, `${CR}/credentialSets`);
    expect(set).toMatchObject({
      identity: { type: 'SystemAssigned' },
      properties: {
        loginServer: 'docker.io',
        authCredentials: [
          {
            name: 'Credential1',
            usernameSecretIdentifier: 'https://kv.vault.azure.net/secrets/user',
            passwordSecretIdentifier: 'https://kv.vault.azure.net/secrets/pass',
          },
        ],
      },
    });
    expect(JSON.stringify(set)).not.toContain('old-principal');
    const [hub, mcr] = byType(resources, `${CR}/cacheRules`);
    const dockerhub =
      "[resourceId('Microsoft.ContainerRegistry/registries/credentialSets', parameters('registryName'), 'dockerhub')]";
    expect(hub).toMatchObject({
      properties: {
        sourceRepository: 'docker.io/library/nginx',
        targetRepository: 'hub/nginx',
        credentialSetResourceId: dockerhub,
      },
      dependsOn: [REGISTRY_ID, dockerhub],
    });
    expect(mcr!.properties).toEqual({ sourceRepository: 'mcr.microsoft.com/dotnet/*', targetRepository: 'mcr/*' });
  });

  it('scopes diagnostic settings to the registry with the same destinations', () => {
    expect(byType(resources, 'Microsoft.Insights/diagnosticSettings')).toEqual([
      {
        type: 'Microsoft.Insights/diagnosticSettings',
        apiVersion: '2021-05-01-preview',
        name: 'to-law',
        scope: REGISTRY_ID,
        properties: {
          workspaceId: '/subscriptions/x/resourceGroups/mon/providers/Microsoft.OperationalInsights/workspaces/law',
          logs: [
            {
              category: 'ContainerRegistryRepositoryEvents',
              enabled: true,
              retentionPolicy: { enabled: false, days: 0 },
            },
          ],
          metrics: [{ category: 'AllMetrics', enabled: true }],
        },
        dependsOn: [REGISTRY_ID],
      },
    ]);
  });

  it('assigns the same roles to the same principals under names derived from target, principal and role', () => {
    const assignments = byType(resources, 'Microsoft.Authorization/roleAssignments');
    expect(assignments.map((a) => a.name)).toEqual([
      roleAssignmentNameOf(TARGET_ID, PRINCIPAL, '7f951dda-4ed3-4680-a7ca-43fe172d538d'),
      roleAssignmentNameOf(TARGET_ID, PRINCIPAL, '8311e382-0749-4cb8-b61a-304f252e45ec'),
    ]);
    expect(assignments[0]).toMatchObject({
      apiVersion: '2022-04-01',
      scope: REGISTRY_ID,
      properties: {
        roleDefinitionId:
          "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')]",
        principalId: PRINCIPAL,
        principalType: 'ServicePrincipal',
      },
    });
    expect(assignments[0]!.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(assignments.map((a) => a.name)).size).toBe(2);
    const otherTarget = roleAssignmentNameOf(
      TARGET_ID.replace('contosotarget', 'other'),
      PRINCIPAL,
      '7f951dda-4ed3-4680-a7ca-43fe172d538d',
    );
    expect(otherTarget).not.toBe(assignments[0]!.name);
  });

  it('leaves out a pair the target already has under another name, and keeps its own names', () => {
    const pull = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`;
    const ours = roleAssignmentNameOf(TARGET_ID, PRINCIPAL, pull);
    const keep = generateTemplate(
      plan,
      options({ existingAssignments: [{ name: ours, principalId: PRINCIPAL, roleDefinitionId: pull }] }),
    );
    expect(byType(keep.resources, 'Microsoft.Authorization/roleAssignments')).toHaveLength(2);
    const other = generateTemplate(
      plan,
      options({
        existingAssignments: [{ name: 'someone-elses', principalId: PRINCIPAL.toUpperCase(), roleDefinitionId: pull }],
      }),
    );
    expect(byType(other.resources, 'Microsoft.Authorization/roleAssignments')).toHaveLength(1);
    expect(other.alreadyAssigned.map((a) => a.roleName)).toEqual(['AcrPull']);
  });

  it('adds private endpoints and DNS zone groups only when subnets are given', () => {
    expect(byType(resources, 'Microsoft.Network/privateEndpoints')).toEqual([]);
    const subnet = `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe`;
    const zone = `/subscriptions/${SUB}/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
    const withPe = generateTemplate(
      plan,
      options({ privateEndpointSubnetIds: [subnet], privateDnsZoneId: zone }),
    ).resources;
    const [endpoint] = byType(withPe, 'Microsoft.Network/privateEndpoints');
    expect(endpoint).toMatchObject({
      apiVersion: '2024-05-01',
      location: "[parameters('location')]",
      properties: {
        subnet: { id: subnet },
        privateLinkServiceConnections: [{ properties: { privateLinkServiceId: REGISTRY_ID, groupIds: ['registry'] } }],
      },
    });
    expect(endpoint!.name).toMatch(/^pe-contosotarget-pe-[0-9a-f]{8}$/);
    expect(byType(withPe, 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups')).toEqual([
      expect.objectContaining({
        name: `${endpoint!.name}/default`,
        properties: {
          privateDnsZoneConfigs: [{ name: 'privatelink-azurecr-io', properties: { privateDnsZoneId: zone } }],
        },
      }),
    ]);
    expect(
      byType(
        generateTemplate(plan, options({ privateEndpointSubnetIds: [subnet] })).resources,
        'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
      ),
    ).toEqual([]);
  });

  it('is deterministic: the same plan gives the same template', () => {
    expect(generateTemplate(richPlan(), options())).toEqual(generated);
  });
});

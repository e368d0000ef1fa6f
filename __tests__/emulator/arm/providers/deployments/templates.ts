/** ARM templates the deployment tests run: a registry with replicas (copy loop), an AcrPull role assignment and outputs. */
import type { Body } from './official.js';

export const ACR_PULL = '7f951dda-4ed3-4680-a7ca-43fe172d538d';

/** What a relocation's redeploy step would deploy: parameters, variables, functions, dependsOn, copy, reference(). */
export const REGISTRY_TEMPLATE: Body = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: {
    registryPrefix: { type: 'string', minLength: 3, maxLength: 20 },
    sku: { type: 'string', defaultValue: 'Premium', allowedValues: ['Basic', 'Standard', 'Premium'] },
    location: { type: 'string', defaultValue: '[resourceGroup().location]' },
    replicaLocations: { type: 'array', defaultValue: ['westus', 'eastus'] },
    adminUserEnabled: { type: 'bool', defaultValue: false },
    pullPrincipalId: { type: 'string' },
    webhookToken: { type: 'securestring' },
  },
  variables: {
    registryName: "[toLower(concat(parameters('registryPrefix'), uniqueString(resourceGroup().id)))]",
    registryId: "[resourceId('Microsoft.ContainerRegistry/registries', variables('registryName'))]",
    tags: { purpose: "[format('relocation-{0}', parameters('sku'))]", escaped: '[[not-an-expression]' },
  },
  resources: [
    {
      type: 'Microsoft.ContainerRegistry/registries',
      apiVersion: '2025-11-01',
      name: "[variables('registryName')]",
      location: "[parameters('location')]",
      sku: { name: "[parameters('sku')]" },
      tags: "[variables('tags')]",
      properties: { adminUserEnabled: "[parameters('adminUserEnabled')]" },
    },
    {
      type: 'Microsoft.ContainerRegistry/registries/replications',
      apiVersion: '2025-11-01',
      name: "[concat(variables('registryName'), '/', parameters('replicaLocations')[copyIndex()])]",
      location: "[parameters('replicaLocations')[copyIndex()]]",
      copy: { name: 'replicas', count: "[length(parameters('replicaLocations'))]" },
      dependsOn: ["[variables('registryId')]"],
      properties: {},
    },
    {
      type: 'Microsoft.Authorization/roleAssignments',
      apiVersion: '2022-04-01',
      name: "[guid(variables('registryId'), parameters('pullPrincipalId'), 'AcrPull')]",
      scope: "[variables('registryId')]",
      dependsOn: ["[variables('registryId')]"],
      properties: {
        roleDefinitionId: `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${ACR_PULL}')]`,
        principalId: "[parameters('pullPrincipalId')]",
        principalType: 'ServicePrincipal',
      },
    },
  ],
  outputs: {
    registryName: { type: 'string', value: "[variables('registryName')]" },
    loginServer: { type: 'string', value: "[reference(variables('registryId'), '2025-11-01').loginServer]" },
    replicaCount: { type: 'int', value: "[length(parameters('replicaLocations'))]" },
    token: { type: 'securestring', value: "[parameters('webhookToken')]" },
  },
};

export function registryDeployment(
  overrides: Record<string, unknown> = {},
  mode = 'Incremental',
  template: Body = REGISTRY_TEMPLATE,
): Body {
  const values = {
    registryPrefix: 'relo',
    pullPrincipalId: '11111111-2222-4333-8444-555555555555',
    webhookToken: 'very-secret-token',
    ...overrides,
  };
  return {
    properties: {
      mode,
      template,
      parameters: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])),
    },
  };
}

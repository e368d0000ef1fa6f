/**
 * A plan with every setting and every kind of child resource, recorded as prepare records them
 * (the SDK's flattened shapes), for the template generator's tests.
 */
import type { RelocationPlan } from '../../../../src/core/plan/model.js';
import { samplePlan, sampleSettings } from '../../../helpers/plan-fixture.js';

export const SUB = '00000000-0000-0000-0000-000000000001';
export const SOURCE_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contososource`;
export const TARGET_ID = `/subscriptions/${SUB}/resourceGroups/rg-target/providers/Microsoft.ContainerRegistry/registries/contosotarget`;
export const SOURCE_IDENTITY = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/src-id`;
export const TARGET_IDENTITY = `/subscriptions/${SUB}/resourceGroups/rg-target/providers/Microsoft.ManagedIdentity/userAssignedIdentities/tgt-id`;
export const TARGET_KEY = 'https://target-vault.vault.azure.net/keys/acr/1';
export const WEBHOOK_URI = 'https://hooks.example.com/acr?sig=s3cr3t-signature';
export const WEBHOOK_HEADER = 'Bearer header-s3cr3t';
export const PRINCIPAL = '11111111-2222-3333-4444-555555555555';
const ACR_PULL = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`;
const ACR_PUSH = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/8311e382-0749-4cb8-b61a-304f252e45ec`;

export function richPlan(): RelocationPlan {
  const base = samplePlan();
  const settings = sampleSettings({
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
    encryption: { status: 'enabled', keyVaultProperties: { keyIdentifier: TARGET_KEY, identity: 'target-client-id' } },
    identity: { type: 'UserAssigned', userAssignedIdentities: [TARGET_IDENTITY] },
    tags: { team: 'platform', odd: '[not an expression]' },
  });
  const child = (kind: string, name: string, properties: Record<string, unknown>, location?: string) => ({
    type: `Microsoft.ContainerRegistry/registries/${kind}`,
    name,
    id: `${SOURCE_ID}/${kind}/${name}`,
    ...(location ? { location } : {}),
    properties,
  });
  return {
    ...base,
    fingerprint: 'sha256:test',
    source: {
      ...base.source,
      id: SOURCE_ID,
      location: 'eastus',
      settings: { ...settings, identity: { type: 'UserAssigned', userAssignedIdentities: [SOURCE_IDENTITY] } },
    },
    target: { ...base.target, id: TARGET_ID, location: 'westeurope', settings },
    children: {
      ...base.children,
      replications: [
        child('replications', 'eastus', { regionEndpointEnabled: true, zoneRedundancy: 'Disabled' }, 'eastus'),
        child(
          'replications',
          'weurepl',
          { regionEndpointEnabled: false, zoneRedundancy: 'Enabled', tags: { r: '1' } },
          'westeurope',
        ),
        child(
          'replications',
          'japan',
          { regionEndpointEnabled: false, zoneRedundancy: 'Enabled', tags: { r: 'jp' } },
          'japaneast',
        ),
      ],
      webhooks: [
        {
          ...child(
            'webhooks',
            'buildhook',
            {
              status: 'enabled',
              scope: 'app/*',
              actions: ['push'],
              serviceUri: WEBHOOK_URI,
              customHeaders: { Authorization: WEBHOOK_HEADER },
            },
            'eastus',
          ),
          secret: true,
        },
        {
          ...child(
            'webhooks',
            'japanhook',
            {
              status: 'disabled',
              scope: '',
              actions: ['delete'],
              serviceUri: 'https://jp.example.com/x',
              customHeaders: {},
            },
            'japaneast',
          ),
          secret: true,
        },
      ],
      scopeMaps: [
        child('scopeMaps', 'readers', {
          description: 'read app',
          typePropertiesType: 'UserDefined',
          actions: ['repositories/app/content/read'],
        }),
      ],
      tokens: [
        child('tokens', 'ci-token', {
          scopeMapId: `${SOURCE_ID}/scopeMaps/readers`,
          status: 'enabled',
          credentials: { passwords: [{ name: 'password1' }] },
        }),
        child('tokens', 'pull-all', { scopeMapId: `${SOURCE_ID}/scopeMaps/_repositories_pull`, status: 'disabled' }),
      ],
      credentialSets: [
        child('credentialSets', 'dockerhub', {
          identity: { type: 'SystemAssigned', principalId: 'old-principal', tenantId: 't' },
          loginServer: 'docker.io',
          authCredentials: [
            {
              name: 'Credential1',
              usernameSecretIdentifier: 'https://kv.vault.azure.net/secrets/user',
              passwordSecretIdentifier: 'https://kv.vault.azure.net/secrets/pass',
              credentialHealth: { status: 'Healthy' },
            },
          ],
        }),
      ],
      cacheRules: [
        child('cacheRules', 'hub-nginx', {
          sourceRepository: 'docker.io/library/nginx',
          targetRepository: 'hub/nginx',
          credentialSetResourceId: `${SOURCE_ID}/credentialSets/dockerhub`,
        }),
        child('cacheRules', 'mcr', { sourceRepository: 'mcr.microsoft.com/dotnet/*', targetRepository: 'mcr/*' }),
      ],
      connectedRegistries: [child('connectedRegistries', 'edge1', { mode: 'ReadOnly' })],
      privateEndpointConnections: [
        child('privateEndpointConnections', 'pec1', {
          privateEndpoint: {
            id: '/subscriptions/x/resourceGroups/net/providers/Microsoft.Network/privateEndpoints/pe-src',
          },
        }),
      ],
      diagnosticSettings: [
        {
          type: 'Microsoft.Insights/diagnosticSettings',
          name: 'to-law',
          id: `${SOURCE_ID}/providers/microsoft.insights/diagnosticSettings/to-law`,
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
        },
      ],
      locks: [
        {
          type: 'Microsoft.Authorization/locks',
          name: 'nodelete',
          id: `${SOURCE_ID}/providers/Microsoft.Authorization/locks/nodelete`,
          properties: { level: 'CanNotDelete' },
        },
      ],
      roleAssignments: [
        {
          id: `${SOURCE_ID}/providers/Microsoft.Authorization/roleAssignments/a1`,
          principalId: PRINCIPAL,
          principalType: 'ServicePrincipal',
          roleDefinitionId: ACR_PULL,
          roleName: 'AcrPull',
          scope: SOURCE_ID,
        },
        {
          id: `${SOURCE_ID}/providers/Microsoft.Authorization/roleAssignments/a2`,
          principalId: PRINCIPAL,
          principalType: 'ServicePrincipal',
          roleDefinitionId: ACR_PUSH,
          roleName: 'AcrPush',
          scope: SOURCE_ID,
        },
      ],
    },
    mapping: {
      ...base.mapping,
      location: { from: 'eastus', to: 'westeurope' },
      replicationLocations: ['eastus', 'West Europe', 'japaneast'],
      encryptionKey: TARGET_KEY,
      identities: { [SOURCE_IDENTITY]: TARGET_IDENTITY },
    },
  };
}

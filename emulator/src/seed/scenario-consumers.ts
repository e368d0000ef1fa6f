/**
 * 'consumers': what pulls from the source and must be rewired when it moves, in resource group
 * `rg-relocation-consumers`, each created through its provider as a user would:
 * - two AKS clusters whose kubelet identities hold AcrPull on the source (`az aks update --attach-acr`
 *   makes exactly this role assignment, at the registry scope);
 * - a CI service principal with AcrPush on the source;
 * - a Linux Web App running `DOCKER|<source>/team/app/api:1.1.0` with its system identity (AcrPull)
 *   and DOCKER_REGISTRY_SERVER_URL;
 * - a Container App running `<source>/team/app/worker:2.0.0`, logging in with the admin user
 *   (registries[] + a secret, as `az containerapp create --registry-username` does);
 * - a diagnostic setting on the source sending its logs and metrics to a Log Analytics workspace;
 * - with `consumers:lock`, a CanNotDelete lock on the source (off by default: it blocks retire-source).
 * The images the apps run are written into the source (the same digests 'small' writes).
 */
import { registerScenario, REGISTRY_API, type ScenarioContext, type ScenarioParams } from './scenarios.js';
import { ensureSource, type SourceRegistry } from './scenario-source.js';
import { APP_IMAGES, appItems, writeItems } from './scenario-small-content.js';

export const CONSUMER_RESOURCE_GROUP = 'rg-relocation-consumers';
export const CONSUMER_LOCATION = 'westeurope';
export const CLUSTERS = [
  { name: 'aks-consumer-weu', location: 'westeurope' },
  { name: 'aks-consumer-neu', location: 'northeurope' },
] as const;
export const CI_PRINCIPAL = 'sp-relocation-ci-push';
export const WEB_APP_NAME = 'app-relocation-api';
export const ENVIRONMENT_NAME = 'cae-relocation';
export const CONTAINER_APP_NAME = 'ca-relocation-worker';
export const DIAGNOSTIC_SETTING_NAME = 'acr-to-log-analytics';
export const LOCK_NAME = 'source-do-not-delete';
export const ACR_PULL = '7f951dda-4ed3-4680-a7ca-43fe172d538d';
export const ACR_PUSH = '8311e382-0749-4cb8-b61a-304f252e45ec';

const CONTAINER_SERVICE_API = '2025-10-01';
const WEB_API = '2025-05-01';
const APP_API = '2025-07-01';
const DIAGNOSTIC_SETTINGS_API = '2017-05-01-preview';
const LOCKS_API = '2020-05-01';

registerScenario('consumers', {
  params: { lock: { type: 'flag', default: false } },
  run: async (ctx, params) => seedConsumers(ctx, params),
});

async function seedConsumers(ctx: ScenarioContext, params: ScenarioParams): Promise<void> {
  const source = await ensureSource(ctx);
  writeItems(source.runtime.store, appItems(ctx.seed));
  await ctx.createResourceGroup(CONSUMER_RESOURCE_GROUP, CONSUMER_LOCATION, { purpose: 'relocation-consumers' });
  for (const cluster of CLUSTERS) await addCluster(ctx, source, cluster.name, cluster.location);
  const ci = ctx.addPrincipal(CI_PRINCIPAL);
  await ctx.assignRole(source.id, ci.objectId, ACR_PUSH);
  await addWebApp(ctx, source);
  await addContainerApp(ctx, source);
  await addDiagnosticSetting(ctx, source);
  if (params.lock === true) {
    await ctx.arm.send('PUT', `${source.id}/providers/Microsoft.Authorization/locks/${LOCK_NAME}`, LOCKS_API, {
      properties: { level: 'CanNotDelete', notes: 'Production registry: remove this lock before retiring it.' },
    });
  }
}

function groupPath(ctx: ScenarioContext, provider: string): string {
  return `/subscriptions/${ctx.subscriptionId}/resourceGroups/${CONSUMER_RESOURCE_GROUP}/providers/${provider}`;
}

async function addCluster(ctx: ScenarioContext, source: SourceRegistry, name: string, location: string): Promise<void> {
  const cluster = (await ctx.arm.send(
    'PUT',
    groupPath(ctx, `Microsoft.ContainerService/managedClusters/${name}`),
    CONTAINER_SERVICE_API,
    {
      location,
      identity: { type: 'SystemAssigned' },
      tags: { purpose: 'relocation-consumer' },
      properties: {
        dnsPrefix: name,
        agentPoolProfiles: [{ name: 'system', count: 2, vmSize: 'Standard_D2s_v5', mode: 'System', osType: 'Linux' }],
      },
    },
  )) as { properties?: { identityProfile?: { kubeletidentity?: { objectId?: string } } } };
  const kubelet = cluster.properties?.identityProfile?.kubeletidentity?.objectId;
  if (!kubelet) throw new Error(`seed: cluster ${name} has no kubelet identity`);
  await ctx.assignRole(source.id, kubelet, ACR_PULL);
}

async function addWebApp(ctx: ScenarioContext, source: SourceRegistry): Promise<void> {
  const image = `${source.loginServer}/${APP_IMAGES.webApp.repository}:${APP_IMAGES.webApp.tag}`;
  const site = (await ctx.arm.send('PUT', groupPath(ctx, `Microsoft.Web/sites/${WEB_APP_NAME}`), WEB_API, {
    location: CONSUMER_LOCATION,
    kind: 'app,linux,container',
    identity: { type: 'SystemAssigned' },
    properties: {
      serverFarmId: groupPath(ctx, 'Microsoft.Web/serverfarms/asp-relocation'),
      reserved: true,
      httpsOnly: true,
      siteConfig: {
        linuxFxVersion: `DOCKER|${image}`,
        acrUseManagedIdentityCreds: true,
        appSettings: [
          { name: 'DOCKER_REGISTRY_SERVER_URL', value: `https://${source.loginServer}` },
          { name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', value: 'false' },
        ],
      },
    },
  })) as { identity?: { principalId?: string } };
  if (!site.identity?.principalId) throw new Error(`seed: web app ${WEB_APP_NAME} has no identity`);
  await ctx.assignRole(source.id, site.identity.principalId, ACR_PULL);
}

async function addContainerApp(ctx: ScenarioContext, source: SourceRegistry): Promise<void> {
  const environmentId = groupPath(ctx, `Microsoft.App/managedEnvironments/${ENVIRONMENT_NAME}`);
  await ctx.arm.send('PUT', environmentId, APP_API, { location: CONSUMER_LOCATION, properties: {} });
  const credentials = (await ctx.arm.send('POST', `${source.id}/listCredentials`, REGISTRY_API)) as {
    username: string;
    passwords: Array<{ value: string }>;
  };
  const image = `${source.loginServer}/${APP_IMAGES.containerApp.repository}:${APP_IMAGES.containerApp.tag}`;
  await ctx.arm.send('PUT', groupPath(ctx, `Microsoft.App/containerApps/${CONTAINER_APP_NAME}`), APP_API, {
    location: CONSUMER_LOCATION,
    properties: {
      managedEnvironmentId: environmentId,
      configuration: {
        activeRevisionsMode: 'Single',
        secrets: [{ name: 'registry-password', value: credentials.passwords[0]?.value ?? '' }],
        registries: [
          { server: source.loginServer, username: credentials.username, passwordSecretRef: 'registry-password' },
        ],
      },
      template: {
        containers: [{ name: 'worker', image, resources: { cpu: 0.5, memory: '1Gi' } }],
        scale: { minReplicas: 1, maxReplicas: 3 },
      },
    },
  });
}

async function addDiagnosticSetting(ctx: ScenarioContext, source: SourceRegistry): Promise<void> {
  const path = `${source.id}/providers/Microsoft.Insights/diagnosticSettings/${DIAGNOSTIC_SETTING_NAME}`;
  await ctx.arm.send('PUT', path, DIAGNOSTIC_SETTINGS_API, {
    properties: {
      workspaceId: groupPath(ctx, 'Microsoft.OperationalInsights/workspaces/law-relocation'),
      logs: [{ categoryGroup: 'allLogs', enabled: true }],
      metrics: [{ category: 'AllMetrics', enabled: true }],
    },
  });
}

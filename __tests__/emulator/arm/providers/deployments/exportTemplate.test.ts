/** ResourceGroups_ExportTemplate through the official @azure/arm-resources 6.1.0 client, and redeploying what it exports. */
import { ResourceManagementClient } from '@azure/arm-resources';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { WebSiteManagementClient } from '@azure/arm-appservice';
import {
  armOptions,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';
import { asDeployment, type Body } from './official.js';
import { registryDeployment } from './templates.js';

const GROUP = 'rg-export';

describe('resource group exportTemplate', () => {
  let emulator: Emulator;
  let resources: ResourceManagementClient;
  let acr: ContainerRegistryManagementClient;
  let registryName = '';

  beforeAll(async () => {
    emulator = await startTestEmulator();
    resources = new ResourceManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    acr = new ContainerRegistryManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    await resources.resourceGroups.createOrUpdate(GROUP, { location: 'westeurope' });
    const deployed = await resources.deployments.beginCreateOrUpdateAndWait(
      GROUP,
      'registry',
      asDeployment(registryDeployment()),
      FAST_POLL,
    );
    registryName = (deployed.properties?.outputs as Body).registryName.value;
    const web = new WebSiteManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    await web.webApps.createOrUpdate(
      GROUP,
      'export-web',
      {
        location: 'westeurope',
        kind: 'app,linux,container',
        siteConfig: {
          linuxFxVersion: `DOCKER|${registryName}.azurecr.io/web:1`,
          appSettings: [{ name: 'DOCKER_REGISTRY_SERVER_PASSWORD', value: 'app-setting-secret' }],
        },
      },
      FAST_POLL,
    );
    const aks = new ContainerServiceClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    await aks.managedClusters.createOrUpdate(
      GROUP,
      'export-aks',
      {
        location: 'westeurope',
        dnsPrefix: 'exportaks',
        agentPoolProfiles: [{ name: 'system', count: 1, vmSize: 'Standard_D2s_v5', mode: 'System' }],
      },
      FAST_POLL,
    );
  });
  afterAll(() => emulator.stop());

  async function exported(options?: string): Promise<Body> {
    const result = await resources.resourceGroups.beginExportTemplateAndWait(
      GROUP,
      { resources: ['*'], ...(options ? { options } : {}) },
      FAST_POLL,
    );
    expect(result.error).toBeUndefined();
    return result.template as Body;
  }

  it('exports the group’s resources with parameterized names, child dependencies, and no secrets or extension resources', async () => {
    const template = await exported('IncludeParameterDefaultValue');
    expect(template.$schema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
    const types = template.resources.map((r: Body) => r.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'Microsoft.ContainerRegistry/registries',
        'Microsoft.ContainerRegistry/registries/replications',
        'Microsoft.Web/sites',
        'Microsoft.Web/sites/config',
        'Microsoft.ContainerService/managedClusters',
      ]),
    );
    expect(types).not.toContain('Microsoft.Authorization/roleAssignments');
    const parameter = `registries_${registryName}_name`;
    expect(template.parameters[parameter]).toEqual({ type: 'String', defaultValue: registryName });
    const replica = template.resources.find(
      (r: Body) => r.type.endsWith('/replications') && r.name.includes("'/westus'"),
    );
    expect(replica).toMatchObject({
      apiVersion: '2025-11-01',
      name: `[concat(parameters('${parameter}'), '/westus')]`,
      location: 'westus',
      dependsOn: [`[resourceId('Microsoft.ContainerRegistry/registries', parameters('${parameter}'))]`],
    });
    const registry = template.resources.find((r: Body) => r.type === 'Microsoft.ContainerRegistry/registries');
    expect(registry.properties.loginServer).toBeUndefined();
    expect(registry.properties.provisioningState).toBeUndefined();
    expect(JSON.stringify(template)).not.toContain('app-setting-secret');
  });

  it('redeploys: the exported template restores a deleted child resource and what-if then reports no changes', async () => {
    const template = await exported('IncludeParameterDefaultValue');
    await acr.replications.beginDeleteAndWait(GROUP, registryName, 'eastus', FAST_POLL);
    const result = await resources.deployments.beginCreateOrUpdateAndWait(
      GROUP,
      'redeploy',
      { properties: { mode: 'Incremental', template } },
      FAST_POLL,
    );
    expect(result.properties?.provisioningState).toBe('Succeeded');
    expect((await acr.replications.get(GROUP, registryName, 'eastus')).provisioningState).toBe('Succeeded');
    const whatIf = await resources.deployments.beginWhatIfAndWait(
      GROUP,
      'redeploy',
      { properties: { mode: 'Incremental', template } },
      FAST_POLL,
    );
    const changed = whatIf.changes?.filter((c) => c.changeType !== 'NoChange');
    expect(changed).toEqual([]);
  });

  it('follows the options: names need values without IncludeParameterDefaultValue; SkipResourceNameParameterization keeps literal names', async () => {
    const bare = await exported();
    expect(Object.values(bare.parameters).every((p) => !('defaultValue' in (p as Body)))).toBe(true);
    await expect(
      resources.deployments.beginCreateOrUpdateAndWait(
        GROUP,
        'no-values',
        { properties: { mode: 'Incremental', template: bare } },
        FAST_POLL,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidTemplate' });
    const literal = await exported('SkipResourceNameParameterization');
    expect(literal.parameters).toEqual({});
    expect(literal.resources.map((r: Body) => r.name)).toContain(registryName);
    const one = await resources.resourceGroups.beginExportTemplateAndWait(
      GROUP,
      {
        resources: [
          `/subscriptions/${emulator.subscriptionId}/resourceGroups/${GROUP}/providers/Microsoft.Web/sites/export-web`,
        ],
      },
      FAST_POLL,
    );
    expect((one.template as Body).resources.map((r: Body) => r.type)).toEqual([
      'Microsoft.Web/sites',
      'Microsoft.Web/sites/config',
    ]);
  });
});

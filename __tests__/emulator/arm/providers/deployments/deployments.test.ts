/**
 * Resource-group deployments end to end through the official client (@azure/arm-resources 6.1.0's
 * Deployments): run, history, operations, what-if, validate, secure parameters.
 */
import { ResourceManagementClient } from '@azure/arm-resources';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import {
  armOptions,
  armRequest,
  credentialOf,
  FAST_POLL,
  httpsRequest,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';
import { uniqueString } from '../../../../../emulator/src/arm/providers/deployments/template/hash.js';
import { API_VERSION, asDeployment, listAll, whatIfOnTheWire, type Body } from './official.js';
import { REGISTRY_TEMPLATE, registryDeployment } from './templates.js';

const GROUP = 'rg-deploy';

/** How the SDK's dictionary mapper turns a string into an object: one key per character. */
const characters = (text: string) => Object.fromEntries([...text].map((c, i) => [String(i), c]));

describe('Microsoft.Resources/deployments (resource group scope)', () => {
  let emulator: Emulator;
  let resources: ResourceManagementClient;
  let acr: ContainerRegistryManagementClient;
  let groupId = '';
  let registryName = '';

  beforeAll(async () => {
    emulator = await startTestEmulator();
    acr = new ContainerRegistryManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    resources = new ResourceManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    groupId = (await resources.resourceGroups.createOrUpdate(GROUP, { location: 'westeurope' })).id ?? '';
    registryName = `relo${uniqueString([groupId])}`;
  });
  afterAll(() => emulator.stop());

  it('answers PUT with 201 Accepted and Azure-AsyncOperation, runs (Running) and succeeds with outputs', async () => {
    const put = await armRequest(
      emulator,
      'PUT',
      `/subscriptions/${emulator.subscriptionId}/resourcegroups/${GROUP}/providers/Microsoft.Resources/deployments/first`,
      { apiVersion: API_VERSION, body: registryDeployment() },
    );
    expect(put.status).toBe(201);
    expect(put.body.properties).toMatchObject({
      provisioningState: 'Accepted',
      mode: 'Incremental',
      templateHash: expect.stringMatching(/^\d+$/),
    });
    const statusUrl = String(put.headers['azure-asyncoperation']);
    expect(statusUrl).toMatch(
      new RegExp(
        `/providers/Microsoft\\.Resources/deployments/first/operationStatuses/[0-9A-F]+\\?api-version=${API_VERSION}$`,
      ),
    );
    const seen: string[] = [];
    for (let i = 0; i < 400 && !['Succeeded', 'Failed'].includes(seen[seen.length - 1] ?? ''); i++) {
      const status = await httpsRequest(statusUrl, {
        headers: {
          authorization: `Bearer ${(await credentialOf(emulator).getToken(`${emulator.arm.armUrl}/.default`)).token}`,
        },
      });
      seen.push(status.body.status);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(seen[0]).toBe('Running');
    expect(seen[seen.length - 1]).toBe('Succeeded');
    const deployment = (await resources.deployments.get(GROUP, 'first')) as Body;
    const registry = await acr.registries.get(GROUP, registryName);
    expect(deployment.properties.outputs).toEqual({
      registryName: { type: 'String', value: registryName },
      loginServer: { type: 'String', value: registry.loginServer },
      replicaCount: { type: 'Int', value: 2 },
      token: { type: 'SecureString' },
    });
    expect(deployment.properties.outputResources.map((r: Body) => r.id.replace(groupId, ''))).toHaveLength(4);
    expect(registry.tags).toEqual({ purpose: 'relocation-Premium', escaped: '[not-an-expression]' });
  });

  it('deploys through the same handlers as direct PUTs: live data plane, replicas, role assignment', async () => {
    const registry = await acr.registries.get(GROUP, registryName);
    expect((await httpsRequest(`https://${registry.loginServer}/v2/`)).status).toBe(401);
    const replicas: string[] = [];
    for await (const replica of acr.replications.list(GROUP, registryName)) replicas.push(replica.name ?? '');
    expect(replicas.sort()).toEqual(['eastus', 'westeurope', 'westus']);
    const assignments = await armRequest(
      emulator,
      'GET',
      `${registry.id}/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()`,
      { apiVersion: '2022-04-01' },
    );
    expect(assignments.body.value.map((a: Body) => a.properties.principalId)).toContain(
      '11111111-2222-4333-8444-555555555555',
    );
    const puts = emulator.requests.list({ service: 'arm', method: 'PUT' }).filter((e) => e.path.includes(registryName));
    expect(puts.map((e) => e.path.split('?')[0]?.split('/').slice(-2).join('/')).sort()).toEqual(
      expect.arrayContaining([`registries/${registryName}`, 'replications/eastus', 'replications/westus']),
    );
  });

  it('records the deployment operations and never returns secure parameter values', async () => {
    const operations = await listAll(resources.deploymentOperations.list(GROUP, 'first'));
    expect(operations).toHaveLength(4);
    for (const operation of operations)
      expect(operation.properties).toMatchObject({ provisioningOperation: 'Create', provisioningState: 'Succeeded' });
    const registryOp = operations.find(
      (o) => o.properties.targetResource.resourceType === 'Microsoft.ContainerRegistry/registries',
    );
    expect(registryOp?.properties).toMatchObject({
      statusCode: 'Created',
      targetResource: {
        resourceName: registryName,
        id: `${groupId}/providers/Microsoft.ContainerRegistry/registries/${registryName}`,
      },
    });
    const deployment = (await resources.deployments.get(GROUP, 'first')) as Body;
    expect(deployment.properties.parameters.webhookToken).toEqual({ type: 'SecureString' });
    expect(deployment.properties.parameters.sku).toEqual({ type: 'String', value: 'Premium' });
    expect(deployment.properties.dependencies.length).toBe(3);
    const everything = JSON.stringify([
      await listAll(resources.deployments.listByResourceGroup(GROUP)),
      operations,
      emulator.arm.store.list(),
    ]);
    expect(everything).not.toContain('very-secret-token');
    expect((await resources.deployments.exportTemplate(GROUP, 'first')).template).toEqual(REGISTRY_TEMPLATE);
  });

  it('what-if: an identical deployment changes nothing; changed values are Modify with a delta; other resources are Ignore or Delete', async () => {
    const same = await whatIfOnTheWire(resources, GROUP, 'again', registryDeployment());
    expect(same.status).toBe('Succeeded');
    expect(same.properties.changes.map((c: Body) => c.changeType)).toEqual([
      'NoChange',
      'NoChange',
      'NoChange',
      'NoChange',
    ]);
    await acr.registries.create(GROUP, 'unrelatedacr01', { location: 'westeurope', sku: { name: 'Basic' } }, FAST_POLL);
    const changed = await whatIfOnTheWire(
      resources,
      GROUP,
      'again',
      registryDeployment({ adminUserEnabled: true, replicaLocations: ['westus', 'eastus', 'northeurope'] }),
    );
    const byType = (type: string) => changed.properties.changes.filter((c: Body) => c.resourceId.includes(type));
    expect(byType(`registries/${registryName}`)[0]).toMatchObject({
      changeType: 'Modify',
      delta: [{ path: 'properties.adminUserEnabled', propertyChangeType: 'Modify', before: false, after: true }],
    });
    expect(byType('replications/northeurope')[0]).toMatchObject({
      changeType: 'Create',
      after: { location: 'northeurope', type: 'Microsoft.ContainerRegistry/registries/replications' },
    });
    expect(byType('unrelatedacr01')[0]).toMatchObject({ changeType: 'Ignore' });
    const complete = await whatIfOnTheWire(resources, GROUP, 'again', registryDeployment({}, 'Complete'));
    expect(complete.properties.changes.find((c: Body) => c.resourceId.includes('unrelatedacr01'))).toMatchObject({
      changeType: 'Delete',
      before: { name: 'unrelatedacr01' },
    });
    await acr.registries.delete(GROUP, 'unrelatedacr01', FAST_POLL);
  });

  it("the SDK's flattened what-if result mangles scalar before/after (why redeploy and these tests read the wire body)", async () => {
    const overrides = { adminUserEnabled: true, sku: 'Standard' };
    const flat = await resources.deployments.beginWhatIfAndWait(
      GROUP,
      'again',
      asDeployment(registryDeployment(overrides)),
      FAST_POLL,
    );
    const registry = flat.changes?.find((c) => c.resourceId?.endsWith(`registries/${registryName}`));
    const paths = ['sku.name', 'properties.adminUserEnabled'];
    const flatDelta = registry?.delta?.filter((d) => paths.includes(d.path));
    expect(flatDelta?.map((d) => [d.path, d.before, d.after])).toEqual([
      ['sku.name', characters('Premium'), characters('Standard')],
      ['properties.adminUserEnabled', false, {}],
    ]);
    const wire = await whatIfOnTheWire(resources, GROUP, 'again', registryDeployment(overrides));
    const onTheWire = wire.properties.changes.find((c: Body) => c.resourceId.endsWith(`registries/${registryName}`));
    const wireDelta = onTheWire.delta.filter((d: Body) => paths.includes(d.path));
    expect(wireDelta.map((d: Body) => [d.path, d.before, d.after])).toEqual([
      ['sku.name', 'Premium', 'Standard'],
      ['properties.adminUserEnabled', false, true],
    ]);
  });

  it('validate: a good template is valid; a bad one gets InvalidTemplate with a useful message', async () => {
    const good = await resources.deployments.beginValidateAndWait(
      GROUP,
      'check',
      asDeployment(registryDeployment()),
      FAST_POLL,
    );
    expect(good.properties?.validatedResources).toHaveLength(4);
    expect(good.properties?.provisioningState).toBe('Succeeded');
    const cases: Array<[Body, string]> = [
      [
        registryDeployment({ sku: 'Gold' }),
        "The provided value for the template parameter 'sku' is not valid. The value 'Gold' is not part of the allowed value(s): 'Basic,Standard,Premium'.",
      ],
      [
        { properties: { mode: 'Incremental', template: REGISTRY_TEMPLATE, parameters: {} } },
        "The value for the template parameter 'registryPrefix' is not provided.",
      ],
      [
        registryDeployment({}, 'Incremental', {
          ...REGISTRY_TEMPLATE,
          outputs: { x: { type: 'string', value: "[toLowr('A')]" } },
        }),
        "The template function 'toLowr' is not valid.",
      ],
      [
        registryDeployment({}, 'Incremental', {
          ...REGISTRY_TEMPLATE,
          variables: { ...REGISTRY_TEMPLATE.variables, registryName: "[concat('a']" },
        }),
        "Unable to parse language expression 'concat('a'': expected token 'RightParenthesis' and actual 'EndOfData'.",
      ],
    ];
    // Validate answers 400 with the error on the wire; the SDK throws it as a RestError with ARM's code.
    const validatePath = `/subscriptions/${emulator.subscriptionId}/resourcegroups/${GROUP}/providers/Microsoft.Resources/deployments/check/validate`;
    for (const [body, message] of cases) {
      const reply = await armRequest(emulator, 'POST', validatePath, { apiVersion: API_VERSION, body });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('InvalidTemplate');
      expect(reply.body.error.message).toContain(`Deployment template validation failed: '${message}`);
    }
    await expect(
      resources.deployments.beginValidateAndWait(GROUP, 'check', asDeployment(cases[0]?.[0] ?? {}), FAST_POLL),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidTemplate', message: expect.stringContaining("'Gold'") });
    const badVersion = await armRequest(emulator, 'POST', validatePath, {
      apiVersion: API_VERSION,
      body: registryDeployment({}, 'Incremental', {
        ...REGISTRY_TEMPLATE,
        resources: [{ ...REGISTRY_TEMPLATE.resources[0], apiVersion: '2099-01-01' }],
      }),
    });
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.error).toMatchObject({
      code: 'InvalidTemplateDeployment',
      details: [{ code: 'NoRegisteredProviderFound', target: expect.stringContaining(registryName) }],
    });
    await expect(
      resources.deployments.beginCreateOrUpdateAndWait(
        GROUP,
        'broken',
        asDeployment(registryDeployment({ sku: 'Gold' })),
        FAST_POLL,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidTemplate' });
  });

  it('keeps history: list with a provisioningState filter, redeploy (200), delete history without touching resources', async () => {
    const redeployed = await resources.deployments.beginCreateOrUpdateAndWait(
      GROUP,
      'first',
      asDeployment(registryDeployment()),
      FAST_POLL,
    );
    expect(redeployed.properties?.provisioningState).toBe('Succeeded');
    expect(
      emulator.requests
        .list({ service: 'arm', method: 'PUT' })
        .filter((e) => e.path.includes('/deployments/first'))
        .map((e) => e.status),
    ).toEqual([201, 200]);
    const list = (filter: string) => listAll(resources.deployments.listByResourceGroup(GROUP, { filter }));
    expect((await list("provisioningState eq 'Succeeded'")).map((d) => d.name)).toEqual(['first']);
    expect(await list("provisioningState eq 'Failed'")).toEqual([]);
    await resources.deployments.beginDeleteAndWait(GROUP, 'first', FAST_POLL);
    await expect(resources.deployments.get(GROUP, 'first')).rejects.toMatchObject({
      statusCode: 404,
      code: 'DeploymentNotFound',
    });
    expect((await acr.registries.get(GROUP, registryName)).provisioningState).toBe('Succeeded');
  });
});

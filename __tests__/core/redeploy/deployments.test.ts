/** redeploy's deployment operations through @azure/arm-resources' Deployments against the emulator. */
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { AzureClients } from '../../../src/core/azure/clients.js';
import { resolveCloud } from '../../../src/core/azure/clouds.js';
import { RelocationError } from '../../../src/core/errors.js';
import {
  runDeployment,
  validateDeployment,
  whatIfDeployment,
  type DeploymentProperties,
  type DeploymentsOperations,
} from '../../../src/core/redeploy/deployments.js';
import type { JsonObject } from '../../../src/core/redeploy/template/expressions.js';
import { plannedChanges } from '../../../src/core/redeploy/what-if.js';
import { armOptions, credentialOf, startTestEmulator, type Emulator } from '../../emulator/helpers/testEmulator.js';

const GROUP = 'rg-redeploy-ops';
const POLL = { pollIntervalMs: 5 };

/** One registry with a retention policy, and a webhook token output (a secure parameter). */
function registryTemplate(name: string, days: number, apiVersion = '2025-11-01'): DeploymentProperties {
  const template: JsonObject = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { days: { type: 'int' } },
    resources: [
      {
        type: 'Microsoft.ContainerRegistry/registries',
        apiVersion,
        name,
        location: '[resourceGroup().location]',
        sku: { name: 'Premium' },
        properties: { policies: { retentionPolicy: { days: "[parameters('days')]", status: 'enabled' } } },
      },
    ],
    outputs: { loginServer: { type: 'string', value: `[reference('${name}').loginServer]` } },
  };
  return { template, parameters: { days: { value: days } }, mode: 'Incremental' };
}

async function failureOf(work: Promise<unknown>): Promise<RelocationError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RelocationError);
  return error as RelocationError;
}

describe('redeploy deployments through the SDK', () => {
  let emulator: Emulator;
  let deployments: DeploymentsOperations;
  let acr: ContainerRegistryManagementClient;

  beforeAll(async () => {
    emulator = await startTestEmulator({ lro: { durationMs: 5, retryAfterSeconds: 0 } });
    const cloud = resolveCloud(undefined, { armEndpoint: emulator.arm.armUrl, authorityHost: emulator.entra.url });
    const clients = new AzureClients({ credential: credentialOf(emulator), cloud }, emulator.subscriptionId);
    await clients.resources.resourceGroups.createOrUpdate(GROUP, { location: 'westeurope' });
    deployments = clients.resources.deployments;
    acr = new ContainerRegistryManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
  });
  afterAll(() => emulator.stop());
  afterEach(() => emulator.faults.clear());

  const target = (name: string) => ({ resourceGroup: GROUP, name });

  it('deploys, returning the deployment id and outputs', async () => {
    const result = await runDeployment(deployments, target('ops-1'), registryTemplate('acrdeployops01', 30), POLL);
    expect(result.id).toMatch(
      /\/resourceGroups\/rg-redeploy-ops\/providers\/Microsoft\.Resources\/deployments\/ops-1$/i,
    );
    const { loginServer } = await acr.registries.get(GROUP, 'acrdeployops01');
    expect(result.outputs).toEqual({ loginServer: { type: 'String', value: loginServer } });
  });

  it("what-if returns ARM's values as sent: a changed number is a Modify from 30 to 7", async () => {
    const changes = await whatIfDeployment(deployments, target('ops-1'), registryTemplate('acrdeployops01', 7), POLL);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.delta).toEqual([
      { path: 'properties.policies.retentionPolicy.days', propertyChangeType: 'Modify', before: 30, after: 7 },
    ]);
    expect(plannedChanges(changes, () => false)[0]).toMatchObject({
      change: 'Modify',
      paths: ['properties.policies.retentionPolicy.days'],
    });
    const same = await whatIfDeployment(deployments, target('ops-1'), registryTemplate('acrdeployops01', 30), POLL);
    expect(same.map((c) => c.changeType)).toEqual(['NoChange']);
  });

  it("reports a failed validation with the HTTP status, Azure's code and every inner detail", async () => {
    const error = await failureOf(
      validateDeployment(deployments, target('ops-2'), registryTemplate('acrdeployops02', 30, '2099-01-01'), POLL),
    );
    expect(error.code).toBe('REMOTE_ERROR');
    expect(error.message).toMatch(
      /^Validating deployment ops-2 failed \(HTTP 400\):\nInvalidTemplateDeployment: The template deployment 'ops-2' is not valid/,
    );
    expect(error.message).toMatch(
      /\n {2}NoRegisteredProviderFound \(\/subscriptions\/.+acrdeployops02\): No registered/,
    );
    expect(error.hint).toMatch(/run redeploy again/);
  });

  it('reports a deployment ARM refuses to start with its status and code', async () => {
    const properties = { ...registryTemplate('acrdeployops03', 30), parameters: {} };
    const error = await failureOf(runDeployment(deployments, target('ops-3'), properties, POLL));
    expect(error.message).toMatch(
      /^Deployment ops-3 in resource group rg-redeploy-ops failed \(HTTP 400\):\nInvalidTemplate: .*'days' is not provided/,
    );
  });

  it('reads a failed deployment back for its errors (the poller only says that it failed)', async () => {
    emulator.faults.add([
      {
        id: 'deny',
        kind: 'arm:deployment',
        path: 'acrdeployops04$',
        action: { status: 403, errorCode: 'RequestDisallowedByPolicy' },
      },
    ]);
    const error = await failureOf(
      runDeployment(deployments, target('ops-4'), registryTemplate('acrdeployops04', 30), POLL),
    );
    expect(error.message).toMatch(
      /^Deployment ops-4 in resource group rg-redeploy-ops ended Failed:\nDeploymentFailed: /,
    );
    expect(error.message).toMatch(
      /\n {2}RequestDisallowedByPolicy \(acrdeployops04\): Resource 'acrdeployops04' was disallowed by policy/,
    );
    expect(error.hint).toMatch(/Nothing is rolled back/);
  });

  it('retries a throttled what-if after its Retry-After (the SDK retry policy)', async () => {
    emulator.faults.add([
      {
        id: 'throttle',
        kind: 'arm:action',
        path: '/whatIf',
        count: 2,
        action: { status: 429 },
        retryAfter: { form: 'seconds', seconds: 0 },
      },
    ]);
    const before = emulator.requests.lastSeq();
    await whatIfDeployment(deployments, target('ops-1'), registryTemplate('acrdeployops01', 30), POLL);
    const posts = emulator.requests.list({ afterSeq: before, method: 'POST', pathIncludes: '/whatIf' });
    expect(posts.map((e) => e.status)).toEqual([429, 429, 202]);
  });

  it('sends the api-version of @azure/arm-resources 6.1.0, which the emulator accepts', async () => {
    const before = emulator.requests.lastSeq();
    await validateDeployment(deployments, target('ops-1'), registryTemplate('acrdeployops01', 30), POLL);
    const [validate] = emulator.requests.list({ afterSeq: before, method: 'POST', pathIncludes: '/validate' });
    expect(validate?.status).toBe(200);
    expect(validate?.path).toContain('api-version=2025-03-01');
  });

  it('what-if and validate change nothing; a refused deployment creates nothing', async () => {
    expect((await acr.registries.get(GROUP, 'acrdeployops01')).policies?.retentionPolicy?.days).toBe(30);
    await expect(acr.registries.get(GROUP, 'acrdeployops03')).rejects.toMatchObject({ statusCode: 404 });
  });
});

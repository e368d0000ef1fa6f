/** Deployments that go wrong (ARM semantics: DeploymentFailed with details, no rollback) and complete mode. */
import { ResourceManagementClient } from '@azure/arm-resources';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import {
  armOptions,
  armRequest,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';
import { uniqueString } from '../../../../../emulator/src/arm/providers/deployments/template/hash.js';
import { API_VERSION, asDeployment, listAll, type Body } from './official.js';
import { registryDeployment } from './templates.js';

const FAILED =
  'The long-running operation has failed. DeploymentFailed. At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.';

function singleRegistry(name: string): Body {
  return {
    properties: {
      mode: 'Incremental',
      template: {
        contentVersion: '1.0.0.0',
        parameters: { name: { type: 'string' } },
        resources: [
          {
            type: 'Microsoft.ContainerRegistry/registries',
            apiVersion: '2025-11-01',
            name: "[parameters('name')]",
            location: '[resourceGroup().location]',
            sku: { name: 'Basic' },
          },
        ],
      },
      parameters: { name: { value: name } },
    },
  };
}

describe('Microsoft.Resources/deployments failures and modes', () => {
  let emulator: Emulator;
  let acr: ContainerRegistryManagementClient;
  let resources: ResourceManagementClient;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    acr = new ContainerRegistryManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    resources = new ResourceManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    for (const group of ['rg-policy', 'rg-errors', 'rg-complete', 'rg-busy'])
      await resources.resourceGroups.createOrUpdate(group, { location: 'westeurope' });
  });
  afterAll(() => emulator.stop());

  const deploy = (group: string, name: string, body: Body) =>
    resources.deployments.beginCreateOrUpdateAndWait(group, name, asDeployment(body), FAST_POLL);
  const get = async (group: string, name: string) => (await resources.deployments.get(group, name)) as Body;
  const operationsOf = (group: string, name: string) => listAll(resources.deploymentOperations.list(group, name));
  /** Deployments_Cancel answers 204 with no body; the SDK returns nothing, so the status is read as it arrives. */
  const cancel = async (group: string, name: string) => {
    let status = 0;
    await resources.deployments.cancel(group, name, { onResponse: (response) => (status = response.status) });
    return status;
  };

  it('a policy denial (fault arm:deployment) fails the deployment with DeploymentFailed and details, leaving deployed resources in place', async () => {
    emulator.faults.add([
      {
        id: 'deny-replicas',
        kind: 'arm:deployment',
        path: '/replications/',
        action: { status: 403, errorCode: 'RequestDisallowedByPolicy' },
      },
    ]);
    try {
      await expect(deploy('rg-policy', 'denied', registryDeployment())).rejects.toThrow(FAILED);
    } finally {
      emulator.faults.remove('deny-replicas');
    }
    const registryName = `relo${uniqueString([(await resources.resourceGroups.get('rg-policy')).id ?? ''])}`;
    const deployment = await get('rg-policy', 'denied');
    expect(deployment.properties.provisioningState).toBe('Failed');
    expect(deployment.properties.error.code).toBe('DeploymentFailed');
    expect(deployment.properties.error.details.map((d: Body) => [d.code, d.target]).sort()).toEqual([
      ['RequestDisallowedByPolicy', 'eastus'],
      ['RequestDisallowedByPolicy', 'westus'],
    ]);
    expect(deployment.properties.error.details[0].message).toMatch(
      /^Resource '(eastus|westus)' was disallowed by policy\. Policy identifiers: '\[\{"policyAssignment"/,
    );
    // Incremental and no rollback: the registry and the role assignment (which do not depend on the replicas) stay.
    expect((await acr.registries.get('rg-policy', registryName)).provisioningState).toBe('Succeeded');
    const replicas: string[] = [];
    for await (const replica of acr.replications.list('rg-policy', registryName)) replicas.push(replica.name ?? '');
    expect(replicas).toEqual(['westeurope']);
    const operations = await operationsOf('rg-policy', 'denied');
    const failed = operations.filter((o) => o.properties.provisioningState === 'Failed');
    expect(failed).toHaveLength(2);
    expect(failed[0]?.properties).toMatchObject({
      statusCode: 'Forbidden',
      statusMessage: { status: 'Failed', error: { code: 'RequestDisallowedByPolicy' } },
    });
    expect(
      operations
        .filter((o) => o.properties.provisioningState === 'Succeeded')
        .map((o) => o.properties.targetResource.resourceType)
        .sort(),
    ).toEqual(['Microsoft.Authorization/roleAssignments', 'Microsoft.ContainerRegistry/registries']);
    // The same deployment without the policy completes what is missing.
    const retried = await deploy('rg-policy', 'denied', registryDeployment());
    expect(retried.properties?.provisioningState).toBe('Succeeded');
  });

  it("surfaces resource providers' errors in details and skips the resources that depend on a failed one", async () => {
    const template = {
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.ContainerRegistry/registries',
          apiVersion: '2025-11-01',
          name: 'ab',
          location: 'westeurope',
          sku: { name: 'Basic' },
        },
        {
          type: 'Microsoft.ContainerRegistry/registries/webhooks',
          apiVersion: '2025-11-01',
          name: 'ab/hook',
          location: 'westeurope',
          dependsOn: ['ab'],
          properties: { serviceUri: 'https://example.invalid/hook', actions: ['push'] },
        },
        {
          type: 'Microsoft.ContainerRegistry/registries',
          apiVersion: '2025-11-01',
          name: 'goodacr0001',
          location: 'westeurope',
          sku: { name: 'Basic' },
          properties: {
            note: "[reference('/subscriptions/none/resourceGroups/none/providers/Microsoft.ContainerRegistry/registries/none', '2025-11-01').loginServer]",
          },
        },
      ],
    };
    await expect(deploy('rg-errors', 'rp-errors', { properties: { mode: 'Incremental', template } })).rejects.toThrow(
      FAILED,
    );
    const deployment = await get('rg-errors', 'rp-errors');
    const codes = deployment.properties.error.details.map((d: Body) => d.code).sort();
    expect(codes).toEqual(['InvalidResourceName', 'ResourceNotFound']);
    const operations = await operationsOf('rg-errors', 'rp-errors');
    expect(operations.map((o) => o.properties.targetResource.resourceName).sort()).toEqual(['ab', 'goodacr0001']);
    expect(operations.find((o) => o.properties.targetResource.resourceName === 'ab')?.properties.statusCode).toBe(
      'BadRequest',
    );
  });

  it('complete mode deletes the group’s other top-level resources, recorded as Delete operations', async () => {
    await acr.registries.create(
      'rg-complete',
      'extraacr0001',
      { location: 'westeurope', sku: { name: 'Basic' } },
      FAST_POLL,
    );
    const result = await deploy('rg-complete', 'complete', {
      properties: { ...singleRegistry('keepacr0001').properties, mode: 'Complete' },
    });
    expect(result.properties).toMatchObject({ provisioningState: 'Succeeded', mode: 'Complete' });
    const names: string[] = [];
    for await (const registry of acr.registries.listByResourceGroup('rg-complete')) names.push(registry.name ?? '');
    expect(names).toEqual(['keepacr0001']);
    const operations = await operationsOf('rg-complete', 'complete');
    expect(
      operations.map((o) => [o.properties.provisioningOperation, o.properties.targetResource.resourceName]),
    ).toEqual([
      ['Create', 'keepacr0001'],
      ['Delete', 'extraacr0001'],
    ]);
  });

  it('a running deployment cannot be replaced or deleted (409 DeploymentActive) but can be canceled', async () => {
    const path = `/subscriptions/${emulator.subscriptionId}/resourcegroups/rg-busy/providers/Microsoft.Resources/deployments/slow`;
    emulator.arm.lro.settings.durationMs = 400;
    try {
      expect(
        (await armRequest(emulator, 'PUT', path, { apiVersion: API_VERSION, body: singleRegistry('busyacr0001') }))
          .status,
      ).toBe(201);
      const again = await armRequest(emulator, 'PUT', path, {
        apiVersion: API_VERSION,
        body: singleRegistry('busyacr0001'),
      });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('DeploymentActive');
      expect((await armRequest(emulator, 'DELETE', path, { apiVersion: API_VERSION })).body.error.code).toBe(
        'DeploymentActive',
      );
      expect(await cancel('rg-busy', 'slow')).toBe(204);
    } finally {
      emulator.arm.lro.settings.durationMs = 20;
    }
    let state = '';
    for (let i = 0; i < 200 && state !== 'Canceled'; i++) {
      state = (await get('rg-busy', 'slow')).properties.provisioningState;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(state).toBe('Canceled');
    await expect(cancel('rg-busy', 'slow')).rejects.toMatchObject({
      statusCode: 409,
      code: 'DeploymentNotActive',
    });
    await expect(acr.registries.get('rg-busy', 'busyacr0001')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('deletes deployment history with its resource group', async () => {
    await resources.resourceGroups.beginDeleteAndWait('rg-complete', FAST_POLL);
    expect(
      emulator.arm.store.list({ type: 'Microsoft.Resources/deployments' }).some((d) => d.id.includes('rg-complete')),
    ).toBe(false);
  });

  // Last: stops the shared emulator (afterAll's stop is then a no-op).
  it('an emulator stopped in the middle of a deployment stops cleanly (the run writes nothing afterwards)', async () => {
    emulator.arm.lro.settings.durationMs = 100;
    const path = `/subscriptions/${emulator.subscriptionId}/resourcegroups/rg-busy/providers/Microsoft.Resources/deployments/interrupted`;
    expect(
      (await armRequest(emulator, 'PUT', path, { apiVersion: API_VERSION, body: singleRegistry('stopacr0001') }))
        .status,
    ).toBe(201);
    await emulator.stop();
    await new Promise((resolve) => setTimeout(resolve, 250));
    const record = emulator.arm.store
      .list({ type: 'Microsoft.Resources/deployments' })
      .find((d) => d.id.endsWith('/interrupted'));
    expect(record?.body.properties).toMatchObject({ provisioningState: 'Accepted' });
  });
});

import { ContainerInstanceManagementClient, type ContainerGroup } from '@azure/arm-containerinstance';
import {
  armOptions,
  armRequest,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';
import { createResourceGroups } from '../../../helpers/armSetup.js';

const GROUP = 'rg-aci';

function group(image: string, cpu = 1): ContainerGroup {
  return {
    location: 'westeurope',
    osType: 'Linux',
    containers: [
      {
        name: 'worker',
        image,
        resources: { requests: { cpu, memoryInGB: 1.5 } },
        environmentVariables: [
          { name: 'MODE', value: 'batch' },
          { name: 'TOKEN', secureValue: 's3cret' },
        ],
      },
    ],
    imageRegistryCredentials: [
      { server: 'sourceacr.azurecr.io', username: 'sourceacr', password: 'registry-password' },
    ],
  };
}

describe('Microsoft.ContainerInstance containerGroups through @azure/arm-containerinstance 9.1', () => {
  let emulator: Emulator;
  let aci: ContainerInstanceManagementClient;

  beforeAll(async () => {
    emulator = await startTestEmulator({ pageSize: 1 });
    aci = new ContainerInstanceManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    await createResourceGroups(emulator, [GROUP]);
  });
  afterAll(() => emulator.stop());

  it('creates a group (201 + Azure-AsyncOperation); passwords and secure values are never returned', async () => {
    const created = await aci.containerGroups.beginCreateOrUpdateAndWait(
      GROUP,
      'batch-1',
      group('sourceacr.azurecr.io/jobs/worker:3'),
      FAST_POLL,
    );
    expect(created).toMatchObject({
      name: 'batch-1',
      provisioningState: 'Succeeded',
      osType: 'Linux',
      restartPolicy: 'Always',
    });
    expect(created.containers[0]?.image).toBe('sourceacr.azurecr.io/jobs/worker:3');
    expect(created.containers[0]?.instanceView?.currentState?.state).toBe('Running');
    expect(created.imageRegistryCredentials).toEqual([{ server: 'sourceacr.azurecr.io', username: 'sourceacr' }]);
    expect(created.containers[0]?.environmentVariables).toEqual([{ name: 'MODE', value: 'batch' }, { name: 'TOKEN' }]);
    expect(JSON.stringify(await aci.containerGroups.get(GROUP, 'batch-1'))).not.toMatch(/s3cret|registry-password/);
    const put = emulator.requests
      .list({ service: 'arm', method: 'PUT' })
      .find((e) => e.path.includes('/containerGroups/batch-1'));
    expect(put?.status).toBe(201);
  });

  it('updates the image in place (ACI restarts the group) but refuses CPU, memory, OS or restart-policy changes', async () => {
    const updated = await aci.containerGroups.beginCreateOrUpdateAndWait(
      GROUP,
      'batch-1',
      {
        ...group('targetacr.azurecr.io/jobs/worker:3'),
        imageRegistryCredentials: [{ server: 'targetacr.azurecr.io', username: 'targetacr', password: 'p' }],
      },
      FAST_POLL,
    );
    expect(updated.containers[0]?.image).toBe('targetacr.azurecr.io/jobs/worker:3');
    expect(updated.imageRegistryCredentials?.[0]?.server).toBe('targetacr.azurecr.io');
    const refusal = {
      statusCode: 409,
      code: 'InvalidContainerGroupUpdate',
      message:
        "The updates on container group 'batch-1' are invalid. If you are going to update the os type, restart policy, network profile, CPU, memory or GPU resources for a container group, you must delete it first and then create a new one.",
    };
    await expect(
      aci.containerGroups.beginCreateOrUpdateAndWait(
        GROUP,
        'batch-1',
        group('targetacr.azurecr.io/jobs/worker:3', 2),
        FAST_POLL,
      ),
    ).rejects.toMatchObject(refusal);
    await expect(
      aci.containerGroups.beginCreateOrUpdateAndWait(
        GROUP,
        'batch-1',
        { ...group('x/y:1'), restartPolicy: 'Never' },
        FAST_POLL,
      ),
    ).rejects.toMatchObject(refusal);
    await expect(
      aci.containerGroups.beginCreateOrUpdateAndWait(
        GROUP,
        'batch-1',
        { ...group('x/y:1'), osType: 'Windows' },
        FAST_POLL,
      ),
    ).rejects.toMatchObject(refusal);
  });

  it('validates the request like ACI: OS type and container resources are required (checked server-side too)', async () => {
    const path = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${GROUP}/providers/Microsoft.ContainerInstance/containerGroups/bad`;
    const container = { name: 'c', properties: { image: 'a/b:1', resources: { requests: { cpu: 1, memoryInGB: 1 } } } };
    const noOs = await armRequest(emulator, 'PUT', path, {
      apiVersion: '2023-05-01',
      body: { location: 'westeurope', properties: { containers: [container] } },
    });
    expect(noOs.status).toBe(400);
    expect(noOs.body.error).toEqual({
      code: 'InvalidRequestContent',
      message:
        "The request content was invalid and could not be deserialized: 'Required property 'osType' not found in JSON'.",
    });
    const noResources = await armRequest(emulator, 'PUT', path, {
      apiVersion: '2023-05-01',
      body: {
        location: 'westeurope',
        properties: { osType: 'Linux', containers: [{ name: 'c', properties: { image: 'a/b:1' } }] },
      },
    });
    expect(noResources.status).toBe(400);
    expect(noResources.body.error.message).toContain("'resources.requests'");
    await expect(
      aci.containerGroups.beginCreateOrUpdateAndWait(GROUP, 'Bad_Name', group('a/b:1'), FAST_POLL),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidResourceName' });
  });

  it('updates tags, lists across pages and deletes', async () => {
    await aci.containerGroups.beginCreateOrUpdateAndWait(
      GROUP,
      'batch-2',
      group('sourceacr.azurecr.io/jobs/worker:3'),
      FAST_POLL,
    );
    const tagged = await aci.containerGroups.update(GROUP, 'batch-2', { tags: { owner: 'ops' } });
    expect(tagged.tags).toEqual({ owner: 'ops' });
    const names: string[] = [];
    for await (const item of aci.containerGroups.listByResourceGroup(GROUP)) names.push(item.name ?? '');
    expect(names).toEqual(['batch-1', 'batch-2']);
    const all: string[] = [];
    for await (const item of aci.containerGroups.list()) all.push(item.name ?? '');
    expect(all).toEqual(['batch-1', 'batch-2']);
    await aci.containerGroups.beginDeleteAndWait(GROUP, 'batch-2', FAST_POLL);
    await expect(aci.containerGroups.get(GROUP, 'batch-2')).rejects.toMatchObject({ statusCode: 404 });
  });
});

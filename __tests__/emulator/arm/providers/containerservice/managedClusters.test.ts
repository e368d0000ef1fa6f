import { ContainerServiceClient } from '@azure/arm-containerservice';
import { ResourceManagementClient } from '@azure/arm-resources';
import {
  armOptions,
  armRequest,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';

const GROUP = 'rg-aks';
const pool = { name: 'system', count: 2, vmSize: 'Standard_D4s_v5', mode: 'System' as const };

describe('Microsoft.ContainerService managedClusters through @azure/arm-containerservice 25.3', () => {
  let emulator: Emulator;
  let aks: ContainerServiceClient;
  let resources: ResourceManagementClient;

  beforeAll(async () => {
    emulator = await startTestEmulator({ pageSize: 1 });
    aks = new ContainerServiceClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    resources = new ResourceManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    await resources.resourceGroups.createOrUpdate(GROUP, { location: 'westeurope' });
  });
  afterAll(() => emulator.stop());

  it('creates a cluster (201 + Azure-AsyncOperation) with a kubelet identity the tenant knows and its node resource group', async () => {
    const cluster = await aks.managedClusters.createOrUpdate(
      GROUP,
      'aks1',
      { location: 'westeurope', dnsPrefix: 'aks1', agentPoolProfiles: [pool] },
      FAST_POLL,
    );
    expect(cluster).toMatchObject({
      name: 'aks1',
      location: 'westeurope',
      provisioningState: 'Succeeded',
      kubernetesVersion: expect.stringMatching(/^1\.\d+\.\d+$/),
      nodeResourceGroup: `MC_${GROUP}_aks1_westeurope`,
    });
    expect(cluster.fqdn).toMatch(/^aks1-[a-z0-9]{8}\.hcp\.westeurope\.azmk8s\.io$/);
    expect(cluster.agentPoolProfiles?.[0]).toMatchObject({
      name: 'system',
      count: 2,
      vmSize: 'Standard_D4s_v5',
      mode: 'System',
      osType: 'Linux',
    });
    const kubelet = cluster.identityProfile?.kubeletidentity;
    expect(kubelet?.resourceId).toBe(
      `/subscriptions/${emulator.subscriptionId}/resourcegroups/MC_${GROUP}_aks1_westeurope/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks1-agentpool`,
    );
    expect(emulator.directory.byObjectId(kubelet?.objectId ?? '')?.clientId).toBe(kubelet?.clientId);
    const nodeGroup = await resources.resourceGroups.get(`MC_${GROUP}_aks1_westeurope`);
    expect(nodeGroup.managedBy).toBe(cluster.id);
    const initial = emulator.requests
      .list({ service: 'arm', method: 'PUT' })
      .find((e) => e.path.includes('/managedClusters/aks1'));
    expect(initial?.status).toBe(201);
    // AcrPull can be granted to the kubelet identity without a principalType: it is a tenant principal.
    const assignment = await armRequest(
      emulator,
      'PUT',
      `/subscriptions/${emulator.subscriptionId}/resourceGroups/${GROUP}/providers/Microsoft.Authorization/roleAssignments/5d0a7e54-3c8b-4f2e-9a61-0f1e2d3c4b5a`,
      {
        apiVersion: '2022-04-01',
        body: {
          properties: {
            roleDefinitionId: `/subscriptions/${emulator.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`,
            principalId: kubelet?.objectId,
          },
        },
      },
    );
    expect(assignment.status).toBe(201);
  });

  it('derives the kubelet identity from the cluster id (same cluster, same identity)', async () => {
    const first = await aks.managedClusters.get(GROUP, 'aks1');
    const again = await aks.managedClusters.createOrUpdate(
      GROUP,
      'aks1',
      { location: 'westeurope', kubernetesVersion: '1.31.9', agentPoolProfiles: [pool] },
      FAST_POLL,
    );
    expect(again.identityProfile?.kubeletidentity).toEqual(first.identityProfile?.kubeletidentity);
    expect(again.kubernetesVersion).toBe('1.31.9');
    expect(again.agentPoolProfiles?.[0]?.orchestratorVersion).toBe('1.31.9');
    const other = await aks.managedClusters.createOrUpdate(
      GROUP,
      'aks2',
      { location: 'westeurope', agentPoolProfiles: [pool] },
      FAST_POLL,
    );
    expect(other.identityProfile?.kubeletidentity?.objectId).not.toBe(first.identityProfile?.kubeletidentity?.objectId);
  });

  it('lists by resource group and subscription across pages, and updates tags', async () => {
    const byGroup: string[] = [];
    for await (const cluster of aks.managedClusters.listByResourceGroup(GROUP)) byGroup.push(cluster.name ?? '');
    const all: string[] = [];
    for await (const cluster of aks.managedClusters.list()) all.push(cluster.name ?? '');
    expect(byGroup).toEqual(['aks1', 'aks2']);
    expect(all).toEqual(['aks1', 'aks2']);
    const tagged = await aks.managedClusters.updateTags(GROUP, 'aks2', { tags: { team: 'platform' } }, FAST_POLL);
    expect(tagged.tags).toEqual({ team: 'platform' });
  });

  it('answers ARM errors: invalid pools, moved locations, unknown clusters', async () => {
    await expect(
      aks.managedClusters.createOrUpdate(
        GROUP,
        'bad',
        { location: 'westeurope', agentPoolProfiles: [{ ...pool, name: 'Bad_Pool' }] },
        FAST_POLL,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidAgentPoolName' });
    await expect(
      aks.managedClusters.createOrUpdate(
        GROUP,
        'bad',
        { location: 'westeurope', agentPoolProfiles: [{ ...pool, mode: 'User' }] },
        FAST_POLL,
      ),
    ).rejects.toMatchObject({ code: 'MustDefineAtLeastOneSystemPool' });
    await expect(
      aks.managedClusters.createOrUpdate(GROUP, 'aks1', { location: 'eastus', agentPoolProfiles: [pool] }, FAST_POLL),
    ).rejects.toMatchObject({ code: 'InvalidResourceLocation' });
    await expect(aks.managedClusters.get(GROUP, 'nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('deletes a cluster (202, polled to completion) together with its node resource group', async () => {
    await aks.managedClusters.delete(GROUP, 'aks2', FAST_POLL);
    await expect(aks.managedClusters.get(GROUP, 'aks2')).rejects.toMatchObject({ statusCode: 404 });
    expect(await resources.resourceGroups.checkExistence(`MC_${GROUP}_aks2_westeurope`)).toMatchObject({ body: false });
    const deleteCall = emulator.requests
      .list({ service: 'arm', method: 'DELETE' })
      .find((e) => e.path.includes('/managedClusters/aks2'));
    expect(deleteCall?.status).toBe(202);
  });
});

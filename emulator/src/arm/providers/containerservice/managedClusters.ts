/**
 * Microsoft.ContainerService/managedClusters (AKS), as @azure/arm-containerservice 25.x drives it:
 * PUT create/update (201/200 + Azure-AsyncOperation), PATCH tags (LRO), GET, list by resource group
 * and subscription, DELETE (202 + Azure-AsyncOperation and Location). A cluster gets what consumers
 * of a registry look at: identityProfile.kubeletidentity {resourceId, clientId, objectId} (ids derived
 * from the cluster id, and the identity added to the tenant so role assignments can name it),
 * agentPoolProfiles, kubernetesVersion, fqdn and its node resource group (created and deleted with it,
 * managedBy the cluster, as AKS does).
 */
import { ArmError, invalidRequestContent } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { resourceGroupId } from '../../resourceId.js';
import { RESOURCE_GROUP_TYPE } from '../../service.js';
import { deterministicUuid } from '../../../shared/ids.js';
import { uniqueString } from '../deployments/template/hash.js';
import {
  bodyOf,
  groupOf,
  objectOf,
  provision,
  requireTracked,
  setProvisioningState,
  systemData,
  trackedId,
  trackedPut,
  trackedRoutes,
  type TrackedType,
} from '../tracked/resource.js';

export const CLUSTERS: TrackedType = {
  namespace: 'Microsoft.ContainerService',
  type: 'managedClusters',
  param: 'resourceName',
};
export const CLUSTER_TYPE = 'Microsoft.ContainerService/managedClusters';
/** The version a cluster gets when the request names none (a supported AKS minor at the time of writing). */
export const DEFAULT_KUBERNETES_VERSION = '1.32.6';
const NAMING = {
  pattern: /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$/,
  rule: 'The name can contain only letters, numbers, underscores and hyphens, must start and end with a letter or number, and be 1 to 63 characters long.',
};
const POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

export function managedClusterRoutes(): ArmRoute[] {
  return trackedRoutes(CLUSTERS, { create: createOrUpdate, update: updateTags, remove });
}

function createOrUpdate(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const { name, group, input, location, id, existing } = trackedPut(req, ctx, CLUSTERS, NAMING);
  const props = objectOf(input.properties);
  const pools = agentPools(props.agentPoolProfiles, existing);
  const version =
    typeof props.kubernetesVersion === 'string'
      ? props.kubernetesVersion
      : String(objectOf(existing?.body.properties).kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
  const groupName = String(group.body.name);
  const dnsPrefix =
    typeof props.dnsPrefix === 'string'
      ? props.dnsPrefix
      : `${name}-${groupName}-${(req.params.subscriptionId ?? '').slice(0, 6)}`;
  const nodeResourceGroup =
    typeof props.nodeResourceGroup === 'string' ? props.nodeResourceGroup : `MC_${groupName}_${name}_${location}`;
  const kubelet = kubeletIdentity(ctx, id, req.params.subscriptionId ?? '', nodeResourceGroup, name);
  const now = new Date().toISOString();
  const identity = clusterIdentity(ctx, id, input.identity);
  const body: Record<string, unknown> = {
    id: existing?.id ?? id,
    location,
    name,
    type: 'Microsoft.ContainerService/ManagedClusters',
    ...(input.tags ? { tags: input.tags } : {}),
    sku: { name: 'Base', tier: 'Free', ...objectOf(input.sku) },
    identity,
    systemData: systemData(req, existing?.body, now),
    properties: {
      ...props,
      powerState: { code: 'Running' },
      kubernetesVersion: version,
      currentKubernetesVersion: version,
      dnsPrefix,
      fqdn: `${dnsPrefix.toLowerCase()}-${uniqueString([id.toLowerCase()]).slice(0, 8)}.hcp.${location}.azmk8s.io`,
      azurePortalFQDN: `${dnsPrefix.toLowerCase()}-${uniqueString([id.toLowerCase(), 'portal']).slice(0, 8)}.portal.hcp.${location}.azmk8s.io`,
      agentPoolProfiles: pools.map((pool) => ({
        ...pool,
        orchestratorVersion: version,
        currentOrchestratorVersion: version,
        provisioningState: 'Succeeded',
        powerState: { code: 'Running' },
      })),
      nodeResourceGroup,
      enableRBAC: props.enableRBAC ?? true,
      identityProfile: { kubeletidentity: kubelet },
      maxAgentPools: 100,
      networkProfile: {
        networkPlugin: 'azure',
        loadBalancerSku: 'standard',
        outboundType: 'loadBalancer',
        ...objectOf(props.networkProfile),
      },
    },
  };
  ensureNodeResourceGroup(ctx, req.params.subscriptionId ?? '', nodeResourceGroup, location, id);
  return provision({
    req,
    ctx,
    namespace: CLUSTERS.namespace,
    id,
    type: CLUSTER_TYPE,
    body,
    transitional: existing ? 'Updating' : 'Creating',
    initialStatus: existing ? 200 : 201,
    headers: 'azure-async-operation',
  });
}

function agentPools(
  value: unknown,
  existing: { body: Record<string, unknown> } | undefined,
): Record<string, unknown>[] {
  const pools = Array.isArray(value)
    ? value.map(objectOf)
    : ((objectOf(existing?.body.properties).agentPoolProfiles as Record<string, unknown>[] | undefined) ?? []);
  if (pools.length === 0)
    throw invalidRequestContent(
      'The managed cluster must have at least one agent pool in properties.agentPoolProfiles.',
    );
  for (const pool of pools) {
    if (typeof pool.name !== 'string' || !POOL_NAME.test(pool.name)) {
      throw new ArmError(
        400,
        'InvalidAgentPoolName',
        `The agent pool name '${String(pool.name)}' is invalid. It must start with a lowercase letter, contain only lowercase letters and numbers, and be 1 to 12 characters long.`,
      );
    }
  }
  if (!pools.some((p) => (p.mode ?? 'System') === 'System')) {
    throw new ArmError(400, 'MustDefineAtLeastOneSystemPool', 'Must define at least one system pool.');
  }
  return pools.map((p) => ({
    count: 1,
    vmSize: 'Standard_DS2_v2',
    osType: 'Linux',
    mode: 'System',
    type: 'VirtualMachineScaleSets',
    maxPods: 110,
    ...p,
  }));
}

/** The cluster's own identity: SystemAssigned unless the request names another (it is a tenant principal too). */
function clusterIdentity(ctx: ArmContext, id: string, requested: unknown): Record<string, unknown> {
  const identity = objectOf(requested);
  const type = typeof identity.type === 'string' ? identity.type : 'SystemAssigned';
  if (type !== 'SystemAssigned') return { ...identity, type };
  const principalId = deterministicUuid(ctx.tenantId, `aks-identity:${id.toLowerCase()}`);
  ctx.directory.upsert({
    clientId: deterministicUuid(ctx.tenantId, `aks-identity-client:${id.toLowerCase()}`),
    objectId: principalId,
    displayName: id.split('/').pop() ?? '',
    secrets: [],
    federatedCredentials: [],
  });
  return { type, principalId, tenantId: ctx.tenantId };
}

/** The kubelet's user-assigned identity in the node resource group (what AcrPull is granted to). */
export function kubeletIdentity(
  ctx: ArmContext,
  clusterId: string,
  subscriptionId: string,
  nodeResourceGroup: string,
  clusterName: string,
): Record<string, string> {
  const key = clusterId.toLowerCase();
  const clientId = deterministicUuid(ctx.tenantId, `kubelet-client:${key}`);
  const objectId = deterministicUuid(ctx.tenantId, `kubelet-object:${key}`);
  ctx.directory.upsert({
    clientId,
    objectId,
    displayName: `${clusterName}-agentpool`,
    secrets: [],
    federatedCredentials: [],
  });
  return {
    resourceId: `/subscriptions/${subscriptionId}/resourcegroups/${nodeResourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${clusterName}-agentpool`,
    clientId,
    objectId,
  };
}

function ensureNodeResourceGroup(
  ctx: ArmContext,
  subscriptionId: string,
  name: string,
  location: string,
  clusterId: string,
): void {
  const id = resourceGroupId(subscriptionId, name);
  if (ctx.store.get(id)) return;
  ctx.store.put(id, RESOURCE_GROUP_TYPE, {
    id,
    name,
    type: RESOURCE_GROUP_TYPE,
    location,
    managedBy: clusterId,
    tags: { 'aks-managed-cluster-name': clusterId.split('/').pop() ?? '' },
    properties: { provisioningState: 'Succeeded' },
  });
}

function updateTags(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const existing = requireTracked(req, ctx, CLUSTERS);
  const tags = objectOf(bodyOf(req).tags);
  const body = { ...existing.body, tags, systemData: systemData(req, existing.body, new Date().toISOString()) };
  return provision({
    req,
    ctx,
    namespace: CLUSTERS.namespace,
    id: existing.id,
    type: CLUSTER_TYPE,
    body,
    transitional: 'Updating',
    initialStatus: 200,
    headers: 'azure-async-operation',
  });
}

function remove(req: ArmRequest, ctx: ArmContext): ArmResponse {
  groupOf(req, ctx);
  const existing = ctx.store.get(trackedId(req, CLUSTERS));
  if (!existing) return { status: 204 };
  setProvisioningState(ctx, existing.id, 'Deleting');
  const nodeGroup = String(objectOf(existing.body.properties).nodeResourceGroup ?? '');
  return ctx.lro.start({
    req,
    namespace: CLUSTERS.namespace,
    location: String(existing.body.location),
    initialStatus: 202,
    headers: 'both',
    complete: () => {
      ctx.store.deleteTree(existing.id);
      const node = ctx.store.get(resourceGroupId(req.params.subscriptionId ?? '', nodeGroup));
      if (node && String(node.body.managedBy ?? '').toLowerCase() === existing.id.toLowerCase())
        ctx.store.deleteTree(node.id);
    },
    onFailure: () => setProvisioningState(ctx, existing.id, 'Failed'),
  });
}

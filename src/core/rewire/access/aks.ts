/**
 * AKS clusters: which ones (the plan's, or those named in aks-clusters) and the grant each needs,
 * the kubelet identity's pull role on the target, as `az aks update --attach-acr` makes it.
 */
import type { ManagedCluster } from '@azure/arm-containerservice';
import { RelocationError } from '../../errors.js';
import type { RelocationPlan } from '../../plan/model.js';
import type { Grant } from './grants.js';
import type { PullRole } from './names.js';

export interface Cluster {
  id: string;
  name: string;
  /** Object id of the kubelet's managed identity: the principal that pulls images. */
  kubeletObjectId: string;
}

export type ReadCluster = (id: string) => Promise<ManagedCluster | undefined>;

const CLUSTER_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)$/i;

export function parseClusterId(id: string, label: string): { name: string } {
  const match = CLUSTER_ID.exec(id.trim());
  if (!match) {
    throw new RelocationError(
      'INPUT_INVALID',
      `${label}: "${id}" is not an AKS cluster resource id.`,
      'Use /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerService/managedClusters/<name>.',
    );
  }
  return { name: match[1]! };
}

async function liveCluster(id: string, read: ReadCluster, label: string): Promise<Cluster> {
  const { name } = parseClusterId(id, label);
  const cluster = await read(id.trim());
  if (!cluster) {
    throw new RelocationError('NOT_FOUND', `AKS cluster ${name} (${id}) was not found.`, `Check ${label}.`);
  }
  const kubeletObjectId = cluster.identityProfile?.['kubeletidentity']?.objectId;
  if (!kubeletObjectId) {
    throw new RelocationError(
      'REFUSED',
      `AKS cluster ${name} has no kubelet managed identity (a service principal cluster).`,
      "Grant the cluster's service principal pull on the target yourself, or migrate the cluster to managed identity.",
    );
  }
  return { id: cluster.id ?? id.trim(), name: cluster.name ?? name, kubeletObjectId };
}

/** The clusters to grant: aks-clusters when given (read live), otherwise the plan's. */
export async function resolveClusters(
  plan: RelocationPlan,
  requested: readonly string[],
  read: ReadCluster,
  label: string,
): Promise<Cluster[]> {
  if (requested.length === 0) {
    return Promise.all(
      plan.consumers.aksClusters.map((c) =>
        c.kubeletObjectId
          ? { id: c.id, name: c.name, kubeletObjectId: c.kubeletObjectId }
          : liveCluster(c.id, read, label),
      ),
    );
  }
  const clusters: Cluster[] = [];
  for (const id of requested) {
    const planned = plan.consumers.aksClusters.find((c) => c.id.toLowerCase() === id.trim().toLowerCase());
    clusters.push(
      planned?.kubeletObjectId
        ? { id: planned.id, name: planned.name, kubeletObjectId: planned.kubeletObjectId }
        : await liveCluster(id, read, label),
    );
  }
  return clusters;
}

export function clusterGrants(clusters: readonly Cluster[], targetId: string, role: PullRole): Grant[] {
  return clusters.map((cluster) => ({
    scope: targetId,
    principalId: cluster.kubeletObjectId,
    principalType: 'ServicePrincipal',
    roleGuid: role.guid,
    consumer: `AKS cluster ${cluster.name} (kubelet identity)`,
    origin: 'aks',
  }));
}

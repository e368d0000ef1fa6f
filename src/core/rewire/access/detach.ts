/**
 * detach-source: take the clusters' pull role on the source away, as `az aks update --detach-acr`
 * does. Only once the source is out of service: during retire-source's brownout (its public network
 * access is Disabled) or after it (the registry is gone, and its assignments with it). Before that,
 * a cluster still pulling from the source would break mid-move.
 */
import { ABAC_REPOSITORY_READER_ROLE_ID, ACR_PULL_ROLE_ID } from '../../azure/access-reader.js';
import { RelocationError } from '../../errors.js';
import type { ConsumerRow } from '../model.js';
import type { Cluster } from './aks.js';
import type { RoleAssignmentGateway } from './gateway.js';
import { roleLabel } from './names.js';

/** What is known live about the source registry. */
export interface SourceState {
  exists: boolean;
  publicNetworkAccess?: string;
}

const PULL_ROLES_TO_DETACH = new Set([ACR_PULL_ROLE_ID, ABAC_REPOSITORY_READER_ROLE_ID]);

/**
 * Refuse detach-source before the brownout. Checked before anything is changed. Allowed when the
 * source is gone, when its public network access is Disabled (the brownout's visible effect), or
 * when retire-source's brownout record (retire-state.json next to the plan) shows a brownout of this
 * relocation that was not restored (`brownoutSince`).
 */
export function assertDetachAllowed(source: SourceState, label: string, brownoutSince?: string): void {
  if (!source.exists || (source.publicNetworkAccess ?? '').toLowerCase() === 'disabled' || brownoutSince) return;
  throw new RelocationError(
    'REFUSED',
    `${label} is only allowed during or after retire-source's brownout, and the source registry still has public network access ${source.publicNetworkAccess ?? 'Enabled'} (and no brownout record next to the plan).`,
    `Run rewire-consumers without ${label} now; run retire-source (retire-mode: disable) after verify, then rewire-consumers with ${label}: true.`,
  );
}

async function detachCluster(
  gateway: RoleAssignmentGateway,
  cluster: Cluster,
  sourceId: string,
  dryRun: boolean,
): Promise<ConsumerRow> {
  const row: ConsumerRow = {
    kind: 'AKS cluster',
    name: cluster.name,
    before: 'pull on source',
    after: 'no role on source',
    status: 'unchanged',
  };
  const all = await gateway.assignmentsAt(sourceId);
  const mine = all.filter(
    (a) => a.principalId === cluster.kubeletObjectId.toLowerCase() && PULL_ROLES_TO_DETACH.has(a.roleGuid),
  );
  const removable = mine.filter((a) => a.scope.toLowerCase() === sourceId.toLowerCase());
  const inherited = mine.filter((a) => a.scope.toLowerCase() !== sourceId.toLowerCase());
  if (inherited.length > 0) {
    row.note = `Inherited ${inherited.map((a) => `${roleLabel(a.roleGuid)} from ${a.scope}`).join(', ')}: not removed (it covers more than this registry).`;
  }
  if (removable.length === 0) return { ...row, before: 'no role on source' };
  row.before = removable.map((a) => `${roleLabel(a.roleGuid)} on source`).join(', ');
  if (dryRun) return { ...row, status: 'would remove' };
  for (const assignment of removable) await gateway.remove(assignment);
  return { ...row, status: 'removed' };
}

/** Remove each cluster's pull role made at the source registry; nothing to do once the source is gone. */
export async function detachSource(
  gateway: RoleAssignmentGateway,
  clusters: readonly Cluster[],
  source: SourceState & { id: string },
  dryRun: boolean,
): Promise<ConsumerRow[]> {
  if (!source.exists) {
    return clusters.map((c) => ({
      kind: 'AKS cluster',
      name: c.name,
      before: 'source deleted',
      after: 'no role on source',
      status: 'unchanged',
      note: 'The source registry no longer exists; its role assignments went with it.',
    }));
  }
  const rows: ConsumerRow[] = [];
  for (const cluster of clusters) rows.push(await detachCluster(gateway, cluster, source.id, dryRun));
  return rows;
}

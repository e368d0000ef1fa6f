/**
 * The access step of rewire-consumers: who needs pull (or their old role) on the target, granted
 * (or, in a dry run, only looked up), plus the tool that grants pull to identities apps create while
 * they are switched over.
 */
import type { Host } from '../../../hosts/host.js';
import type { AzureClients } from '../../azure/clients.js';
import { azureCall } from '../../azure/errors.js';
import type { RelocationError } from '../../errors.js';
import type { RelocationPlan } from '../../plan/model.js';
import type { AppInspection, ApplyTools } from '../apps/model.js';
import type { Endpoints } from '../endpoints.js';
import type { ConsumerRow, RowStatus } from '../model.js';
import { clusterGrants, resolveClusters, type Cluster } from './aks.js';
import { RoleAssignmentGateway } from './gateway.js';
import { ensureGrants, uniqueGrants, type Grant, type GrantOptions, type GrantResult } from './grants.js';
import { pullRoleFor, roleLabel } from './names.js';
import { principalGrants } from './principals.js';
import type { Clock, WaitKnobs } from './wait.js';

export interface AccessDeps {
  host: Host;
  clients: AzureClients;
  clock: Clock;
  wait: WaitKnobs;
}

export interface Access {
  clusters: Cluster[];
  results: GrantResult[];
  rows: ConsumerRow[];
  gateway: RoleAssignmentGateway;
}

const GRANT_STATUS: Record<GrantResult['status'], RowStatus> = {
  created: 'created',
  exists: 'exists',
  'would-create': 'would create',
  'not-visible': 'not visible yet',
};

function readClusterFn(clients: AzureClients) {
  return (id: string) => {
    const [, , subscriptionId = '', , resourceGroup = ''] = id.split('/');
    const name = id.split('/').pop() ?? '';
    const aks = clients.forSubscription(subscriptionId).consumers.aks;
    return azureCall(`Reading AKS cluster ${name}`, () => aks.managedClusters.get(resourceGroup, name)).catch(
      (error: RelocationError) => {
        if (error.code === 'NOT_FOUND') return undefined;
        throw error;
      },
    );
  };
}

/** Grants without listing the target: it does not exist yet (a dry run before redeploy). */
function plannedOnly(grants: readonly Grant[]): GrantResult[] {
  return uniqueGrants(grants).map((grant) => ({ grant, name: '(on creation)', status: 'would-create' }));
}

function clusterRow(result: GrantResult, clusters: readonly Cluster[], plan: RelocationPlan): ConsumerRow {
  const cluster = clusters.find((c) => c.kubeletObjectId.toLowerCase() === result.grant.principalId.toLowerCase());
  const planned = plan.consumers.aksClusters.some((c) => c.id.toLowerCase() === cluster?.id.toLowerCase());
  return {
    kind: 'AKS cluster',
    name: cluster?.name ?? result.grant.consumer,
    before: planned ? 'pull on source' : 'not in the plan',
    after: `${roleLabel(result.grant.roleGuid)} on target`,
    status: GRANT_STATUS[result.status],
  };
}

/** Rows for AKS clusters and other principals (apps have rows of their own; their grants are in the grant table). */
function accessRows(
  clusters: readonly Cluster[],
  results: readonly GrantResult[],
  plan: RelocationPlan,
): ConsumerRow[] {
  return results.flatMap((result): ConsumerRow[] => {
    if (result.grant.origin === 'aks') return [clusterRow(result, clusters, plan)];
    if (result.grant.origin === 'app') return [];
    const role = roleLabel(result.grant.roleGuid);
    const status = GRANT_STATUS[result.status];
    return [
      {
        kind: 'Principal',
        name: result.grant.consumer,
        before: `${role} on source`,
        after: `${role} on target`,
        status,
      },
    ];
  });
}

function grantOptions(deps: AccessDeps, dryRun: boolean): GrantOptions {
  return { dryRun, clock: deps.clock, wait: deps.wait, log: (m) => deps.host.info(m) };
}

export async function grantAccess(
  deps: AccessDeps,
  input: {
    plan: RelocationPlan;
    endpoints: Endpoints;
    apps: readonly AppInspection[];
    clusters: string[];
    clustersLabel: string;
    dryRun: boolean;
  },
): Promise<Access> {
  const { plan, endpoints } = input;
  const clusters = await resolveClusters(plan, input.clusters, readClusterFn(deps.clients), input.clustersLabel);
  const kubelets = new Set(clusters.map((c) => c.kubeletObjectId.toLowerCase()));
  const others = principalGrants(plan, endpoints.target.id, endpoints.target.abac, kubelets);
  for (const grant of others) if (grant.warning) deps.host.warning(grant.warning);
  const role = pullRoleFor(endpoints.target.abac);
  const grants = [
    ...clusterGrants(clusters, endpoints.target.id, role),
    ...others,
    ...input.apps.flatMap((a) => a.grants),
  ];
  const gateway = new RoleAssignmentGateway(deps.clients.authorization.roleAssignments);
  const results = endpoints.target.exists
    ? await ensureGrants(gateway, grants, grantOptions(deps, input.dryRun))
    : plannedOnly(grants);
  for (const r of results.filter((x) => x.status === 'not-visible')) {
    deps.host.warning(
      `Role assignment ${r.name} for ${r.grant.consumer} was created but is not visible yet; pulls may fail for a few minutes.`,
    );
  }
  return { clusters, results, rows: accessRows(clusters, results, plan), gateway };
}

/** Pull on the target for an identity an app gets while it is switched over (recorded with the other grants). */
export function appGrantTool(deps: AccessDeps, access: Access, endpoints: Endpoints): ApplyTools {
  const roleGuid = pullRoleFor(endpoints.target.abac).guid;
  return {
    grantPull: async (principalId, consumer) => {
      const grant: Grant = {
        scope: endpoints.target.id,
        principalId,
        principalType: 'ServicePrincipal',
        roleGuid,
        consumer,
        origin: 'app',
      };
      access.results.push(...(await ensureGrants(access.gateway, [grant], grantOptions(deps, false))));
    },
  };
}

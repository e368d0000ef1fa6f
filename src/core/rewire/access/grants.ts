/**
 * Making sure principals hold roles on the target: look first (a re-run sends no writes), create
 * under a deterministic name, then wait until each new assignment is visible, so the workloads that
 * are switched over next can pull at once.
 */
import type { RoleAssignmentGateway } from './gateway.js';
import { roleAssignmentName, roleLabel } from './names.js';
import { waitUntil, type Clock, type WaitKnobs } from './wait.js';

export interface Grant {
  scope: string;
  principalId: string;
  principalType: string;
  roleGuid: string;
  /** Who needs it, for the summary, e.g. "AKS cluster aks-prod (kubelet identity)". */
  consumer: string;
  /** Which step asked for it (the first one, when several need the same grant). */
  origin: 'aks' | 'principal' | 'app';
}

export type GrantStatus = 'created' | 'exists' | 'would-create' | 'not-visible';

export interface GrantResult {
  grant: Grant;
  /** The assignment's name (deterministic, or the existing one's). */
  name: string;
  status: GrantStatus;
  /** How long the visibility wait took (created assignments). */
  waitedMs?: number;
}

export interface GrantOptions {
  dryRun: boolean;
  clock: Clock;
  wait: WaitKnobs;
  log: (message: string) => void;
}

function keyOf(grant: Grant): string {
  return [grant.scope, grant.principalId, grant.roleGuid].join('|').toLowerCase();
}

/** One grant per scope, principal and role (several consumers may share an identity). */
export function uniqueGrants(grants: readonly Grant[]): Grant[] {
  const seen = new Map<string, Grant>();
  for (const grant of grants) {
    const existing = seen.get(keyOf(grant));
    if (existing) existing.consumer = `${existing.consumer}; ${grant.consumer}`;
    else seen.set(keyOf(grant), { ...grant });
  }
  return [...seen.values()];
}

async function ensureOne(gateway: RoleAssignmentGateway, grant: Grant, options: GrantOptions): Promise<GrantResult> {
  const name = roleAssignmentName(grant.scope, grant.principalId, grant.roleGuid);
  const existing = await gateway.existing(grant.scope, grant.principalId, grant.roleGuid);
  if (existing) return { grant, name: existing.name, status: 'exists' };
  if (options.dryRun) return { grant, name, status: 'would-create' };
  const outcome = await gateway.create({
    scope: grant.scope,
    name,
    principalId: grant.principalId,
    principalType: grant.principalType,
    roleGuid: grant.roleGuid,
    description: `acr-relocate: ${grant.consumer}`.slice(0, 1024),
  });
  options.log(
    `${outcome === 'created' ? 'Granted' : 'Already granted:'} ${roleLabel(grant.roleGuid)} to ${grant.consumer} on ${grant.scope}.`,
  );
  return { grant, name, status: outcome };
}

/** Ensure every grant; created ones are waited for (bounded) until Azure shows them. */
export async function ensureGrants(
  gateway: RoleAssignmentGateway,
  grants: readonly Grant[],
  options: GrantOptions,
): Promise<GrantResult[]> {
  const results: GrantResult[] = [];
  for (const grant of uniqueGrants(grants)) results.push(await ensureOne(gateway, grant, options));
  await Promise.all(
    results
      .filter((r) => r.status === 'created')
      .map(async (result) => {
        const outcome = await waitUntil(
          () => gateway.isVisible(result.grant.scope, result.name),
          options.clock,
          options.wait,
        );
        result.waitedMs = outcome.waitedMs;
        if (!outcome.done) result.status = 'not-visible';
      }),
  );
  return results;
}

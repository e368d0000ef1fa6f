/** What each app module reports back: the row, the grants the app's identity needs, and how to apply. */
import type { Grant } from '../access/grants.js';
import type { PullRole } from '../access/names.js';
import type { ConsumerRow } from '../model.js';

export interface AppContext {
  /** Source login server (what references name today). */
  from: string;
  /** Target login server. */
  to: string;
  targetId: string;
  pullRole: PullRole;
  /** Registry names: an admin user is named after its registry. */
  sourceName: string;
  targetName: string;
}

export interface AppInspection {
  row: ConsumerRow;
  /** Pull on the target for the identity the app pulls with (granted before the app is switched). */
  grants: Grant[];
  /** Switch the app over; absent when nothing is to change or it cannot be changed in place. */
  apply?: (tools: ApplyTools) => Promise<void>;
  /** A command a person runs instead (Container Instances). */
  command?: string;
}

/** What applying may need from the run: pull on the target for an identity made during the apply. */
export interface ApplyTools {
  grantPull(principalId: string, consumer: string): Promise<void>;
}

/** The parts of a managed identity block the apps share. */
export interface IdentityLike {
  type?: string;
  principalId?: string;
  userAssignedIdentities?: Record<string, { principalId?: string; clientId?: string }>;
}

/** Principal id of `ref`: "system" (or undefined) for the system-assigned identity, else a user identity's resource id. */
export function principalOfIdentity(identity: IdentityLike | undefined, ref: string | undefined): string | undefined {
  if (!identity) return undefined;
  if (!ref || ref.toLowerCase() === 'system') return identity.principalId;
  const entry = Object.entries(identity.userAssignedIdentities ?? {}).find(
    ([id]) => id.toLowerCase() === ref.toLowerCase(),
  );
  return entry?.[1].principalId;
}

/** How an app that names the source nowhere any more (a re-run, or changed by hand) is shown. */
export const NOTHING_LEFT = {
  after: 'no reference to the source',
  note: 'Already re-pointed (or changed since the plan).',
} as const;

export function resourceGroupAndName(id: string): { resourceGroup: string; name: string } {
  const resourceGroup = /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? '';
  return { resourceGroup, name: id.split('/').pop() ?? '' };
}

export function pullGrant(context: AppContext, principalId: string, consumer: string): Grant {
  return {
    scope: context.targetId,
    principalId,
    principalType: 'ServicePrincipal',
    roleGuid: context.pullRole.guid,
    consumer,
    origin: 'app',
  };
}

export function statusError(error: unknown): number | undefined {
  return (error as { statusCode?: number })?.statusCode;
}

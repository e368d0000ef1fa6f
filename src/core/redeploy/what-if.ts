import type { PropertyChange, WhatIfChange } from './deployments.js';

/**
 * Reading what-if's answer. What-if compares the template with what the resource providers return,
 * so some differences change nothing ("noise", as Microsoft's what-if documentation calls it):
 * values the service filled in or returns in another key order (the template's value is contained
 * in the current one), and properties a provider never returns (a webhook's service URI and headers),
 * which redeploy compares itself through getCallbackConfig. What remains are the real changes.
 */

export type EffectiveChange = 'Create' | 'Modify' | 'Delete' | 'NoChange' | 'Deploy' | 'Unsupported';

export interface PlannedChange {
  resourceId: string;
  change: EffectiveChange;
  /** Property paths that change (values are never shown: they may be secrets). */
  paths: string[];
}

const WEBHOOK = /\/providers\/Microsoft\.ContainerRegistry\/registries\/[^/]+\/webhooks\/[^/]+$/i;
const WEBHOOK_SECRETS = /^properties\.(serviceUri|customHeaders)(\.|$)/i;

/** Whether `after` (what the template sets) is already contained in `before` (what Azure has). */
export function contains(before: unknown, after: unknown): boolean {
  if (after === null || after === undefined) return before === null || before === undefined;
  if (Array.isArray(after)) {
    return (
      Array.isArray(before) && before.length === after.length && after.every((item, i) => contains(before[i], item))
    );
  }
  if (typeof after === 'object') {
    if (!before || typeof before !== 'object' || Array.isArray(before)) return false;
    const current = before as Record<string, unknown>;
    return Object.entries(after as Record<string, unknown>).every(([key, value]) => {
      const match = Object.keys(current).find((k) => k.toLowerCase() === key.toLowerCase());
      return contains(match === undefined ? undefined : current[match], value);
    });
  }
  return after === before;
}

function isNoise(change: PropertyChange, writeOnlyMatches: boolean, parent = ''): boolean {
  const path = parent ? `${parent}.${change.path}` : change.path;
  if (change.propertyChangeType === 'NoEffect') return true;
  if (writeOnlyMatches && WEBHOOK_SECRETS.test(path)) return true;
  if (change.propertyChangeType === 'Modify') return contains(change.before, change.after);
  if (change.propertyChangeType === 'Array')
    return (change.children ?? []).every((c) => isNoise(c, writeOnlyMatches, path));
  return false;
}

/**
 * The real changes of one what-if entry. `webhookCallbackMatches(resourceId)` says whether the
 * target webhook's callback configuration already equals the plan's.
 */
export function effectiveChange(
  change: WhatIfChange,
  webhookCallbackMatches: (resourceId: string) => boolean,
): PlannedChange {
  const kind = change.changeType as EffectiveChange;
  if (kind !== 'Modify') return { resourceId: change.resourceId, change: kind, paths: [] };
  const writeOnly = WEBHOOK.test(change.resourceId) && webhookCallbackMatches(change.resourceId);
  const real = (change.delta ?? []).filter((delta) => !isNoise(delta, writeOnly));
  return { resourceId: change.resourceId, change: real.length ? 'Modify' : 'NoChange', paths: real.map((d) => d.path) };
}

/** What-if's entries for this template's resources (others in the group are `Ignore` in incremental mode). */
export function plannedChanges(
  changes: readonly WhatIfChange[],
  webhookCallbackMatches: (resourceId: string) => boolean,
): PlannedChange[] {
  return changes.filter((c) => c.changeType !== 'Ignore').map((c) => effectiveChange(c, webhookCallbackMatches));
}

export function hasChanges(changes: readonly PlannedChange[]): boolean {
  return changes.some((c) => c.change !== 'NoChange');
}

/** Webhooks whose secret properties what-if cannot compare (it never sees them). */
export function webhookIds(changes: readonly WhatIfChange[]): string[] {
  return changes.filter((c) => c.changeType === 'Modify' && WEBHOOK.test(c.resourceId)).map((c) => c.resourceId);
}

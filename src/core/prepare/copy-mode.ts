/**
 * The copy mode of a relocation, decided once at prepare and kept by import-artifacts.
 *
 * prepare records the intended mode in the plan (`copyMode`) and judges the source for it: server
 * mode needs ACR's server-side import to read the source; client mode needs only this runner to
 * reach both data planes (which prepare's own inventory has just shown for the source). A disabled
 * export policy stays visible in client mode: it is a data-exfiltration guard that stops server-side
 * import but not a runner's pulls, so copying past it is a decision its owner must see (a warning
 * on the plan people review, never a silent way around it).
 *
 * import-artifacts: the copy-mode input wins, with a warning when the plan was prepared for the
 * other mode. The one exception is server mode on a plan prepared for client mode whose source (as
 * the plan recorded it) blocks server-side import: its server-import check passed only because the
 * runner was to copy, so every import would fail — that is refused before anything starts.
 */
import { RelocationError } from '../errors.js';
import type { Check, CopyMode, RegistrySettings, RelocationPlan } from '../plan/model.js';

/** Why ACR's server-side import (importImage) cannot read from a registry with these settings; empty when it can. */
export function serverImportBlockers(settings: RegistrySettings): string[] {
  const blocked: string[] = [];
  if (settings.policies.exportPolicy?.status === 'disabled') blocked.push('its export policy is disabled');
  const restricted = settings.publicNetworkAccess === 'Disabled' || settings.networkRuleSet?.defaultAction === 'Deny';
  if (restricted && settings.networkRuleBypassOptions === 'None')
    blocked.push('network rules do not let trusted Azure services through');
  return blocked;
}

/** prepare's server-import check, for the copy mode the plan is prepared for. */
export function serverImportCheck(settings: RegistrySettings, copyMode: CopyMode): Check {
  const id = 'server-import';
  const blocked = serverImportBlockers(settings);
  if (copyMode === 'server') {
    return blocked.length > 0
      ? {
          id,
          status: 'fail',
          message: `Server-side import from the source is blocked: ${blocked.join('; ')}.`,
          hint: 'Enable the export policy and trusted-services bypass on the source for the move, or run prepare again with copy-mode: client to have the runner copy the content (import-artifacts then runs with copy-mode: client too).',
        }
      : { id, status: 'pass', message: 'The source allows server-side import.' };
  }
  const why =
    blocked.length > 0 ? `server-side import is blocked: ${blocked.join('; ')}` : 'the source would also allow it';
  const message = `copy-mode client: the runner copies the content, not server-side import (${why}).`;
  const runner = 'Run import-artifacts with copy-mode: client from a runner that reaches both registries.';
  if (settings.policies.exportPolicy?.status === 'disabled') {
    return {
      id,
      status: 'warn',
      message: `${message} The export policy is a data-exfiltration guard that stops server-side import, not this runner's pulls.`,
      hint: `Make sure whoever owns the source's export policy agrees to copying its content out. ${runner}`,
    };
  }
  return { id, status: 'pass', message: `${message} ${runner}` };
}

/** The mode a plan was prepared for; plans from before prepare recorded it were server plans. */
export function plannedCopyMode(plan: RelocationPlan): CopyMode {
  return plan.copyMode ?? 'server';
}

/**
 * Check the copy mode of an import-artifacts run against the plan. Returns a warning to show when
 * the modes differ; throws when server mode cannot work on the source the plan describes.
 */
export function checkRunCopyMode(plan: RelocationPlan, requested: CopyMode): { warning?: string } {
  const planned = plannedCopyMode(plan);
  if (requested === planned) return {};
  if (requested === 'server') {
    const blockers = serverImportBlockers(plan.source.settings);
    if (blockers.length > 0) {
      throw new RelocationError(
        'REFUSED',
        `The plan was prepared for copy-mode client, and server-side import from ${plan.source.name} is blocked by the settings the plan recorded: ${blockers.join('; ')}. copy-mode server would fail on every image.`,
        'Run import-artifacts with copy-mode: client (as prepared), or unblock the source and run prepare again with copy-mode: server.',
      );
    }
  }
  return {
    warning: `The plan was prepared for copy-mode ${planned}; this run copies with copy-mode ${requested}, as its input says.`,
  };
}

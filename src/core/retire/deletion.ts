/**
 * Deleting the source: Registries_Delete, a long-running operation polled to its end. Safe to run
 * again after a crash: a registry that is already gone is success (404 from the delete itself), and
 * nothing here can create a registry. A lock that appeared since the precondition check (409
 * ScopeLocked) is reported as such; the command never removes it.
 */
import type { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { azureCallOrMissing, azureError } from '../azure/errors.js';
import type { RegistryId } from '../azure/resource-id.js';
import { RelocationError } from '../errors.js';
import { neutralize } from '../text/neutralize.js';

interface RestLike {
  statusCode?: number;
  code?: string;
  message?: string;
}

export const LOCK_HINT =
  'acr-relocate never removes locks. Someone allowed to delete locks on that scope (Owner or User Access Administrator: Microsoft.Authorization/locks/delete) must remove it, after checking why it was set; then run retire-source again.';

/** Returns what happened, as a sentence for the summary. */
export async function deleteSource(
  arm: ContainerRegistryManagementClient,
  ref: RegistryId,
  pollIntervalMs = 2000,
): Promise<string> {
  try {
    await arm.registries.beginDeleteAndWait(ref.resourceGroup, ref.name, { updateIntervalInMs: pollIntervalMs });
    return `Deleted the source registry ${ref.name} (resource group ${ref.resourceGroup}).`;
  } catch (error) {
    const rest = (error ?? {}) as RestLike;
    if (rest.statusCode === 404) return `The source registry ${ref.name} was already gone: nothing to delete.`;
    if (rest.statusCode === 409 && rest.code === 'ScopeLocked') {
      throw new RelocationError(
        'REFUSED',
        `Azure refused to delete the source registry ${ref.name}: a management lock protects it (${neutralize(rest.message ?? 'ScopeLocked')}).`,
        LOCK_HINT,
        { cause: error },
      );
    }
    throw azureError(error, `Deleting the source registry ${ref.name}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A deletion already under way (an earlier run crashed while polling it, or someone else started
 * it): wait for it without sending anything, so no write request ever goes out unchecked.
 */
export async function awaitDeletion(
  arm: ContainerRegistryManagementClient,
  ref: RegistryId,
  pollIntervalMs = 2000,
  timeoutMs = 30 * 60_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const registry = await azureCallOrMissing(`Reading registry ${ref.name}`, () =>
      arm.registries.get(ref.resourceGroup, ref.name),
    );
    if (!registry) return `The deletion of ${ref.name} that was already under way finished.`;
    if (registry.provisioningState !== 'Deleting') {
      throw new RelocationError(
        'REMOTE_ERROR',
        `The deletion of ${ref.name} that was under way did not finish: the registry is now in state ${registry.provisioningState ?? 'unknown'}.`,
        'Check the activity log of the registry, then run retire-source again: it re-checks everything before deleting.',
      );
    }
    if (Date.now() > deadline) {
      throw new RelocationError(
        'REMOTE_ERROR',
        `The registry ${ref.name} has been deleting for more than ${Math.round(timeoutMs / 60_000)} minutes.`,
        'Check the activity log of the registry, then run retire-source again.',
      );
    }
    await sleep(pollIntervalMs);
  }
}

/**
 * What provider tests create before their first request, through the official SDK clients as any
 * caller would: resource groups, and a registry in a group of its own.
 *
 *   await createResourceGroups(emulator, ['rg-web', 'rg-other']);
 *   const registry = await registryInNewGroup(emulator, 'rg-diag', 'diagacr01');
 */
import { ContainerRegistryManagementClient, type Registry } from '@azure/arm-containerregistry';
import { ResourceManagementClient } from '@azure/arm-resources';
import { armOptions, credentialOf, FAST_POLL, type Emulator } from './testEmulator.js';

export async function createResourceGroups(
  emulator: Emulator,
  names: readonly string[],
  location = 'westeurope',
): Promise<void> {
  const resources = new ResourceManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
  for (const name of names) await resources.resourceGroups.createOrUpdate(name, { location });
}

/** A Premium registry in westeurope (unless `settings` say otherwise) in a new resource group. */
export async function registryInNewGroup(
  emulator: Emulator,
  group: string,
  name: string,
  settings: Partial<Registry> = {},
): Promise<Registry> {
  await createResourceGroups(emulator, [group]);
  const acr = new ContainerRegistryManagementClient(
    credentialOf(emulator),
    emulator.subscriptionId,
    armOptions(emulator),
  );
  return acr.registries.create(
    group,
    name,
    { location: 'westeurope', sku: { name: 'Premium' }, ...settings },
    FAST_POLL,
  );
}

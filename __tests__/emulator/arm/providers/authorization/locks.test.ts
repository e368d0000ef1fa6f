import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ManagementLockClient } from '@azure/arm-locks';
import { ResourceManagementClient } from '@azure/arm-resources';
import {
  armOptions,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';

describe('management locks (@azure/arm-locks 2)', () => {
  let emulator: Emulator;
  let locks: ManagementLockClient;
  let acr: ContainerRegistryManagementClient;
  let resources: ResourceManagementClient;
  let registry: { name: string; resourceGroup: string; resourceId: string };

  beforeAll(async () => {
    emulator = await startTestEmulator();
    locks = new ManagementLockClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    acr = new ContainerRegistryManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    resources = new ResourceManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    registry = emulator.registries()[0] as typeof registry;
  });
  afterAll(() => emulator.stop());

  it('CanNotDelete on a registry blocks deleting it and its resource group with ScopeLocked, but not updates', async () => {
    const lock = await locks.managementLocks.createOrUpdateByScope(registry.resourceId, 'no-delete', {
      level: 'CanNotDelete',
      notes: 'relocation in progress',
    });
    expect(lock).toMatchObject({
      name: 'no-delete',
      level: 'CanNotDelete',
      notes: 'relocation in progress',
      type: 'Microsoft.Authorization/locks',
    });
    let error: { statusCode?: number; code?: string; message?: string } = {};
    try {
      await acr.registries.delete(registry.resourceGroup, registry.name, FAST_POLL);
    } catch (err) {
      error = err as typeof error;
    }
    expect(error).toMatchObject({ statusCode: 409, code: 'ScopeLocked' });
    expect(error.message).toBe(
      `The scope '${registry.resourceId}' cannot perform delete operation because following scope(s) are locked: '${registry.resourceId}'. Please remove the lock and try again.`,
    );
    const groupDelete = await resources.resourceGroups
      .beginDelete(registry.resourceGroup, FAST_POLL)
      .catch((err: unknown) => err);
    expect(groupDelete).toMatchObject({ statusCode: 409, code: 'ScopeLocked' });
    await expect(
      acr.registries.update(registry.resourceGroup, registry.name, { tags: { locked: 'yes' } }, FAST_POLL),
    ).resolves.toMatchObject({ tags: { locked: 'yes' } });
  });

  it('lists locks at and above a scope', async () => {
    await locks.managementLocks.createOrUpdateAtResourceGroupLevel(registry.resourceGroup, 'read-only', {
      level: 'ReadOnly',
    });
    const atRegistry: string[] = [];
    for await (const l of locks.managementLocks.listByScope(registry.resourceId)) atRegistry.push(l.name ?? '');
    expect(atRegistry.sort()).toEqual(['no-delete', 'read-only']);
    const atGroup: string[] = [];
    for await (const l of locks.managementLocks.listAtResourceGroupLevel(registry.resourceGroup))
      atGroup.push(l.name ?? '');
    expect(atGroup.sort()).toEqual(['no-delete', 'read-only']);
  });

  it('ReadOnly on the resource group blocks writes and POST actions below it', async () => {
    await expect(
      acr.registries.update(registry.resourceGroup, registry.name, { tags: { x: 'y' } }, FAST_POLL),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'ScopeLocked',
      message: expect.stringContaining('cannot perform write operation'),
    });
    await expect(acr.registries.listCredentials(registry.resourceGroup, registry.name)).rejects.toMatchObject({
      statusCode: 409,
    });
    await expect(acr.registries.get(registry.resourceGroup, registry.name)).resolves.toMatchObject({
      name: registry.name,
    });
  });

  it('deleting works again once the locks are gone', async () => {
    await locks.managementLocks.deleteAtResourceGroupLevel(registry.resourceGroup, 'read-only');
    await locks.managementLocks.deleteByScope(registry.resourceId, 'no-delete');
    await acr.registries.delete(registry.resourceGroup, registry.name, FAST_POLL);
    expect(emulator.registries()).toEqual([]);
  });
});

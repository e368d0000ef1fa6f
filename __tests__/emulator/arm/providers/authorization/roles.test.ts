import { AuthorizationManagementClient } from '@azure/arm-authorization';
import {
  armOptions,
  armRequest,
  credentialOf,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';

const ACR_PULL = '7f951dda-4ed3-4680-a7ca-43fe172d538d';
const ACR_PUSH = '8311e382-0749-4cb8-b61a-304f252e45ec';

describe('Microsoft.Authorization role definitions and assignments (@azure/arm-authorization 9)', () => {
  let emulator: Emulator;
  let auth: AuthorizationManagementClient;
  let sub: string;
  let registryId: string;
  const principalId = '44444444-4444-4444-8444-444444444444';

  beforeAll(async () => {
    emulator = await startTestEmulator();
    auth = new AuthorizationManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    sub = `/subscriptions/${emulator.subscriptionId}`;
    registryId = emulator.registries()[0]?.resourceId ?? '';
    emulator.directory.upsert({
      clientId: '55555555-5555-4555-8555-555555555555',
      objectId: principalId,
      displayName: 'kubelet',
      secrets: [],
      federatedCredentials: [],
    });
  });
  afterAll(() => emulator.stop());

  it('serves the built-in roles with their real ids and permissions', async () => {
    const pull = await auth.roleDefinitions.get(sub, ACR_PULL);
    expect(pull).toMatchObject({
      id: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL}`,
      name: ACR_PULL,
      roleName: 'AcrPull',
      roleType: 'BuiltInRole',
      permissions: [
        {
          actions: ['Microsoft.ContainerRegistry/registries/pull/read'],
          notActions: [],
          dataActions: [],
          notDataActions: [],
        },
      ],
    });
    const byName: string[] = [];
    for await (const role of auth.roleDefinitions.list(sub, { filter: "roleName eq 'AcrPush'" }))
      byName.push(role.name ?? '');
    expect(byName).toEqual([ACR_PUSH]);
    const writer = await auth.roleDefinitions.get(registryId, '2a1e307c-b015-4ebd-883e-5b7698a07328');
    expect(writer.permissions?.[0]?.dataActions).toContain(
      'Microsoft.ContainerRegistry/registries/repositories/content/write',
    );
    await expect(auth.roleDefinitions.get(sub, '00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('creates an assignment at a registry scope and refuses a duplicate under another name', async () => {
    const roleDefinitionId = `${sub}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL}`;
    const created = await auth.roleAssignments.create(registryId, '66666666-6666-4666-8666-666666666666', {
      roleDefinitionId,
      principalId,
    });
    expect(created).toMatchObject({
      name: '66666666-6666-4666-8666-666666666666',
      scope: registryId,
      principalId,
      roleDefinitionId,
      principalType: 'ServicePrincipal',
      type: 'Microsoft.Authorization/roleAssignments',
    });
    const same = await armRequest(
      emulator,
      'PUT',
      `${registryId}/providers/Microsoft.Authorization/roleAssignments/66666666-6666-4666-8666-666666666666`,
      { apiVersion: '2022-04-01', body: { properties: { roleDefinitionId, principalId } } },
    );
    expect(same.status).toBe(200);
    await expect(
      auth.roleAssignments.create(registryId, '77777777-7777-4777-8777-777777777777', {
        roleDefinitionId,
        principalId,
      }),
    ).rejects.toMatchObject({ statusCode: 409, code: 'RoleAssignmentExists' });
  });

  it('validates names, roles, principals and scopes', async () => {
    const roleDefinitionId = `${sub}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PUSH}`;
    await expect(
      auth.roleAssignments.create(registryId, 'not-a-guid', { roleDefinitionId, principalId }),
    ).rejects.toMatchObject({ code: 'InvalidRoleAssignmentId' });
    await expect(
      auth.roleAssignments.create(registryId, '88888888-8888-4888-8888-888888888888', {
        roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-0000-0000-000000000000`,
        principalId,
      }),
    ).rejects.toMatchObject({ code: 'RoleDefinitionDoesNotExist' });
    await expect(
      auth.roleAssignments.create(registryId, '88888888-8888-4888-8888-888888888888', {
        roleDefinitionId,
        principalId: '99999999-9999-4999-8999-999999999999',
      }),
    ).rejects.toMatchObject({ code: 'PrincipalNotFound' });
    await expect(
      auth.roleAssignments.create(registryId, '88888888-8888-4888-8888-888888888888', {
        roleDefinitionId,
        principalId: '99999999-9999-4999-8999-999999999999',
        principalType: 'ServicePrincipal',
      }),
    ).resolves.toMatchObject({ principalType: 'ServicePrincipal' });
    await expect(
      auth.roleAssignments.create(`${registryId}x`, '12121212-1212-4212-8212-121212121212', {
        roleDefinitionId,
        principalId,
      }),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('lists with atScope() and principalId filters, and deletes', async () => {
    const atRegistry: string[] = [];
    for await (const a of auth.roleAssignments.listForScope(registryId, { filter: 'atScope()' }))
      atRegistry.push(a.name ?? '');
    // At or above the registry: the seeded subscription Owner assignment and the two registry assignments.
    expect(atRegistry).toHaveLength(3);
    const atSubscription: string[] = [];
    for await (const a of auth.roleAssignments.listForSubscription({ filter: 'atScope()' }))
      atSubscription.push(a.name ?? '');
    expect(atSubscription).toHaveLength(1);
    const forPrincipal: string[] = [];
    for await (const a of auth.roleAssignments.listForSubscription({ filter: `principalId eq '${principalId}'` }))
      forPrincipal.push(a.name ?? '');
    expect(forPrincipal).toEqual(['66666666-6666-4666-8666-666666666666']);
    const deleted = await auth.roleAssignments.delete(registryId, '66666666-6666-4666-8666-666666666666');
    expect(deleted.name).toBe('66666666-6666-4666-8666-666666666666');
    const gone = await armRequest(
      emulator,
      'DELETE',
      `${registryId}/providers/Microsoft.Authorization/roleAssignments/66666666-6666-4666-8666-666666666666`,
      { apiVersion: '2022-04-01' },
    );
    expect(gone.status).toBe(204);
  });
});

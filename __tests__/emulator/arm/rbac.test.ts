import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { allowsAction, allowsDataAction, wildcardMatches } from '../../../emulator/src/arm/rbac.js';
import { findBuiltInRole } from '../../../emulator/src/arm/providers/authorization/builtinRoles.js';
import { armOptions, armRequest, credentialOf, startTestEmulator, type Emulator } from '../helpers/testEmulator.js';

const permissionsOf = (name: string) => [
  findBuiltInRole(name)?.permissions ?? { actions: [], notActions: [], dataActions: [], notDataActions: [] },
];

describe('RBAC', () => {
  it('matches ARM wildcards case-insensitively and honours notActions', () => {
    expect(wildcardMatches('*', 'Microsoft.ContainerRegistry/registries/write')).toBe(true);
    expect(wildcardMatches('*/read', 'Microsoft.Resources/subscriptions/resourceGroups/read')).toBe(true);
    expect(wildcardMatches('Microsoft.Authorization/*/Write', 'microsoft.authorization/roleAssignments/write')).toBe(
      true,
    );
    expect(wildcardMatches('Microsoft.Authorization/*', 'Microsoft.AuthorizationX/locks/read')).toBe(false);
    expect(allowsAction(permissionsOf('Contributor'), 'Microsoft.ContainerRegistry/registries/write')).toBe(true);
    expect(allowsAction(permissionsOf('Contributor'), 'Microsoft.Authorization/roleAssignments/write')).toBe(false);
    expect(allowsAction(permissionsOf('Owner'), 'Microsoft.Authorization/roleAssignments/write')).toBe(true);
    expect(allowsAction(permissionsOf('Reader'), 'Microsoft.ContainerRegistry/registries/write')).toBe(false);
    expect(allowsAction(permissionsOf('AcrPush'), 'Microsoft.ContainerRegistry/registries/push/write')).toBe(true);
    expect(
      allowsDataAction(
        permissionsOf('Container Registry Repository Writer'),
        'Microsoft.ContainerRegistry/registries/repositories/content/write',
      ),
    ).toBe(true);
    expect(
      allowsDataAction(
        permissionsOf('Container Registry Repository Reader'),
        'Microsoft.ContainerRegistry/registries/repositories/content/write',
      ),
    ).toBe(false);
  });

  describe('enforced on ARM requests', () => {
    let emulator: Emulator;
    beforeAll(async () => {
      emulator = await startTestEmulator({ rbac: true });
    });
    afterAll(() => emulator.stop());

    it("lets a Reader read but not write, with ARM's AuthorizationFailed message", async () => {
      const registry = emulator.registries()[0];
      if (!registry) throw new Error('no seeded registry');
      const reader = emulator.directory.upsert({
        clientId: '11111111-1111-4111-8111-111111111111',
        objectId: '22222222-2222-4222-8222-222222222222',
        displayName: 'reader',
        secrets: ['reader-secret'],
        federatedCredentials: [],
      });
      const assign = await armRequest(
        emulator,
        'PUT',
        `${registry.resourceId}/providers/Microsoft.Authorization/roleAssignments/33333333-3333-4333-8333-333333333333`,
        {
          apiVersion: '2022-04-01',
          body: {
            properties: {
              roleDefinitionId: `/subscriptions/${emulator.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
              principalId: reader.objectId,
            },
          },
        },
      );
      expect(assign.status).toBe(201);
      const acr = new ContainerRegistryManagementClient(
        credentialOf(emulator, reader.clientId),
        emulator.subscriptionId,
        armOptions(emulator),
      );
      await expect(acr.registries.get(registry.resourceGroup, registry.name)).resolves.toMatchObject({
        name: registry.name,
      });
      let error: { statusCode?: number; code?: string; message?: string } = {};
      try {
        await acr.registries.listCredentials(registry.resourceGroup, registry.name);
      } catch (err) {
        error = err as typeof error;
      }
      expect(error.statusCode).toBe(403);
      expect(error.code).toBe('AuthorizationFailed');
      expect(error.message).toBe(
        `The client '${reader.clientId}' with object id '${reader.objectId}' does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/listCredentials/action' over scope '${registry.resourceId}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
      // Reader at registry scope grants nothing on the resource group.
      await expect(
        armRequest(
          emulator,
          'GET',
          `/subscriptions/${emulator.subscriptionId}/resourcegroups/${registry.resourceGroup}`,
          {
            apiVersion: '2025-04-01',
            token: (await credentialOf(emulator, reader.clientId).getToken(`${emulator.arm.armUrl}/.default`)).token,
          },
        ),
      ).resolves.toMatchObject({ status: 403 });
    });

    it('lets the main principal (Owner of the subscription) do everything', async () => {
      const registry = emulator.registries()[0];
      const reply = await armRequest(emulator, 'POST', `${registry?.resourceId ?? ''}/listCredentials`, {
        apiVersion: '2025-11-01',
      });
      expect(reply.status).toBe(200);
    });
  });
});

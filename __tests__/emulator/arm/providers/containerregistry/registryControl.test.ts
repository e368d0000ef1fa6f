import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { scopesFromActions } from '../../../../../emulator/src/arm/providers/containerregistry/registryControl.js';
import type { RegistryControl } from '../../../../../emulator/src/shared/contract.js';
import {
  accessToken,
  armOptions,
  armRequest,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';

describe('RegistryControl from ARM state', () => {
  let emulator: Emulator;
  let acr: ContainerRegistryManagementClient;
  let control: RegistryControl;
  let registry: { name: string; resourceGroup: string; resourceId: string };
  const kubelet = '0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a';

  const assign = (name: string, roleGuid: string) =>
    armRequest(emulator, 'PUT', `${registry.resourceId}/providers/Microsoft.Authorization/roleAssignments/${name}`, {
      apiVersion: '2022-04-01',
      body: {
        properties: {
          roleDefinitionId: `/subscriptions/${emulator.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
          principalId: kubelet,
          principalType: 'ServicePrincipal',
        },
      },
    });

  beforeAll(async () => {
    emulator = await startTestEmulator();
    acr = new ContainerRegistryManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    registry = emulator.registries()[0] as typeof registry;
    control = emulator.dataPlanes.get(registry.name)?.control as RegistryControl;
  });
  afterAll(() => emulator.stop());

  it('reads admin credentials, anonymous pull and network access live from the registry', async () => {
    const listed = await acr.registries.listCredentials(registry.resourceGroup, registry.name);
    expect(control.adminCredentials()).toEqual({
      username: registry.name,
      passwords: listed.passwords?.map((p) => p.value),
    });
    expect(control.loginServer()).toBe(emulator.registries()[0]?.loginServer);
    expect(control.anonymousPullEnabled()).toBe(false);
    expect(control.publicNetworkAccessEnabled()).toBe(true);
    await acr.registries.update(
      registry.resourceGroup,
      registry.name,
      { adminUserEnabled: false, anonymousPullEnabled: true },
      FAST_POLL,
    );
    expect(control.adminCredentials()).toBeUndefined();
    expect(control.anonymousPullEnabled()).toBe(true);
    await acr.registries.update(
      registry.resourceGroup,
      registry.name,
      { networkRuleSet: { defaultAction: 'Deny', ipRules: [{ action: 'Allow', iPAddressOrRange: '10.0.0.0/8' }] } },
      FAST_POLL,
    );
    expect(control.publicNetworkAccessEnabled()).toBe(false);
    await acr.registries.update(
      registry.resourceGroup,
      registry.name,
      { networkRuleSet: { defaultAction: 'Deny', ipRules: [{ action: 'Allow', iPAddressOrRange: '127.0.0.0/8' }] } },
      FAST_POLL,
    );
    expect(control.publicNetworkAccessEnabled()).toBe(true);
    await acr.registries.update(
      registry.resourceGroup,
      registry.name,
      { publicNetworkAccess: 'Disabled', networkRuleSet: { defaultAction: 'Allow' } },
      FAST_POLL,
    );
    expect(control.publicNetworkAccessEnabled()).toBe(false);
    await acr.registries.update(registry.resourceGroup, registry.name, { publicNetworkAccess: 'Enabled' }, FAST_POLL);
  });

  it('verifies Entra tokens for the ACR audience, and ARM-audience tokens unless the policy disables them', async () => {
    const main = emulator.mainPrincipal();
    expect(control.verifyEntraToken(await accessToken(emulator, 'https://containerregistry.azure.net'))).toEqual({
      oid: main.objectId,
      tid: emulator.tenantId,
    });
    const armToken = await accessToken(emulator);
    expect(control.verifyEntraToken(armToken)).toEqual({ oid: main.objectId, tid: emulator.tenantId });
    await acr.registries.update(
      registry.resourceGroup,
      registry.name,
      { policies: { azureADAuthenticationAsArmPolicy: { status: 'disabled' } } },
      FAST_POLL,
    );
    expect(control.verifyEntraToken(armToken)).toBeUndefined();
    expect(control.verifyEntraToken('garbage')).toBeUndefined();
  });

  it('derives data-plane permissions from role assignments, legacy roles in legacy mode and ABAC roles in ABAC mode', async () => {
    expect(control.entraPermissions(kubelet)).toEqual({ pull: false, push: false, delete: false });
    await assign('1b1b1b1b-1b1b-4b1b-8b1b-1b1b1b1b1b1b', '7f951dda-4ed3-4680-a7ca-43fe172d538d'); // AcrPull
    expect(control.entraPermissions(kubelet)).toEqual({ pull: true, push: false, delete: false });
    await assign('2c2c2c2c-2c2c-4c2c-8c2c-2c2c2c2c2c2c', 'c2f4ef07-c644-48eb-af81-4b1b4947fb11'); // AcrDelete
    expect(control.entraPermissions(kubelet)).toEqual({ pull: true, push: false, delete: true });
    // The subscription Owner can do everything in legacy mode.
    expect(control.entraPermissions(emulator.mainPrincipal().objectId)).toEqual({
      pull: true,
      push: true,
      delete: true,
    });
    await acr.registries.update(
      registry.resourceGroup,
      registry.name,
      { roleAssignmentMode: 'AbacRepositoryPermissions' },
      FAST_POLL,
    );
    expect(control.entraPermissions(kubelet)).toEqual({ pull: false, push: false, delete: false });
    expect(control.entraPermissions(emulator.mainPrincipal().objectId)).toEqual({
      pull: false,
      push: false,
      delete: false,
    });
    await assign('3d3d3d3d-3d3d-4d3d-8d3d-3d3d3d3d3d3d', '2a1e307c-b015-4ebd-883e-5b7698a07328'); // Repository Writer
    expect(control.entraPermissions(kubelet)).toEqual({ pull: true, push: true, delete: false });
  });

  it('resolves repository-scoped tokens through their scope map', () => {
    const scopeMapId = `${registry.resourceId}/scopeMaps/appreaders`;
    emulator.arm.store.put(scopeMapId, 'Microsoft.ContainerRegistry/registries/scopeMaps', {
      id: scopeMapId,
      properties: {
        actions: [
          'repositories/app/content/read',
          'repositories/app/metadata/read',
          'repositories/base/*/content/write',
        ],
      },
    });
    const tokenId = `${registry.resourceId}/tokens/ci`;
    emulator.arm.store.put(
      tokenId,
      'Microsoft.ContainerRegistry/registries/tokens',
      { id: tokenId, properties: { scopeMapId, status: 'enabled' } },
      {
        passwords: [
          { name: 'password1', value: 'pw-1' },
          { name: 'password2', value: 'old', expiry: '2000-01-01T00:00:00Z' },
        ],
      },
    );
    expect(control.tokenScopes('ci', 'pw-1')).toEqual([
      { repository: 'app', actions: ['content/read', 'metadata/read'] },
      { repository: 'base/*', actions: ['content/write'] },
    ]);
    expect(control.tokenScopes('ci', 'old')).toBeUndefined();
    expect(control.tokenScopes('ci', 'wrong')).toBeUndefined();
    expect(control.tokenScopes('nobody', 'pw-1')).toBeUndefined();
    emulator.arm.store.update(tokenId, (t) => {
      t.body.properties = { scopeMapId, status: 'disabled' };
    });
    expect(control.tokenScopes('ci', 'pw-1')).toBeUndefined();
    expect(scopesFromActions(['repositories/x/content/admin', 'registry/read'])).toEqual([]);
  });
});

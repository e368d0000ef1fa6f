import type { ContainerGroup } from '@azure/arm-containerinstance';
import { recreateCommand, shellQuote } from '../../../../src/core/rewire/apps/containerinstance.js';
import type { AppContext } from '../../../../src/core/rewire/apps/model.js';

const context: AppContext = {
  from: 'myregistry.azurecr.io',
  to: 'myregistryweu.azurecr.io',
  targetId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myregistryweu',
  pullRole: { guid: 'g', name: 'AcrPull' },
  sourceName: 'myregistry',
  targetName: 'myregistryweu',
};

const ID = '/subscriptions/s/resourceGroups/rg-apps/providers/Microsoft.ContainerInstance/containerGroups/batch';

describe('shellQuote', () => {
  it('leaves plain words alone and single-quotes the rest, so nothing from Azure runs as shell', () => {
    expect(shellQuote('myregistry.azurecr.io/app:1')).toBe('myregistry.azurecr.io/app:1');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's $(rm -rf /)")).toBe(`'it'\\''s $(rm -rf /)'`);
    expect(shellQuote('<password>')).toBe("'<password>'");
  });
});

describe('recreateCommand', () => {
  it('pulls with the managed identity the group already uses, and assigns its identities again', () => {
    const group: ContainerGroup = {
      id: ID,
      location: 'westeurope',
      osType: 'Linux',
      containers: [
        {
          name: 'job',
          image: 'myregistry.azurecr.io/jobs/batch:3',
          resources: { requests: { cpu: 2, memoryInGB: 4 } },
          command: ['/bin/run', '--all'],
        },
      ],
      imageRegistryCredentials: [
        {
          server: 'myregistry.azurecr.io',
          identity:
            '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/pull',
        },
      ],
      identity: {
        type: 'SystemAssigned, UserAssigned',
        userAssignedIdentities: {
          '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/pull': {},
        },
      },
    };
    expect(recreateCommand(group, context)).toBe(
      'az container create --resource-group rg-apps --name batch --location westeurope --os-type Linux --image myregistryweu.azurecr.io/jobs/batch:3 --cpu 2 --memory 4 ' +
        "--command-line '/bin/run --all' --registry-login-server myregistryweu.azurecr.io " +
        '--acr-identity /subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/pull ' +
        "--assign-identity '[system]' /subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/pull",
    );
  });

  it('recreates a multi-container group from its exported YAML', () => {
    const container = {
      name: 'a',
      image: 'myregistry.azurecr.io/a:1',
      resources: { requests: { cpu: 1, memoryInGB: 1 } },
    };
    const group: ContainerGroup = { id: ID, osType: 'Linux', containers: [container, { ...container, name: 'b' }] };
    expect(recreateCommand(group, context).split('\n')).toEqual([
      'az container export --resource-group rg-apps --name batch --file batch.yaml',
      "sed -i 's#myregistry\\.azurecr\\.io/#myregistryweu.azurecr.io/#g' batch.yaml  # then fill in registry passwords and secure values",
      'az container create --resource-group rg-apps --file batch.yaml',
    ]);
  });
});

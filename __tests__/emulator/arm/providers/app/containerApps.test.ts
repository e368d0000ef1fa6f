import { ContainerAppsAPIClient } from '@azure/arm-appcontainers';
import {
  armOptions,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';
import { createResourceGroups } from '../../../helpers/armSetup.js';

const GROUP = 'rg-apps';

describe('Microsoft.App containerApps and managedEnvironments through @azure/arm-appcontainers 3', () => {
  let emulator: Emulator;
  let apps: ContainerAppsAPIClient;
  let environmentId = '';

  beforeAll(async () => {
    emulator = await startTestEmulator({ pageSize: 1 });
    apps = new ContainerAppsAPIClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    await createResourceGroups(emulator, [GROUP]);
  });
  afterAll(() => emulator.stop());

  it('creates a managed environment as a long-running operation', async () => {
    const environment = await apps.managedEnvironments.beginCreateOrUpdateAndWait(
      GROUP,
      'env-prod',
      { location: 'westeurope' },
      FAST_POLL,
    );
    expect(environment).toMatchObject({
      name: 'env-prod',
      provisioningState: 'Succeeded',
      defaultDomain: expect.stringMatching(/\.westeurope\.azurecontainerapps\.io$/),
    });
    environmentId = environment.id ?? '';
    const updated = await apps.managedEnvironments.beginUpdateAndWait(
      GROUP,
      'env-prod',
      { location: 'westeurope', tags: { tier: 'prod' } },
      FAST_POLL,
    );
    expect(updated.tags).toEqual({ tier: 'prod' });
    expect(updated.defaultDomain).toBe(environment.defaultDomain);
  });

  it('creates an app with registries (password secret and identity); secret values are only in listSecrets', async () => {
    const app = await apps.containerApps.beginCreateOrUpdateAndWait(
      GROUP,
      'shop-api',
      {
        location: 'westeurope',
        managedEnvironmentId: environmentId,
        configuration: {
          ingress: { external: true, targetPort: 8080 },
          secrets: [{ name: 'acr-password', value: 'p@ss' }],
          registries: [
            { server: 'sourceacr.azurecr.io', username: 'sourceacr', passwordSecretRef: 'acr-password' },
            { server: 'otheracr.azurecr.io', identity: 'system' },
          ],
        },
        template: {
          containers: [
            { name: 'api', image: 'sourceacr.azurecr.io/shop/api:2.0', resources: { cpu: 0.5, memory: '1Gi' } },
          ],
        },
      },
      FAST_POLL,
    );
    expect(app).toMatchObject({
      provisioningState: 'Succeeded',
      managedEnvironmentId: environmentId,
      latestRevisionName: expect.stringMatching(/^shop-api--[a-z0-9]{7}$/),
    });
    expect(app.template?.containers?.[0]?.image).toBe('sourceacr.azurecr.io/shop/api:2.0');
    expect(app.configuration?.registries).toEqual([
      { server: 'sourceacr.azurecr.io', username: 'sourceacr', passwordSecretRef: 'acr-password' },
      { server: 'otheracr.azurecr.io', identity: 'system' },
    ]);
    expect(app.configuration?.secrets).toEqual([{ name: 'acr-password' }]);
    expect(app.configuration?.ingress?.fqdn).toMatch(/^shop-api\./);
    expect((await apps.containerApps.listSecrets(GROUP, 'shop-api')).value).toEqual([
      { name: 'acr-password', value: 'p@ss' },
    ]);
  });

  it('PATCHes the image (202 + Location), keeping the rest and making a new revision', async () => {
    const before = await apps.containerApps.get(GROUP, 'shop-api');
    const after = await apps.containerApps.beginUpdateAndWait(
      GROUP,
      'shop-api',
      {
        location: 'westeurope',
        template: { containers: [{ name: 'api', image: 'targetacr.azurecr.io/shop/api:2.0' }] },
      },
      FAST_POLL,
    );
    expect(after.template?.containers?.[0]?.image).toBe('targetacr.azurecr.io/shop/api:2.0');
    expect(after.configuration?.registries?.[0]?.server).toBe('sourceacr.azurecr.io');
    expect(after.latestRevisionName).not.toBe(before.latestRevisionName);
    expect((await apps.containerApps.listSecrets(GROUP, 'shop-api')).value?.[0]?.value).toBe('p@ss');
    const patch = emulator.requests
      .list({ service: 'arm', method: 'PATCH' })
      .find((e) => e.path.includes('/containerApps/shop-api'));
    expect(patch?.status).toBe(202);
  });

  it('rejects a registry whose passwordSecretRef names no secret, and a missing environment', async () => {
    const base = {
      location: 'westeurope',
      managedEnvironmentId: environmentId,
      template: { containers: [{ name: 'c', image: 'x.azurecr.io/c:1' }] },
    };
    await expect(
      apps.containerApps.beginCreateOrUpdateAndWait(
        GROUP,
        'broken',
        {
          ...base,
          configuration: { registries: [{ server: 'x.azurecr.io', username: 'x', passwordSecretRef: 'missing' }] },
        },
        FAST_POLL,
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'ContainerAppSecretRefNotFound',
    });
    await expect(
      apps.containerApps.beginCreateOrUpdateAndWait(
        GROUP,
        'broken',
        { ...base, managedEnvironmentId: `${environmentId}x` },
        FAST_POLL,
      ),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('lists across pages and deletes apps and environments', async () => {
    await apps.containerApps.beginCreateOrUpdateAndWait(
      GROUP,
      'shop-web',
      {
        location: 'westeurope',
        environmentId,
        template: { containers: [{ name: 'web', image: 'sourceacr.azurecr.io/shop/web:1' }] },
      },
      FAST_POLL,
    );
    const names: string[] = [];
    for await (const app of apps.containerApps.listByResourceGroup(GROUP)) names.push(app.name ?? '');
    expect(names).toEqual(['shop-api', 'shop-web']);
    const all: string[] = [];
    for await (const app of apps.containerApps.listBySubscription()) all.push(app.name ?? '');
    expect(all).toEqual(['shop-api', 'shop-web']);
    await apps.containerApps.beginDeleteAndWait(GROUP, 'shop-web', FAST_POLL);
    await expect(apps.containerApps.get(GROUP, 'shop-web')).rejects.toMatchObject({ statusCode: 404 });
    await apps.containerApps.beginDeleteAndWait(GROUP, 'shop-api', FAST_POLL);
    await apps.managedEnvironments.beginDeleteAndWait(GROUP, 'env-prod', FAST_POLL);
    const environments: string[] = [];
    for await (const env of apps.managedEnvironments.listByResourceGroup(GROUP)) environments.push(env.name ?? '');
    expect(environments).toEqual([]);
  });
});

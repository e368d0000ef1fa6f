import { WebSiteManagementClient } from '@azure/arm-appservice';
import {
  armOptions,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';
import { createResourceGroups } from '../../../helpers/armSetup.js';

const GROUP = 'rg-web';

describe('Microsoft.Web sites through @azure/arm-appservice 19', () => {
  let emulator: Emulator;
  let web: WebSiteManagementClient;

  beforeAll(async () => {
    emulator = await startTestEmulator({ pageSize: 1 });
    web = new WebSiteManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    await createResourceGroups(emulator, [GROUP, 'rg-other']);
  });
  afterAll(() => emulator.stop());

  it('creates a Linux container app with its site config and app settings, and keeps settings out of GET', async () => {
    const site = await web.webApps.createOrUpdate(
      GROUP,
      'shop-web',
      {
        location: 'westeurope',
        kind: 'app,linux,container',
        identity: { type: 'SystemAssigned' },
        siteConfig: {
          linuxFxVersion: 'DOCKER|sourceacr.azurecr.io/shop/web:1.4',
          acrUseManagedIdentityCreds: true,
          appSettings: [
            { name: 'DOCKER_REGISTRY_SERVER_URL', value: 'https://sourceacr.azurecr.io' },
            { name: 'WEBSITES_PORT', value: '8080' },
          ],
        },
      },
      FAST_POLL,
    );
    expect(site).toMatchObject({
      name: 'shop-web',
      kind: 'app,linux,container',
      defaultHostName: 'shop-web.azurewebsites.net',
      state: 'Running',
      reserved: true,
    });
    expect(emulator.directory.byObjectId(site.identity?.principalId ?? '')).toBeDefined();
    const config = await web.webApps.getConfiguration(GROUP, 'shop-web');
    expect(config).toMatchObject({
      name: 'web',
      linuxFxVersion: 'DOCKER|sourceacr.azurecr.io/shop/web:1.4',
      acrUseManagedIdentityCreds: true,
    });
    const settings = await web.webApps.listApplicationSettings(GROUP, 'shop-web');
    expect(settings.properties).toEqual({
      DOCKER_REGISTRY_SERVER_URL: 'https://sourceacr.azurecr.io',
      WEBSITES_PORT: '8080',
    });
    const fetched = await web.webApps.get(GROUP, 'shop-web');
    expect(JSON.stringify(fetched)).not.toContain('sourceacr.azurecr.io/shop');
  });

  it('rewires the image: PATCH config/web keeps other values, PUT config/web resets to defaults, PUT appsettings replaces all', async () => {
    const patched = await web.webApps.updateConfiguration(GROUP, 'shop-web', {
      linuxFxVersion: 'DOCKER|targetacr.azurecr.io/shop/web:1.4',
    });
    expect(patched).toMatchObject({
      linuxFxVersion: 'DOCKER|targetacr.azurecr.io/shop/web:1.4',
      acrUseManagedIdentityCreds: true,
    });
    const replaced = await web.webApps.createOrUpdateConfiguration(GROUP, 'shop-web', {
      linuxFxVersion: 'DOCKER|targetacr.azurecr.io/shop/web:1.5',
    });
    expect(replaced).toMatchObject({
      linuxFxVersion: 'DOCKER|targetacr.azurecr.io/shop/web:1.5',
      acrUseManagedIdentityCreds: false,
      numberOfWorkers: 1,
    });
    const settings = await web.webApps.updateApplicationSettings(GROUP, 'shop-web', {
      properties: { DOCKER_REGISTRY_SERVER_URL: 'https://targetacr.azurecr.io' },
    });
    expect(settings.properties).toEqual({ DOCKER_REGISTRY_SERVER_URL: 'https://targetacr.azurecr.io' });
    expect((await web.webApps.listApplicationSettings(GROUP, 'shop-web')).properties).toEqual({
      DOCKER_REGISTRY_SERVER_URL: 'https://targetacr.azurecr.io',
    });
  });

  it('updates the site (PATCH), lists across pages, and refuses a host name taken elsewhere', async () => {
    const updated = await web.webApps.update(GROUP, 'shop-web', { httpsOnly: true });
    expect(updated.httpsOnly).toBe(true);
    await web.webApps.createOrUpdate(GROUP, 'shop-api', { location: 'westeurope', kind: 'app,linux' }, FAST_POLL);
    const names: string[] = [];
    for await (const site of web.webApps.listByResourceGroup(GROUP)) names.push(site.name ?? '');
    expect(names).toEqual(['shop-web', 'shop-api']);
    const all: string[] = [];
    for await (const site of web.webApps.list()) all.push(site.name ?? '');
    expect(all).toHaveLength(2);
    await expect(
      web.webApps.createOrUpdate('rg-other', 'shop-web', { location: 'westeurope' }, FAST_POLL),
    ).rejects.toMatchObject({ statusCode: 409, code: 'Conflict' });
  });

  it('deletes a site with its configuration', async () => {
    await web.webApps.delete(GROUP, 'shop-api');
    await expect(web.webApps.get(GROUP, 'shop-api')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
    await expect(web.webApps.getConfiguration(GROUP, 'shop-api')).rejects.toMatchObject({ statusCode: 404 });
    expect(
      emulator.arm.store.get(
        `/subscriptions/${emulator.subscriptionId}/resourceGroups/${GROUP}/providers/Microsoft.Web/sites/shop-api/config/web`,
      ),
    ).toBeUndefined();
  });
});

/**
 * rewire-consumers re-pointing apps, observed through the emulator's own APIs: the Web App's
 * linuxFxVersion and DOCKER_REGISTRY_SERVER_URL, Container Apps' images and registries (with the
 * managed identity pull configuration and its grant), Container Instances left as they are with the
 * command that recreates them.
 */
import { ContainerAppsAPIClient } from '@azure/arm-appcontainers';
import { WebSiteManagementClient } from '@azure/arm-appservice';
import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import {
  CONSUMER_RESOURCE_GROUP,
  CONTAINER_APP_NAME,
  WEB_APP_NAME,
} from '../../../emulator/src/seed/scenario-consumers.js';
import { roleAssignmentName } from '../../../src/core/rewire/access/names.js';
import { armOptions } from '../../emulator/helpers/testEmulator.js';
import { GROUP_NAME, IDENTITY_APP, startRewireWorld, type RewireWorld } from '../rewire/support/world.js';

const ACR_PULL = '7f951dda-4ed3-4680-a7ca-43fe172d538d';

let world: RewireWorld;
let web: WebSiteManagementClient;
let apps: ContainerAppsAPIClient;
beforeAll(async () => {
  world = await startRewireWorld();
  web = new WebSiteManagementClient(world.credential, world.emulator.subscriptionId, armOptions(world.emulator));
  apps = new ContainerAppsAPIClient(world.credential, world.emulator.subscriptionId, armOptions(world.emulator));
}, 60_000);
afterAll(() => world?.stop());

const appWrites = () =>
  world.emulator.requests
    .list({ service: 'arm' })
    .filter((r) => ['PUT', 'PATCH'].includes(r.method) && /Microsoft\.(Web|App|ContainerInstance)\//.test(r.path));

it('without update-apps, lists the apps and leaves them alone', async () => {
  world.emulator.requests.clear();
  const run = await world.run({});
  expect(run.failure).toBeUndefined();
  expect(appWrites()).toEqual([]);
  expect(run.outputs['apps-updated']).toBe('0');
  expect(run.summary).toContain(
    `| Web App | ${WEB_APP_NAME} | DOCKER\\|${world.source.loginServer}/team/app/api:1.1.0,`,
  );
  expect(run.summary).toMatch(new RegExp(`\\| Container App \\| ${CONTAINER_APP_NAME} \\| .* \\| listed \\|`));
});

it('with update-apps, points the Web App at the target (image and registry URL), keeping its other settings', async () => {
  const run = await world.run({ 'update-apps': 'true' });
  expect(run.failure).toBeUndefined();
  expect(run.outputs['apps-updated']).toBe('3');
  const config = await web.webApps.getConfiguration(CONSUMER_RESOURCE_GROUP, WEB_APP_NAME);
  expect(config.linuxFxVersion).toBe(`DOCKER|${world.target.loginServer}/team/app/api:1.1.0`);
  expect(config.acrUseManagedIdentityCreds).toBe(true);
  const settings = await web.webApps.listApplicationSettings(CONSUMER_RESOURCE_GROUP, WEB_APP_NAME);
  expect(settings.properties).toEqual({
    DOCKER_REGISTRY_SERVER_URL: `https://${world.target.loginServer}`,
    WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'false',
  });
  const site = await web.webApps.get(CONSUMER_RESOURCE_GROUP, WEB_APP_NAME);
  const name = roleAssignmentName(world.target.id, site.identity?.principalId ?? '', ACR_PULL);
  await expect(world.authorization.roleAssignments.get(world.target.id.slice(1), name)).resolves.toMatchObject({
    principalType: 'ServicePrincipal',
  });
});

it('moves the password-pulling Container App to its (new) system identity with pull on the target', async () => {
  const app = await apps.containerApps.get(CONSUMER_RESOURCE_GROUP, CONTAINER_APP_NAME);
  expect(app.template?.containers?.map((c) => c.image)).toEqual([`${world.target.loginServer}/team/app/worker:2.0.0`]);
  expect(app.configuration?.registries).toEqual([{ server: world.target.loginServer, identity: 'system' }]);
  expect(app.identity?.type).toBe('SystemAssigned');
  expect(app.template?.scale).toMatchObject({ minReplicas: 1, maxReplicas: 3 });
  const name = roleAssignmentName(world.target.id, app.identity?.principalId ?? '', ACR_PULL);
  await expect(world.authorization.roleAssignments.get(world.target.id.slice(1), name)).resolves.toBeDefined();
});

it('keeps the identity a Container App already pulled with', async () => {
  const app = await apps.containerApps.get(CONSUMER_RESOURCE_GROUP, IDENTITY_APP);
  expect(app.template?.containers?.map((c) => c.image)).toEqual([`${world.target.loginServer}/team/app/api:1.1.0`]);
  expect(app.configuration?.registries).toEqual([{ server: world.target.loginServer, identity: 'system' }]);
  const name = roleAssignmentName(world.target.id, app.identity?.principalId ?? '', ACR_PULL);
  await expect(world.authorization.roleAssignments.get(world.target.id.slice(1), name)).resolves.toBeDefined();
});

it('leaves Container Instances as they are and gives the exact command that recreates them', async () => {
  const aci = new ContainerInstanceManagementClient(
    world.credential,
    world.emulator.subscriptionId,
    armOptions(world.emulator),
  );
  const group = await aci.containerGroups.get(CONSUMER_RESOURCE_GROUP, GROUP_NAME);
  expect(group.containers[0]?.image).toBe(`${world.source.loginServer}/team/app/worker:2.0.0`);
  const run = await world.run({ 'update-apps': 'true', 'dry-run': 'true' });
  expect(run.summary).toContain(
    [
      `az container create --resource-group ${CONSUMER_RESOURCE_GROUP} --name ${GROUP_NAME} --location westeurope --os-type Linux`,
      `--restart-policy OnFailure --image ${world.target.loginServer}/team/app/worker:2.0.0 --cpu 1 --memory 1.5 --ports 80 --protocol TCP`,
      `--environment-variables 'MODE=nightly run'\\''s batch' --secure-environment-variables 'API_KEY=<secure-value>'`,
      `--ip-address Public --dns-name-label relocation-batch --registry-login-server ${world.target.loginServer}`,
      `--registry-username ${world.target.name} --registry-password '<target-registry-password>'`,
    ].join(' '),
  );
  expect(run.summary).toMatch(new RegExp(`\\| Container Instance \\| ${GROUP_NAME} \\| .* \\| manual \\|`));
  expect(run.summary).not.toContain('secure-api-key-value');
});

it('a second run finds the apps already re-pointed and changes nothing', async () => {
  world.emulator.requests.clear();
  const run = await world.run({ 'update-apps': 'true' });
  expect(run.failure).toBeUndefined();
  expect(appWrites()).toEqual([]);
  expect(run.outputs).toMatchObject({ 'apps-updated': '0', 'role-assignments-created': '0' });
  expect(run.summary).toContain(
    `| Web App | ${WEB_APP_NAME} | ${world.source.loginServer}/team/app/api:1.1.0 | no reference to the source | unchanged |`,
  );
});

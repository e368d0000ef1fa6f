/**
 * The 'consumers' scenario through the SDKs a relocation's rewire stage uses: AKS, role assignments,
 * App Service, Container Apps, diagnostic settings and management locks — and the lock option.
 */
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { WebSiteManagementClient } from '@azure/arm-appservice';
import { ContainerAppsAPIClient } from '@azure/arm-appcontainers';
import { MonitorClient } from '@azure/arm-monitor';
import { ManagementLockClient } from '@azure/arm-locks';
import { getManifest, listRepositories } from '../../../src/core/oci/index.js';
import {
  ACR_PULL,
  ACR_PUSH,
  CI_PRINCIPAL,
  CONSUMER_RESOURCE_GROUP,
  CONTAINER_APP_NAME,
  DIAGNOSTIC_SETTING_NAME,
  LOCK_NAME,
  WEB_APP_NAME,
} from '../../../emulator/src/seed/scenario-consumers.js';
import { armOptions, credentialOf, FAST_POLL, startTestEmulator, type Emulator } from '../helpers/testEmulator.js';
import { authorizationClient, collect, registryClient, sourceClient, sourceInfo } from './scenarios-harness.js';

/** `<login server>/<repository>:<tag>` → repository and tag, checking the login server is the source's. */
function imageIn(reference: string, loginServer: string): { repository: string; tag: string } {
  expect(reference.startsWith(`${loginServer}/`)).toBe(true);
  const [repository = '', tag = ''] = reference.slice(loginServer.length + 1).split(':');
  return { repository, tag };
}

async function locksOnSource(emulator: Emulator) {
  const locks = new ManagementLockClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
  return collect(locks.managementLocks.listByScope(sourceInfo(emulator).resourceId));
}

describe("seed scenario 'small,consumers:lock'", () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startTestEmulator({ scenarios: ['small,consumers:lock'] });
  });
  afterAll(() => emulator.stop());

  it('shares one source registry between the scenarios', () => {
    expect(emulator.connectionInfo().registries.map((r) => r.name)).toEqual([sourceInfo(emulator).name]);
  });

  it('gives both AKS kubelet identities AcrPull and the CI principal AcrPush at the registry scope', async () => {
    const aks = new ContainerServiceClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    const clusters = await collect(aks.managedClusters.listByResourceGroup(CONSUMER_RESOURCE_GROUP));
    expect(clusters).toHaveLength(2);
    const scope = sourceInfo(emulator).resourceId;
    const assignments = await collect(authorizationClient(emulator).roleAssignments.listForScope(scope));
    const roleOf = (principalId: string) =>
      assignments
        .filter((a) => a.principalId === principalId && a.scope?.toLowerCase() === scope.toLowerCase())
        .map((a) => a.roleDefinitionId?.split('/').pop());
    for (const cluster of clusters) {
      const kubelet = cluster.identityProfile?.['kubeletidentity']?.objectId ?? '';
      expect(roleOf(kubelet)).toEqual([ACR_PULL]);
    }
    const pushers = assignments.filter((a) => a.roleDefinitionId?.endsWith(ACR_PUSH));
    expect(pushers).toHaveLength(1);
    const ci = emulator.directory.byObjectId(pushers[0]?.principalId ?? '');
    expect(ci).toMatchObject({ displayName: CI_PRINCIPAL, secrets: [expect.any(String)] });
  });

  it('runs a Web App from the source with its identity (AcrPull) and DOCKER_REGISTRY_SERVER_URL', async () => {
    const web = new WebSiteManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    const { loginServer } = sourceInfo(emulator);
    const config = await web.webApps.getConfiguration(CONSUMER_RESOURCE_GROUP, WEB_APP_NAME);
    expect(config.linuxFxVersion?.startsWith('DOCKER|')).toBe(true);
    const { repository, tag } = imageIn(config.linuxFxVersion?.slice('DOCKER|'.length) ?? '', loginServer);
    await expect(getManifest(sourceClient(emulator), repository, tag)).resolves.toBeDefined();
    const settings = await web.webApps.listApplicationSettings(CONSUMER_RESOURCE_GROUP, WEB_APP_NAME);
    expect(settings.properties?.DOCKER_REGISTRY_SERVER_URL).toBe(`https://${loginServer}`);
    const site = await web.webApps.get(CONSUMER_RESOURCE_GROUP, WEB_APP_NAME);
    const assignments = await collect(
      authorizationClient(emulator).roleAssignments.listForScope(sourceInfo(emulator).resourceId),
    );
    expect(
      assignments.some((a) => a.principalId === site.identity?.principalId && a.roleDefinitionId?.endsWith(ACR_PULL)),
    ).toBe(true);
  });

  it('runs a Container App whose image and registries[] name the source', async () => {
    const apps = new ContainerAppsAPIClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    const { loginServer, adminUser } = sourceInfo(emulator);
    const app = await apps.containerApps.get(CONSUMER_RESOURCE_GROUP, CONTAINER_APP_NAME);
    expect(app.configuration?.registries).toEqual([
      expect.objectContaining({ server: loginServer, username: adminUser, passwordSecretRef: 'registry-password' }),
    ]);
    const image = app.template?.containers?.[0]?.image ?? '';
    const { repository, tag } = imageIn(image, loginServer);
    await expect(getManifest(sourceClient(emulator), repository, tag)).resolves.toBeDefined();
  });

  it('sends the source to Log Analytics and locks it against deletion', async () => {
    const monitor = new MonitorClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    const settings = await monitor.diagnosticSettings.list(sourceInfo(emulator).resourceId);
    expect(settings.value?.map((s) => s.name)).toEqual([DIAGNOSTIC_SETTING_NAME]);
    expect((await locksOnSource(emulator)).map((l) => [l.name, l.level])).toEqual([[LOCK_NAME, 'CanNotDelete']]);
    const { name, resourceGroup } = sourceInfo(emulator);
    await expect(
      registryClient(emulator).registries.beginDeleteAndWait(resourceGroup, name, FAST_POLL),
    ).rejects.toMatchObject({
      code: 'ScopeLocked',
    });
  });
});

describe("seed scenario 'consumers' alone", () => {
  it('creates the source, writes the images its apps run, leaves it unlocked, and is deterministic', async () => {
    const [emulator, twin] = await Promise.all([
      startTestEmulator({ scenarios: ['consumers'] }),
      startTestEmulator({ scenarios: ['consumers'] }),
    ]);
    try {
      expect(emulator.connectionInfo().registries).toHaveLength(1);
      expect(await listRepositories(sourceClient(emulator))).toEqual(['team/app/api', 'team/app/worker']);
      expect(await locksOnSource(emulator)).toEqual([]);
      const assignmentNames = async (of: Emulator) =>
        (await collect(authorizationClient(of).roleAssignments.listForScope(sourceInfo(of).resourceId)))
          .map((a) => `${a.name ?? ''} ${a.principalId ?? ''}`)
          .sort();
      const names = await assignmentNames(emulator);
      expect(names).toHaveLength(5); // two kubelets, the CI principal, the web app — and the main principal's Owner above
      expect(await assignmentNames(twin)).toEqual(names);
    } finally {
      await Promise.all([emulator.stop(), twin.stop()]);
    }
  });
});

import type { ContainerAppsAPIClient } from '@azure/arm-appcontainers';
import type { WebSiteManagementClient } from '@azure/arm-appservice';
import type { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { RelocationError } from '../errors.js';
import type { AksConsumer, AppConsumer, RoleAssignmentRecord } from '../plan/model.js';
import { PULL_ROLES } from './access-reader.js';
import { azureCall, collect } from './errors.js';

/** A place to look for consumers: a whole subscription, or one resource group in it. */
export interface ConsumerScope {
  subscriptionId: string;
  resourceGroup?: string;
}

export function parseConsumerScope(value: string): ConsumerScope {
  const match = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?\/?$/i.exec(value.trim());
  if (!match) {
    throw new RelocationError(
      'INPUT_INVALID',
      `consumer-scope "${value}" is neither a subscription nor a resource group id.`,
      'Use /subscriptions/<id> or /subscriptions/<id>/resourceGroups/<name>.',
    );
  }
  return { subscriptionId: match[1], resourceGroup: match[2] };
}

export interface ConsumerClients {
  aks: ContainerServiceClient;
  web: WebSiteManagementClient;
  containerApps: ContainerAppsAPIClient;
  containerInstances: ContainerInstanceManagementClient;
}

/** True when an image reference names the registry by its login server (exact host match, any case). */
export function namesRegistry(image: string, loginServer: string): boolean {
  const host = image.trim().split('/')[0].toLowerCase();
  return image.includes('/') && host === loginServer.toLowerCase();
}

/** Image references in an App Service linuxFxVersion / windowsFxVersion ("DOCKER|host/repo:tag"). */
export function imageOfFxVersion(fx: string | undefined): string | undefined {
  const match = /^DOCKER\|(.+)$/i.exec(fx ?? '');
  return match?.[1];
}

function resourceGroupOf(id: string | undefined): string {
  return /\/resourceGroups\/([^/]+)/i.exec(id ?? '')?.[1] ?? '';
}

export async function findAksConsumers(
  clients: ConsumerClients,
  scope: ConsumerScope,
  pullAssignments: readonly RoleAssignmentRecord[],
): Promise<AksConsumer[]> {
  const pager = scope.resourceGroup
    ? clients.aks.managedClusters.listByResourceGroup(scope.resourceGroup)
    : clients.aks.managedClusters.list();
  const clusters = await collect(`Listing AKS clusters in ${scopeLabel(scope)}`, pager);
  const consumers: AksConsumer[] = [];
  for (const cluster of clusters) {
    const kubeletObjectId = cluster.identityProfile?.kubeletidentity?.objectId;
    const grants = pullAssignments.filter(
      (a) => kubeletObjectId && a.principalId === kubeletObjectId && PULL_ROLES.has(a.roleName ?? ''),
    );
    if (grants.length > 0)
      consumers.push({
        id: cluster.id ?? '',
        name: cluster.name ?? '',
        kubeletObjectId,
        roleAssignmentIds: grants.map((g) => g.id),
      });
  }
  return consumers;
}

export async function findAppConsumers(
  clients: ConsumerClients,
  scope: ConsumerScope,
  loginServer: string,
): Promise<AppConsumer[]> {
  const found: AppConsumer[] = [];
  const label = scopeLabel(scope);
  const rg = scope.resourceGroup;
  const sites = await collect(
    `Listing web apps in ${label}`,
    rg ? clients.web.webApps.listByResourceGroup(rg) : clients.web.webApps.list(),
  );
  for (const site of sites) {
    const siteRg = resourceGroupOf(site.id);
    const name = site.name ?? '';
    const config = await azureCall(`Reading the configuration of web app ${name}`, () =>
      clients.web.webApps.getConfiguration(siteRg, name),
    );
    const settings = await azureCall(`Reading the app settings of web app ${name}`, () =>
      clients.web.webApps.listApplicationSettings(siteRg, name),
    );
    const images = [imageOfFxVersion(config.linuxFxVersion), imageOfFxVersion(config.windowsFxVersion)].filter(
      (i): i is string => !!i && namesRegistry(i, loginServer),
    );
    const serverUrl = settings.properties?.DOCKER_REGISTRY_SERVER_URL ?? '';
    const namesServer =
      serverUrl
        .replace(/^https?:\/\//i, '')
        .replace(/\/$/, '')
        .toLowerCase() === loginServer.toLowerCase();
    if (images.length > 0 || namesServer) found.push({ kind: 'webapp', id: site.id ?? '', name, images });
  }
  const apps = await collect(
    `Listing container apps in ${label}`,
    rg
      ? clients.containerApps.containerApps.listByResourceGroup(rg)
      : clients.containerApps.containerApps.listBySubscription(),
  );
  for (const app of apps) {
    const images = [...(app.template?.containers ?? []), ...(app.template?.initContainers ?? [])]
      .map((c) => c.image ?? '')
      .filter((i) => namesRegistry(i, loginServer));
    const registries = (app.configuration?.registries ?? []).filter(
      (r) => (r.server ?? '').toLowerCase() === loginServer.toLowerCase(),
    );
    if (images.length > 0 || registries.length > 0)
      found.push({ kind: 'containerapp', id: app.id ?? '', name: app.name ?? '', images });
  }
  const groups = await collect(
    `Listing container instances in ${label}`,
    rg
      ? clients.containerInstances.containerGroups.listByResourceGroup(rg)
      : clients.containerInstances.containerGroups.list(),
  );
  for (const group of groups) {
    const images = [...(group.containers ?? []), ...(group.initContainers ?? [])]
      .map((c) => c.image ?? '')
      .filter((i) => namesRegistry(i, loginServer));
    if (images.length > 0)
      found.push({ kind: 'containerinstance', id: group.id ?? '', name: group.name ?? '', images });
  }
  return found;
}

function scopeLabel(scope: ConsumerScope): string {
  return scope.resourceGroup ? `resource group ${scope.resourceGroup}` : `subscription ${scope.subscriptionId}`;
}

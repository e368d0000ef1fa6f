/**
 * App Service / Functions: the image lives in siteConfig.linuxFxVersion (or windowsFxVersion) as
 * `DOCKER|<server>/<image>:<tag>`, the registry in the DOCKER_REGISTRY_SERVER_URL app setting (and,
 * on older apps, DOCKER_CUSTOM_IMAGE_NAME). App settings are replaced as a whole dictionary, so they
 * are read, changed and written back together; their values (passwords among them) are never logged.
 */
import type { SiteConfigResource, WebSiteManagementClient } from '@azure/arm-appservice';
import { azureCall, azureCallOrMissing } from '../../azure/errors.js';
import type { AppConsumer } from '../../plan/model.js';
import { replaceHost } from '../files/references.js';
import type { ConsumerRow } from '../model.js';
import {
  principalOfIdentity,
  pullGrant,
  resourceGroupAndName,
  NOTHING_LEFT,
  type AppContext,
  type AppInspection,
} from './model.js';

const IMAGE_SETTINGS = ['DOCKER_REGISTRY_SERVER_URL', 'DOCKER_CUSTOM_IMAGE_NAME'];

type FxField = 'linuxFxVersion' | 'windowsFxVersion';

interface WebAppChanges {
  config: Partial<Record<FxField, string>>;
  settings?: Record<string, string>;
  before: string[];
  after: string[];
}

function changesOf(config: SiteConfigResource, settings: Record<string, string>, context: AppContext): WebAppChanges {
  const changes: WebAppChanges = { config: {}, before: [], after: [] };
  for (const field of ['linuxFxVersion', 'windowsFxVersion'] as const) {
    const value = config[field];
    const next = value ? replaceHost(value, context.from, context.to) : undefined;
    if (value && next) {
      changes.config[field] = next;
      changes.before.push(value);
      changes.after.push(next);
    }
  }
  for (const name of IMAGE_SETTINGS) {
    const value = settings[name];
    const next = value ? replaceHost(value, context.from, context.to) : undefined;
    if (value && next) {
      changes.settings = { ...(changes.settings ?? settings), [name]: next };
      changes.before.push(`${name}=${value}`);
      changes.after.push(`${name}=${next}`);
    }
  }
  return changes;
}

function credentialNote(config: SiteConfigResource, settings: Record<string, string>): string | undefined {
  if (config.acrUseManagedIdentityCreds || !settings.DOCKER_REGISTRY_SERVER_USERNAME) return undefined;
  return "Pulls with a user name and password (DOCKER_REGISTRY_SERVER_USERNAME/PASSWORD): set the target's credentials, or switch to managed identity (acrUseManagedIdentityCreds).";
}

export async function inspectWebApp(
  web: WebSiteManagementClient,
  app: AppConsumer,
  context: AppContext,
): Promise<AppInspection> {
  const { resourceGroup, name } = resourceGroupAndName(app.id);
  const row: ConsumerRow = {
    kind: 'Web App',
    name: app.name,
    before: app.images.join(', '),
    after: '',
    status: 'unchanged',
  };
  const site = await azureCallOrMissing(`Reading web app ${name}`, () => web.webApps.get(resourceGroup, name));
  if (!site) return { row: { ...row, status: 'skipped', note: 'The app no longer exists.' }, grants: [] };
  const config = await azureCall(`Reading the configuration of web app ${name}`, () =>
    web.webApps.getConfiguration(resourceGroup, name),
  );
  const settings =
    (
      await azureCall(`Reading the app settings of web app ${name}`, () =>
        web.webApps.listApplicationSettings(resourceGroup, name),
      )
    ).properties ?? {};
  const changes = changesOf(config, settings, context);
  const grants = [];
  if (config.acrUseManagedIdentityCreds) {
    const clientId = config.acrUserManagedIdentityID;
    const user = Object.entries(site.identity?.userAssignedIdentities ?? {}).find(
      ([, v]) => clientId && v.clientId === clientId,
    );
    const principal = principalOfIdentity(site.identity, user?.[0]);
    if (principal) grants.push(pullGrant(context, principal, `Web App ${app.name} (managed identity)`));
  }
  const note = credentialNote(config, settings);
  if (changes.before.length === 0) return { row: { ...row, ...NOTHING_LEFT, ...(note ? { note } : {}) }, grants };
  const apply = async () => {
    if (Object.keys(changes.config).length > 0) {
      await azureCall(`Updating the configuration of web app ${name}`, () =>
        web.webApps.updateConfiguration(resourceGroup, name, changes.config),
      );
    }
    if (changes.settings) {
      const properties = changes.settings;
      await azureCall(`Updating the app settings of web app ${name}`, () =>
        web.webApps.updateApplicationSettings(resourceGroup, name, { properties }),
      );
    }
  };
  const updated = {
    ...row,
    before: changes.before.join(', '),
    after: changes.after.join(', '),
    ...(note ? { note } : {}),
  };
  return { row: updated, grants, apply };
}

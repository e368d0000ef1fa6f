/**
 * A site's configuration resources: sites/{name}/config/web (SiteConfigResource: GET, PUT replaces
 * with App Service's defaults, PATCH merges; linuxFxVersion "DOCKER|server/image:tag",
 * acrUseManagedIdentityCreds, acrUserManagedIdentityID) and sites/{name}/config/appsettings (PUT
 * replaces the whole dictionary, POST …/appsettings/list reads it: settings are secrets, so they are
 * kept out of the site's GET and out of exported templates).
 */
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { bodyOf, itemPath, objectOf, requireTracked } from '../tracked/resource.js';
import { SITES } from './names.js';

const CONFIG_TYPE = 'Microsoft.Web/sites/config';

/** What config/web holds for a new site (the values App Service reports for a fresh Linux app). */
const DEFAULT_SITE_CONFIG: Record<string, unknown> = {
  numberOfWorkers: 1,
  netFrameworkVersion: 'v4.0',
  linuxFxVersion: '',
  windowsFxVersion: null,
  requestTracingEnabled: false,
  httpLoggingEnabled: false,
  detailedErrorLoggingEnabled: false,
  use32BitWorkerProcess: true,
  webSocketsEnabled: false,
  alwaysOn: false,
  http20Enabled: true,
  minTlsVersion: '1.2',
  ftpsState: 'FtpsOnly',
  acrUseManagedIdentityCreds: false,
  acrUserManagedIdentityID: null,
  appSettings: null,
  connectionStrings: null,
};

export function siteConfigRoutes(): ArmRoute[] {
  const web = `${itemPath(SITES)}/config/web`;
  const settings = `${itemPath(SITES)}/config/appsettings`;
  return [
    {
      method: 'GET',
      path: web,
      resourceType: 'sites/config',
      handle: (req, ctx) => ({ status: 200, body: webConfig(req, ctx) }),
    },
    { method: 'PUT', path: web, resourceType: 'sites/config', handle: (req, ctx) => writeWebConfig(req, ctx, false) },
    { method: 'PATCH', path: web, resourceType: 'sites/config', handle: (req, ctx) => writeWebConfig(req, ctx, true) },
    {
      method: 'PUT',
      path: settings,
      resourceType: 'sites/config',
      handle: (req, ctx) => {
        const site = requireTracked(req, ctx, SITES);
        const values = objectOf(bodyOf(req).properties);
        return {
          status: 200,
          body: putAppSettings(
            ctx,
            site.id,
            Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])),
          ),
        };
      },
    },
    {
      method: 'POST',
      path: `${settings}/list`,
      resourceType: 'sites/config',
      handle: (req, ctx) => ({ status: 200, body: appSettingsResource(ctx, requireTracked(req, ctx, SITES).id) }),
    },
  ];
}

function webConfig(req: ArmRequest, ctx: ArmContext): Record<string, unknown> {
  const site = requireTracked(req, ctx, SITES);
  return (
    ctx.store.get(`${site.id}/config/web`)?.body ?? configBody(site.id, String(site.body.location), DEFAULT_SITE_CONFIG)
  );
}

function writeWebConfig(req: ArmRequest, ctx: ArmContext, merge: boolean): ArmResponse {
  const site = requireTracked(req, ctx, SITES);
  const { appSettings: _ignored, ...properties } = objectOf(bodyOf(req).properties);
  return { status: 200, body: putWebConfig(ctx, site.id, properties, merge) };
}

/** Writes config/web: PUT starts from App Service's defaults, PATCH (`merge`) keeps what is not given. */
export function putWebConfig(
  ctx: ArmContext,
  siteId: string,
  properties: Record<string, unknown>,
  merge: boolean,
): Record<string, unknown> {
  const id = `${siteId}/config/web`;
  const base = merge
    ? { ...DEFAULT_SITE_CONFIG, ...objectOf(ctx.store.get(id)?.body.properties) }
    : DEFAULT_SITE_CONFIG;
  const location = String(ctx.store.get(siteId)?.body.location ?? '');
  const body = configBody(siteId, location, { ...base, ...properties, appSettings: null });
  ctx.store.put(id, CONFIG_TYPE, body);
  return body;
}

function configBody(siteId: string, location: string, properties: Record<string, unknown>): Record<string, unknown> {
  return { id: `${siteId}/config/web`, name: 'web', type: CONFIG_TYPE, location, properties };
}

/** Replaces the app settings (kept with the site, never in the resource list). */
export function putAppSettings(
  ctx: ArmContext,
  siteId: string,
  settings: Record<string, string>,
): Record<string, unknown> {
  ctx.store.update(siteId, (site) => {
    site.internal = { ...site.internal, appSettings: settings };
  });
  return appSettingsResource(ctx, siteId);
}

function appSettingsResource(ctx: ArmContext, siteId: string): Record<string, unknown> {
  const site = ctx.store.get(siteId);
  const settings = (site?.internal.appSettings ?? {}) as Record<string, string>;
  return {
    id: `${siteId}/config/appsettings`,
    name: 'appsettings',
    type: CONFIG_TYPE,
    location: String(site?.body.location ?? ''),
    properties: settings,
  };
}

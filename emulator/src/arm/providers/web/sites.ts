/**
 * Microsoft.Web/sites (App Service / Functions) as @azure/arm-appservice 19 drives it: PUT create or
 * update and PATCH answer 200 synchronously (the SDK's poller accepts a final 200), GET, list by
 * resource group and subscription, DELETE 200 (204 when absent). Site names are global host names
 * ({name}.azurewebsites.net): a name taken anywhere is 409 Conflict. properties.siteConfig given on
 * PUT feeds config/web, and siteConfig.appSettings the app settings (see siteConfig.ts); GET on the
 * site, as App Service does, does not return app settings.
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import {
  bodyOf,
  groupOf,
  objectOf,
  requireTracked,
  systemAssignedIdentity,
  systemData,
  trackedId,
  trackedPut,
  trackedRoutes,
} from '../tracked/resource.js';
import { putAppSettings, putWebConfig } from './siteConfig.js';
import { SITES, SITE_TYPE } from './names.js';

const NAMING = {
  pattern: /^[a-zA-Z0-9][-a-zA-Z0-9]{0,58}$/,
  rule: 'The name can contain only letters, numbers and hyphens, and be 2 to 60 characters long.',
};

export function siteRoutes(): ArmRoute[] {
  return trackedRoutes(SITES, {
    create: createOrUpdate,
    update,
    // App Service deletes synchronously: 200, or 204 when there is nothing to delete.
    remove: (req, ctx) => {
      groupOf(req, ctx);
      const existing = ctx.store.get(trackedId(req, SITES));
      if (!existing) return { status: 204 };
      ctx.store.deleteTree(existing.id);
      return { status: 200 };
    },
  });
}

function createOrUpdate(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const { name, input, location, id, existing } = trackedPut(req, ctx, SITES, NAMING);
  const taken = ctx.store
    .list({ type: SITE_TYPE })
    .find((s) => s.id.toLowerCase() !== id.toLowerCase() && String(s.body.name).toLowerCase() === name.toLowerCase());
  if (taken) throw new ArmError(409, 'Conflict', `Website with given name ${name} already exists.`);
  const props = objectOf(input.properties);
  const kind = typeof input.kind === 'string' ? input.kind : props.reserved ? 'app,linux' : 'app';
  const body = siteBody(req, ctx, id, name, location, kind, input, props, existing?.body);
  ctx.store.put(id, SITE_TYPE, body, existing?.internal ?? {});
  const siteConfig = objectOf(props.siteConfig);
  const { appSettings, ...config } = siteConfig;
  if (!existing || Object.keys(config).length > 0) putWebConfig(ctx, id, config, false);
  if (Array.isArray(appSettings)) {
    putAppSettings(
      ctx,
      id,
      Object.fromEntries(appSettings.map(objectOf).map((s) => [String(s.name), String(s.value ?? '')])),
    );
  }
  return { status: 200, body };
}

function update(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const existing = requireTracked(req, ctx, SITES);
  const input = bodyOf(req);
  const props = { ...objectOf(existing.body.properties), ...objectOf(input.properties) };
  const body = siteBody(
    req,
    ctx,
    existing.id,
    String(existing.body.name),
    String(existing.body.location),
    String(input.kind ?? existing.body.kind),
    { ...existing.body, ...input },
    props,
    existing.body,
  );
  ctx.store.put(existing.id, SITE_TYPE, body);
  const { appSettings: _ignored, ...config } = objectOf(objectOf(input.properties).siteConfig);
  if (Object.keys(config).length > 0) putWebConfig(ctx, existing.id, config, true);
  return { status: 200, body };
}

function siteBody(
  req: ArmRequest,
  ctx: ArmContext,
  id: string,
  name: string,
  location: string,
  kind: string,
  input: Record<string, unknown>,
  props: Record<string, unknown>,
  existing: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const host = `${name.toLowerCase()}.azurewebsites.net`;
  const { siteConfig: _siteConfig, ...settable } = props;
  return {
    id,
    name,
    type: SITE_TYPE,
    kind,
    location,
    ...(input.tags ? { tags: input.tags } : {}),
    ...(input.identity ? { identity: systemAssignedIdentity(ctx, id, input.identity, 'site-identity') } : {}),
    systemData: systemData(req, existing, new Date().toISOString()),
    properties: {
      state: 'Running',
      enabled: true,
      httpsOnly: false,
      reserved: kind.includes('linux'),
      ...settable,
      hostNames: [host],
      enabledHostNames: [host, `${name.toLowerCase()}.scm.azurewebsites.net`],
      defaultHostName: host,
      usageState: 'Normal',
      availabilityState: 'Normal',
      resourceGroup: id.split('/')[4],
      lastModifiedTimeUtc: new Date().toISOString(),
      // App Service returns a mostly empty siteConfig on the site itself; config/web holds the values.
      siteConfig: { numberOfWorkers: 1, linuxFxVersion: '', acrUseManagedIdentityCreds: false, appSettings: null },
    },
  };
}

/**
 * Microsoft.Insights/diagnosticSettings, an extension resource at any scope:
 * {scope}/providers/Microsoft.Insights/diagnosticSettings/{name} — PUT (200), GET, DELETE (200, 204
 * when absent) and list at the scope ({ value: [...] }, not paged, as Azure Monitor answers). A setting
 * needs a destination (workspaceId, storageAccountId, eventHubAuthorizationRuleId or
 * marketplacePartnerId); on a container registry the log categories and category groups are ACR's.
 * Azure Monitor's own errors are the bare { code, message } shape of its ErrorResponse.
 */
import { requireScopeExists } from '../authorization/roleAssignments.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { bodyOf, objectOf } from '../tracked/resource.js';

export const DIAGNOSTIC_SETTING_TYPE = 'Microsoft.Insights/diagnosticSettings';
const BASE = '{*scope}/providers/Microsoft.Insights/diagnosticSettings';
const DESTINATIONS = [
  'workspaceId',
  'storageAccountId',
  'eventHubAuthorizationRuleId',
  'marketplacePartnerId',
] as const;

/** Categories per resource type (lowercase); other types accept any category. */
const CATEGORIES: Record<string, { logs: string[]; groups: string[]; metrics: string[] }> = {
  'microsoft.containerregistry/registries': {
    logs: ['ContainerRegistryRepositoryEvents', 'ContainerRegistryLoginEvents'],
    groups: ['allLogs', 'audit'],
    metrics: ['AllMetrics'],
  },
};

export function diagnosticSettingRoutes(): ArmRoute[] {
  return [
    { method: 'PUT', path: `${BASE}/{name}`, resourceType: 'diagnosticSettings', handle: createOrUpdate },
    {
      method: 'GET',
      path: `${BASE}/{name}`,
      resourceType: 'diagnosticSettings',
      handle: (req, ctx) => {
        const found = ctx.store.get(settingId(req));
        return found
          ? { status: 200, body: found.body }
          : monitorError(404, 'ResourceNotFound', `The diagnostic setting '${req.params.name ?? ''}' doesn't exist.`);
      },
    },
    {
      method: 'DELETE',
      path: `${BASE}/{name}`,
      resourceType: 'diagnosticSettings',
      handle: (req, ctx) => {
        const found = ctx.store.get(settingId(req));
        if (!found) return { status: 204 };
        ctx.store.deleteTree(found.id);
        return { status: 200 };
      },
    },
    {
      method: 'GET',
      path: BASE,
      resourceType: 'diagnosticSettings',
      handle: (req, ctx) => {
        requireScopeExists(ctx, scopeOf(req));
        const prefix = `${scopeOf(req)}/providers/Microsoft.Insights/diagnosticSettings/`.toLowerCase();
        const value = ctx.store
          .list({ type: DIAGNOSTIC_SETTING_TYPE })
          .filter((s) => s.id.toLowerCase().startsWith(prefix) && !s.id.slice(prefix.length).includes('/'));
        return { status: 200, body: { value: value.map((s) => s.body) } };
      },
    },
  ];
}

function scopeOf(req: ArmRequest): string {
  return req.params.scope === '/' ? '' : (req.params.scope ?? '');
}

function settingId(req: ArmRequest): string {
  return `${scopeOf(req)}/providers/microsoft.insights/diagnosticSettings/${req.params.name ?? ''}`;
}

export function monitorError(status: number, code: string, message: string): ArmResponse {
  return { status, body: { code, message } };
}

function createOrUpdate(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const scope = scopeOf(req);
  requireScopeExists(ctx, scope);
  const props = objectOf(bodyOf(req).properties);
  if (!DESTINATIONS.some((key) => typeof props[key] === 'string' && props[key] !== '')) {
    return monitorError(
      400,
      'BadRequest',
      'At least one destination must be specified: a Log Analytics workspace, a storage account, an event hub or a partner solution.',
    );
  }
  const logs = Array.isArray(props.logs) ? props.logs.map(objectOf) : [];
  const metrics = Array.isArray(props.metrics) ? props.metrics.map(objectOf) : [];
  const rejected = unsupportedCategory(ctx.store.get(scope)?.type, logs, metrics);
  if (rejected) return monitorError(400, 'BadRequest', `Category '${rejected}' is not supported.`);
  const id = settingId(req);
  const body = {
    id,
    name: req.params.name ?? '',
    type: DIAGNOSTIC_SETTING_TYPE,
    properties: {
      ...props,
      logs: logs.map((log) => ({
        enabled: false,
        retentionPolicy: { enabled: false, days: 0 },
        ...log,
        category: log.category ?? null,
        categoryGroup: log.categoryGroup ?? null,
      })),
      metrics: metrics.map((metric) => ({
        enabled: false,
        retentionPolicy: { enabled: false, days: 0 },
        ...metric,
        timeGrain: metric.timeGrain ?? null,
      })),
    },
  };
  ctx.store.put(id, DIAGNOSTIC_SETTING_TYPE, body);
  return { status: 200, body };
}

function unsupportedCategory(
  scopeType: string | undefined,
  logs: Record<string, unknown>[],
  metrics: Record<string, unknown>[],
): string | undefined {
  const known = CATEGORIES[(scopeType ?? '').toLowerCase()];
  if (!known) return undefined;
  const lower = (list: string[]) => list.map((x) => x.toLowerCase());
  for (const log of logs) {
    if (typeof log.category === 'string' && !lower(known.logs).includes(log.category.toLowerCase()))
      return log.category;
    if (typeof log.categoryGroup === 'string' && !lower(known.groups).includes(log.categoryGroup.toLowerCase()))
      return log.categoryGroup;
  }
  const metric = metrics.find(
    (m) => typeof m.category === 'string' && !lower(known.metrics).includes(m.category.toLowerCase()),
  );
  return metric ? String(metric.category) : undefined;
}

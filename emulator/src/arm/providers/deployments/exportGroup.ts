/**
 * POST /subscriptions/{s}/resourcegroups/{rg}/exportTemplate (ResourceGroups_ExportTemplate): a
 * template of the group's resources — top-level ones and their child resources (each child depends on
 * its parent through resourceId()), not extension resources (role assignments, locks, diagnostic
 * settings) nor ARM's own types, as the portal's export leaves those out. Names become parameters
 * `{type}_{name}_name` (ARM's naming) unless options say SkipResourceNameParameterization or
 * SkipAllParameterization; IncludeParameterDefaultValue puts the current names in as defaultValue.
 * Read-only properties are dropped and app settings are never exported, so the template redeploys.
 * Answered as a long-running operation (202 + Location), as ARM does.
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmProvider, ArmRequest } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import { latestApiVersion } from './apiVersionOf.js';

/** Properties resource providers compute and never accept back. */
const READ_ONLY = new Set(
  [
    'provisioningState',
    'creationDate',
    'loginServer',
    'status',
    'dataEndpointHostNames',
    'privateEndpointConnections',
    'fqdn',
    'azurePortalFQDN',
    'powerState',
    'currentKubernetesVersion',
    'identityProfile',
    'maxAgentPools',
    'hostNames',
    'enabledHostNames',
    'defaultHostName',
    'usageState',
    'availabilityState',
    'lastModifiedTimeUtc',
    'resourceGroup',
    'latestRevisionName',
    'latestReadyRevisionName',
    'latestRevisionFqdn',
    'runningStatus',
    'customDomainVerificationId',
    'outboundIpAddresses',
    'instanceView',
    'defaultDomain',
    'staticIp',
    'createdOn',
    'updatedOn',
    'createdBy',
    'updatedBy',
    'environmentId',
  ].map((p) => p.toLowerCase()),
);

/** Read-only values inside settable objects (dotted paths under properties). */
const READ_ONLY_PATHS = [
  'policies.retentionPolicy.lastUpdatedTime',
  'encryption.keyVaultProperties.lastKeyRotationTimestamp',
  'encryption.keyVaultProperties.versionedKeyIdentifier',
  'encryption.keyVaultProperties.keyRotationEnabled',
];

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

export function exportGroupTemplate(
  ctx: ArmContext,
  req: ArmRequest,
  group: StoredResource,
  providers: readonly ArmProvider[],
): Record<string, unknown> {
  const body = (req.body ?? {}) as { resources?: unknown; options?: unknown; outputFormat?: unknown };
  if (body.outputFormat !== undefined && String(body.outputFormat).toLowerCase() !== 'json') {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      `The export output format '${String(body.outputFormat)}' is not supported by the emulator (only Json).`,
    );
  }
  const wanted = Array.isArray(body.resources) ? body.resources.map(String) : ['*'];
  const options = String(body.options ?? '')
    .split(',')
    .map((o) => o.trim().toLowerCase());
  const parameterize =
    !options.includes('skipresourcenameparameterization') && !options.includes('skipallparameterization');
  const withDefaults = options.includes('includeparameterdefaultvalue');
  const groupDepth = group.id.split('/').length;
  const exportable = ctx.store
    .list({ under: group.id })
    .filter(
      (r) =>
        r.id !== group.id &&
        !/^Microsoft\.(Resources|Authorization)\//i.test(r.type) &&
        r.id.toLowerCase().indexOf('/providers/', group.id.length + 11) < 0,
    )
    .filter(
      (r) =>
        wanted.includes('*') ||
        wanted.some(
          (w) => r.id.toLowerCase() === w.toLowerCase() || r.id.toLowerCase().startsWith(`${w.toLowerCase()}/`),
        ),
    );
  const parameters: Record<string, unknown> = {};
  const nameExpression = new Map<string, string>();
  const resources: Record<string, unknown>[] = [];
  const skipped: { code: string; message: string; target: string }[] = [];
  for (const resource of exportable) {
    const segments = resource.id.split('/').slice(groupDepth + 2);
    const names = segments.filter((_, i) => i % 2 === 1);
    const apiVersion = latestApiVersion(providers, resource.type);
    if (!apiVersion) {
      skipped.push({
        code: 'ExportTemplateProviderError',
        message: `Could not get resources of the type '${resource.type}'. Resources of this type will not be exported.`,
        target: resource.id,
      });
      continue;
    }
    const topId = resource.id
      .split('/')
      .slice(0, groupDepth + 4)
      .join('/');
    const topName = names[0] ?? '';
    const topType = resource.type.split('/').slice(0, 2).join('/');
    if (parameterize && !nameExpression.has(topId)) {
      const parameter = `${topType.split('/')[1] ?? 'resource'}_${topName}_name`.replace(/[^A-Za-z0-9_]/g, '_');
      parameters[parameter] = { type: 'String', ...(withDefaults ? { defaultValue: topName } : {}) };
      nameExpression.set(topId, `parameters('${parameter}')`);
    }
    const base = nameExpression.get(topId);
    const name = base
      ? names.length === 1
        ? `[${base}]`
        : `[concat(${base}, '/${names.slice(1).join('/')}')]`
      : names.join('/');
    const parentType = resource.type.split('/').slice(0, -1).join('/');
    const dependsOn =
      names.length > 1
        ? [
            `[resourceId('${parentType}', ${[base ?? `'${topName}'`, ...names.slice(1, -1).map((n) => `'${n}'`)].join(', ')})]`,
          ]
        : [];
    resources.push({
      type: resource.type,
      apiVersion,
      name,
      ...(escapeLiterals(exportedBody(resource)) as Record<string, unknown>),
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
    });
  }
  const template = { $schema: SCHEMA, contentVersion: '1.0.0.0', parameters, variables: {}, resources };
  return {
    template,
    ...(skipped.length > 0
      ? {
          error: {
            code: 'ExportTemplateCompletedWithErrors',
            message:
              'Export template operation completed with errors. Some resources were not exported. Please see details for more information.',
            details: skipped,
          },
        }
      : {}),
  };
}

/** The writable part of a resource: location, tags, sku, kind, identity type, properties without read-only values. */
function exportedBody(resource: StoredResource): Record<string, unknown> {
  const { location, tags, sku, kind, identity, properties, zones } = resource.body as Record<string, unknown>;
  const identityType = (identity as { type?: unknown } | undefined)?.type;
  return {
    ...(location !== undefined ? { location } : {}),
    ...(tags !== undefined ? { tags } : {}),
    ...(sku !== undefined ? { sku } : {}),
    ...(kind !== undefined ? { kind } : {}),
    ...(zones !== undefined ? { zones } : {}),
    ...(identityType !== undefined
      ? {
          identity: {
            type: identityType,
            ...((identity as { userAssignedIdentities?: unknown }).userAssignedIdentities
              ? {
                  userAssignedIdentities: Object.fromEntries(
                    Object.keys((identity as { userAssignedIdentities: object }).userAssignedIdentities).map((k) => [
                      k,
                      {},
                    ]),
                  ),
                }
              : {}),
          },
        }
      : {}),
    ...(properties !== undefined ? { properties: withoutReadOnly(properties) } : {}),
  };
}

/** Values that look like expressions ("[x]") are written '[[x]' so a redeploy reads them as text. */
function escapeLiterals(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith('[') && value.endsWith(']') ? `[${value}` : value;
  if (Array.isArray(value)) return value.map(escapeLiterals);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [
      escapeLiterals(key) as string,
      escapeLiterals(item),
    ]),
  );
}

/** Top-level read-only properties go; nested objects (policies, profiles) are settable as a whole. */
function withoutReadOnly(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const kept = structuredClone(
    Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter(([key]) => !READ_ONLY.has(key.toLowerCase())),
    ),
  );
  for (const path of READ_ONLY_PATHS) {
    const keys = path.split('.');
    const parent = keys
      .slice(0, -1)
      .reduce<unknown>(
        (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
        kept,
      );
    if (typeof parent === 'object' && parent !== null)
      delete (parent as Record<string, unknown>)[keys[keys.length - 1] as string];
  }
  return kept;
}

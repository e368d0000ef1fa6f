/**
 * Microsoft.Network/privateEndpoints/privateDnsZoneGroups: PUT (201/200 + Azure-AsyncOperation),
 * GET, list, DELETE (202). Each config names a private DNS zone that must exist (else 400
 * InvalidResourceReference); Azure then keeps an A record in it for every name of the endpoint the
 * zone overrides (zone `privatelink.azurecr.io` overrides names under `azurecr.io`: the registry and
 * its data endpoints), and reports them as the config's recordSets. The records go with the group.
 */
import { resourceNotFound } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import { bodyOf, groupOf, itemPath, objectOf, trackedId, validateName } from '../tracked/resource.js';
import {
  DNS_ZONE_TYPE,
  invalidReference,
  listOf,
  nameOf,
  newEtag,
  parentNotFound,
  PRIVATE_ENDPOINTS,
  startDelete,
  startWrite,
  stringOf,
  ZONE_GROUP_TYPE,
} from './model.js';
import { removeRecords, writeARecord } from './privateDnsZones.js';

const GROUPS_PATH = `${itemPath(PRIVATE_ENDPOINTS)}/privateDnsZoneGroups`;
const NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_])?$/;
const TYPE = 'privateEndpoints/privateDnsZoneGroups';
/** A private link zone overrides the public names under the zone name without this label. */
const PRIVATE_LINK_LABEL = 'privatelink.';

interface GroupInternal {
  records?: string[];
}

export function privateDnsZoneGroupRoutes(): ArmRoute[] {
  return [
    { method: 'PUT', path: `${GROUPS_PATH}/{privateDnsZoneGroupName}`, resourceType: TYPE, handle: createOrUpdate },
    {
      method: 'GET',
      path: `${GROUPS_PATH}/{privateDnsZoneGroupName}`,
      resourceType: TYPE,
      handle: (req, ctx) => {
        const group = ctx.store.get(
          `${requireEndpoint(req, ctx).id}/privateDnsZoneGroups/${req.params.privateDnsZoneGroupName ?? ''}`,
        );
        if (!group)
          throw resourceNotFound(
            ZONE_GROUP_TYPE,
            req.params.privateDnsZoneGroupName ?? '',
            req.params.resourceGroupName ?? '',
          );
        return { status: 200, body: group.body };
      },
    },
    {
      method: 'GET',
      path: GROUPS_PATH,
      resourceType: TYPE,
      handle: (req, ctx) => ({
        status: 200,
        body: ctx.page(
          ctx.store.list({ type: ZONE_GROUP_TYPE, under: requireEndpoint(req, ctx).id }).map((g) => g.body),
          req,
        ),
      }),
    },
    {
      method: 'DELETE',
      path: `${GROUPS_PATH}/{privateDnsZoneGroupName}`,
      resourceType: TYPE,
      handle: (req, ctx) => {
        const endpoint = requireEndpoint(req, ctx);
        const id = `${endpoint.id}/privateDnsZoneGroups/${req.params.privateDnsZoneGroupName ?? ''}`;
        return startDelete(req, ctx, id, String(endpoint.body.location));
      },
    },
  ];
}

function requireEndpoint(req: ArmRequest, ctx: ArmContext): StoredResource {
  groupOf(req, ctx);
  const id = trackedId(req, PRIVATE_ENDPOINTS);
  const endpoint = ctx.store.get(id);
  if (endpoint) return endpoint;
  if (req.method === 'PUT') throw parentNotFound(TYPE, id, req.method);
  throw resourceNotFound(
    `${PRIVATE_ENDPOINTS.namespace}/privateEndpoints`,
    nameOf(id),
    req.params.resourceGroupName ?? '',
  );
}

function createOrUpdate(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const endpoint = requireEndpoint(req, ctx);
  const name = req.params.privateDnsZoneGroupName ?? '';
  validateName(
    name,
    NAME,
    ZONE_GROUP_TYPE,
    'The name must be 1 to 80 characters of letters, numbers, underscores, periods or hyphens.',
  );
  const id = `${endpoint.id}/privateDnsZoneGroups/${name}`;
  const configs = listOf(objectOf(bodyOf(req).properties).privateDnsZoneConfigs).map((config) => {
    const zoneId = stringOf(objectOf(config.properties).privateDnsZoneId) ?? '';
    const zone = ctx.store.get(zoneId);
    if (zone?.type !== DNS_ZONE_TYPE) throw invalidReference(zoneId, id);
    return { name: stringOf(config.name) ?? nameOf(zone.id).replace(/\./g, '-'), zone };
  });
  const existing = ctx.store.get(id);
  const written: string[] = [];
  const dns = listOf(objectOf(endpoint.body.properties).customDnsConfigs);
  const privateDnsZoneConfigs = configs.map(({ name: configName, zone }) => {
    const recordSets = recordsFor(String(zone.body.name), dns).map(({ recordName, fqdn, ipAddresses }) => {
      written.push(writeARecord(ctx, zone.id, recordName, ipAddresses, existing?.id ?? id));
      return { recordType: 'A', recordSetName: recordName, fqdn, ttl: 10, ipAddresses, provisioningState: 'Succeeded' };
    });
    return { name: configName, properties: { privateDnsZoneId: zone.id, recordSets } };
  });
  const previous = ((existing?.internal ?? {}) as GroupInternal).records ?? [];
  const kept = new Set(written.map((r) => r.toLowerCase()));
  removeRecords(
    ctx,
    previous.filter((r) => !kept.has(r.toLowerCase())),
    existing?.id ?? id,
  );
  return startWrite({
    req,
    ctx,
    id: existing?.id ?? id,
    type: ZONE_GROUP_TYPE,
    body: { id: existing?.id ?? id, name, etag: newEtag(), properties: { privateDnsZoneConfigs } },
    created: !existing,
    location: String(endpoint.body.location),
    internal: { records: written } satisfies GroupInternal,
  });
}

/** The endpoint's names the zone overrides, as record names relative to the zone. */
function recordsFor(
  zoneName: string,
  dns: readonly Record<string, unknown>[],
): { recordName: string; fqdn: string; ipAddresses: string[] }[] {
  const lower = zoneName.toLowerCase();
  const suffix = lower.startsWith(PRIVATE_LINK_LABEL) ? lower.slice(PRIVATE_LINK_LABEL.length) : lower;
  return dns.flatMap((config) => {
    const fqdn = String(config.fqdn ?? '').toLowerCase();
    if (!fqdn.endsWith(`.${suffix}`)) return [];
    const recordName = fqdn.slice(0, -(suffix.length + 1));
    const ipAddresses = Array.isArray(config.ipAddresses) ? config.ipAddresses.map(String) : [];
    return [{ recordName, fqdn: `${recordName}.${lower}`, ipAddresses }];
  });
}

/** What a deleted zone group leaves behind: the A records it wrote. */
export function releaseZoneGroup(ctx: ArmContext, group: StoredResource): void {
  removeRecords(ctx, (group.internal as GroupInternal).records ?? [], group.id);
}

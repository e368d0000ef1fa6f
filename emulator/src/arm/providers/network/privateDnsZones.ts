/**
 * Microsoft.Network/privateDnsZones (location 'global'): PUT (202 with Azure-AsyncOperation and
 * Location, as the private DNS service answers), GET, list by resource group and subscription,
 * DELETE (202, with its record sets). A records are written by private endpoints' DNS zone groups
 * (privateDnsZoneGroups.ts) and readable at `{zone}/A/{name}` and `{zone}/A`; the zone counts them
 * (plus its SOA record) in numberOfRecordSets.
 */
import { randomUUID } from 'node:crypto';
import { ArmError, resourceNotFound } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import {
  bodyOf,
  groupOf,
  itemPath,
  objectOf,
  requireTracked,
  trackedId,
  trackedRoutes,
  validateName,
} from '../tracked/resource.js';
import { A_RECORD_TYPE, deleteTrackedResource, DNS_ZONE_TYPE, DNS_ZONES, newEtag, startWrite } from './model.js';

/** At least two labels of letters, digits and hyphens (a private zone cannot be a single label). */
const ZONE_NAME =
  /^(?=.{1,253}$)([a-zA-Z0-9_](?:[a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?\.)+[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const RECORD_TTL_SECONDS = 10;

export function privateDnsZoneRoutes(): ArmRoute[] {
  return [
    ...trackedRoutes(DNS_ZONES, {
      create: createOrUpdate,
      remove: (req, ctx) => deleteTrackedResource(req, ctx, DNS_ZONES),
    }),
    {
      method: 'GET',
      path: `${itemPath(DNS_ZONES)}/A/{relativeRecordSetName}`,
      resourceType: 'privateDnsZones/A',
      handle: (req, ctx) => {
        const zone = requireTracked(req, ctx, DNS_ZONES);
        const record = ctx.store.get(`${zone.id}/A/${req.params.relativeRecordSetName ?? ''}`);
        if (!record)
          throw resourceNotFound(
            A_RECORD_TYPE,
            `${String(zone.body.name)}/${req.params.relativeRecordSetName ?? ''}`,
            req.params.resourceGroupName ?? '',
          );
        return { status: 200, body: record.body };
      },
    },
    {
      method: 'GET',
      path: `${itemPath(DNS_ZONES)}/A`,
      resourceType: 'privateDnsZones/A',
      handle: (req, ctx) => {
        const zone = requireTracked(req, ctx, DNS_ZONES);
        return {
          status: 200,
          body: ctx.page(
            ctx.store.list({ type: A_RECORD_TYPE, under: zone.id }).map((r) => r.body),
            req,
          ),
        };
      },
    },
  ];
}

function createOrUpdate(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const name = req.params.privateZoneName ?? '';
  validateName(
    name,
    ZONE_NAME,
    DNS_ZONE_TYPE,
    'A private DNS zone name must have at least two labels of letters, digits and hyphens.',
  );
  groupOf(req, ctx);
  const input = bodyOf(req);
  if (typeof input.location === 'string' && input.location.toLowerCase() !== 'global') {
    throw new ArmError(
      400,
      'LocationNotAvailableForResourceType',
      `The provided location '${input.location}' is not available for resource type '${DNS_ZONE_TYPE}'. List of available regions for the resource type is 'global'.`,
    );
  }
  const existing = ctx.store.get(trackedId(req, DNS_ZONES));
  const id = existing?.id ?? trackedId(req, DNS_ZONES);
  const previous = objectOf(existing?.body.properties);
  const body: Record<string, unknown> = {
    id,
    name,
    type: DNS_ZONE_TYPE,
    etag: randomUUID(),
    location: 'global',
    ...(input.tags ? { tags: input.tags } : {}),
    properties: {
      maxNumberOfRecordSets: 25000,
      maxNumberOfVirtualNetworkLinks: 1000,
      maxNumberOfVirtualNetworkLinksWithRegistration: 100,
      numberOfRecordSets: recordCount(ctx, id),
      numberOfVirtualNetworkLinks: 0,
      numberOfVirtualNetworkLinksWithRegistration: 0,
      internalId: previous.internalId ?? Buffer.from(randomUUID()).toString('base64'),
    },
  };
  return startWrite({
    req,
    ctx,
    id,
    type: DNS_ZONE_TYPE,
    body,
    created: !existing,
    location: 'global',
    initialStatus: 202,
    headers: 'both',
  });
}

/** Record sets of the zone: its SOA record and the A records written into it. */
function recordCount(ctx: ArmContext, zoneId: string): number {
  return 1 + ctx.store.list({ type: A_RECORD_TYPE, under: zoneId }).length;
}

function refreshCount(ctx: ArmContext, zoneId: string): void {
  ctx.store.update(zoneId, (r) => {
    r.body = {
      ...r.body,
      properties: { ...objectOf(r.body.properties), numberOfRecordSets: recordCount(ctx, zoneId) },
    };
  });
}

/** Writes (or replaces) an A record set; `owner` is the zone group that wrote it. Returns its id. */
export function writeARecord(
  ctx: ArmContext,
  zoneId: string,
  name: string,
  addresses: string[],
  owner: string,
): string {
  const id = `${zoneId}/A/${name}`;
  const zoneName = zoneId.split('/').pop() ?? '';
  ctx.store.put(
    id,
    A_RECORD_TYPE,
    {
      id,
      name,
      type: A_RECORD_TYPE,
      etag: newEtag(),
      properties: {
        fqdn: `${name}.${zoneName}.`,
        ttl: RECORD_TTL_SECONDS,
        aRecords: addresses.map((ipv4Address) => ({ ipv4Address })),
        isAutoRegistered: false,
      },
    },
    { owner },
  );
  refreshCount(ctx, zoneId);
  return id;
}

/** Removes the record sets `owner` wrote (another group may have rewritten one since). */
export function removeRecords(ctx: ArmContext, recordIds: readonly string[], owner: string): void {
  for (const id of recordIds) {
    const record = ctx.store.get(id);
    if (!record || String(record.internal.owner).toLowerCase() !== owner.toLowerCase()) continue;
    ctx.store.deleteTree(record.id);
    refreshCount(ctx, id.split('/').slice(0, -2).join('/'));
  }
}

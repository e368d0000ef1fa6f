import { normalizeRegion } from '../azure/subscription-reader.js';
import type { Check, CopyMode, RegistrySettings } from '../plan/model.js';
import { serverImportCheck } from './copy-mode.js';

/** Everything prepare gathered that the prerequisite checks judge. Pure data: checks never call Azure. */
export interface CheckFacts {
  source: { id: string; name: string; location: string; tenantId?: string; settings: RegistrySettings };
  target: { id: string; name: string; location: string; sku: string; tenantId?: string; resourceGroup: string };
  relocationId: string;
  /** checkNameAvailability answer; undefined when the target already exists in the given resource group. */
  nameAvailability?: { nameAvailable: boolean; reason?: string; message?: string };
  /** The registry found at the target's resource id, when one exists. */
  existingTarget?: { tags: Record<string, string>; location: string };
  /** Regions of the subscription: name -> whether it has availability zones. */
  regions: ReadonlyMap<string, boolean>;
  /** Regions where Microsoft.ContainerRegistry/registries is offered (normalised names). */
  registryRegions: ReadonlySet<string>;
  replicationLocations: readonly string[];
  privateEndpointCount: number;
  encryptionKey?: string;
  /**
   * The subnets of the source's private endpoints (and any other source subnet subnet-map names), each
   * with its mapped target subnet (if any), whether that exists, the region of its VNet, and why its
   * existence could not be established (permission denied).
   */
  subnets: ReadonlyArray<{
    source: string;
    target?: string;
    targetExists: boolean;
    targetLocation?: string;
    targetUnreadable?: string;
  }>;
  /** Private endpoints of the source that could not be read (so their subnets are unknown), with why. */
  unreadableEndpoints: ReadonlyArray<{ id: string; reason: string }>;
  /** Images (tags) whose index has more than 50 manifests in its closure. */
  oversizedImages: readonly string[];
  schema1Manifests: readonly string[];
  locks: ReadonlyArray<{ name: string; level: string }>;
  /** Tags with attributes of their own, as "repository:tag (writeEnabled=false)". */
  tagAttributes: readonly string[];
  /** How import-artifacts is to copy: the server-side checks apply to server mode only. */
  copyMode: CopyMode;
}

export const RELOCATION_TAG = 'acr-relocation';
const NAME_PATTERN = /^[a-zA-Z0-9]{5,50}$/;

type CheckFn = (facts: CheckFacts) => Check | undefined;
const pass = (id: string, message: string): Check => ({ id, status: 'pass', message });
const warn = (id: string, message: string, hint: string): Check => ({ id, status: 'warn', message, hint });
const fail = (id: string, message: string, hint: string): Check => ({ id, status: 'fail', message, hint });

const targetName: CheckFn = ({ target, source }) => {
  if (!NAME_PATTERN.test(target.name)) {
    return fail(
      'target-name-valid',
      `Target name "${target.name}" is not 5-50 letters and digits.`,
      'Registry names may contain only a-z, A-Z and 0-9, 5 to 50 characters.',
    );
  }
  if (target.id.toLowerCase() === source.id.toLowerCase() || target.name.toLowerCase() === source.name.toLowerCase()) {
    return fail(
      'target-name-valid',
      'The target is the source registry itself.',
      'A relocation creates a new registry: give target-registry a new, globally unique name.',
    );
  }
  return pass('target-name-valid', `Target name "${target.name}" is valid.`);
};

const targetAvailable: CheckFn = ({ nameAvailability, existingTarget, relocationId, target }) => {
  const id = 'target-name-available';
  if (existingTarget) {
    return existingTarget.tags[RELOCATION_TAG] === relocationId
      ? pass(
          id,
          `Target ${target.name} exists and carries this relocation's tag ${RELOCATION_TAG}=${relocationId} (a re-run mid-relocation).`,
        )
      : warn(
          id,
          `Target ${target.name} already exists in ${target.resourceGroup} without this relocation's tag.`,
          'redeploy refuses to adopt it unless adopt-existing is true; check it is the registry you mean.',
        );
  }
  if (nameAvailability && !nameAvailability.nameAvailable) {
    return fail(
      id,
      `Target name "${target.name}" is not available: ${nameAvailability.message ?? nameAvailability.reason ?? 'taken'}.`,
      'Registry names are globally unique; choose another target-registry.',
    );
  }
  return pass(id, `Target name "${target.name}" is available.`);
};

const targetRegion: CheckFn = ({ target, regions, registryRegions }) => {
  const region = normalizeRegion(target.location);
  if (!regions.has(region)) {
    return fail(
      'target-location',
      `Region "${target.location}" does not exist in this subscription.`,
      `Use one of: ${[...regions.keys()].sort().join(', ')}.`,
    );
  }
  if (!registryRegions.has(region)) {
    return fail(
      'target-location',
      `Microsoft.ContainerRegistry is not offered in ${target.location}.`,
      'Choose a region where Azure Container Registry is available.',
    );
  }
  return pass('target-location', `${target.location} offers Azure Container Registry.`);
};

const sameRegion: CheckFn = ({ source, target }) =>
  normalizeRegion(source.location) === normalizeRegion(target.location)
    ? warn(
        'same-region',
        `Source and target are both in ${target.location}.`,
        'Same-region moves are legitimate (renaming, zone redundancy, CMK); make sure the region is what you meant.',
      )
    : undefined;

const zones: CheckFn = ({ source, target, regions }) => {
  if (source.settings.zoneRedundancy !== 'Enabled') return undefined;
  return regions.get(normalizeRegion(target.location))
    ? pass('availability-zones', `${target.location} supports availability zones for the zone-redundant source.`)
    : fail(
        'availability-zones',
        `The source is zone-redundant but ${target.location} has no availability zones.`,
        'Choose a target region with availability zones, or accept losing zone redundancy by moving elsewhere.',
      );
};

const premium: CheckFn = ({ source, target, replicationLocations, privateEndpointCount }) => {
  const needs: string[] = [];
  if (replicationLocations.length > 0) needs.push(`${replicationLocations.length} geo-replication(s)`);
  if (privateEndpointCount > 0) needs.push('private endpoints');
  if (source.settings.encryption?.status === 'enabled') needs.push('a customer-managed key');
  if (source.settings.dataEndpointEnabled) needs.push('dedicated data endpoints');
  if (needs.length === 0) return undefined;
  return target.sku === 'Premium'
    ? pass('premium-features', `Premium target keeps ${needs.join(', ')}.`)
    : fail(
        'premium-features',
        `The source uses ${needs.join(', ')}, which need Premium; target SKU is ${target.sku}.`,
        'Set target-sku to Premium (or leave it unset to keep the source SKU).',
      );
};

const tenant: CheckFn = ({ source, target }) => {
  if (!source.tenantId || !target.tenantId) return undefined;
  return source.tenantId === target.tenantId
    ? pass('same-tenant', 'Source and target are in the same Entra tenant.')
    : fail(
        'same-tenant',
        `Source tenant ${source.tenantId} differs from target tenant ${target.tenantId}.`,
        'Registries can only be relocated within one tenant.',
      );
};

const subnets: CheckFn = ({ subnets: list, target }) => {
  if (list.length === 0) return undefined;
  const unmapped = list.filter((s) => !s.target).map((s) => s.source);
  const missing = list.filter((s) => s.target && !s.targetExists && !s.targetUnreadable).map((s) => s.target);
  const elsewhere = list.filter(
    (s) => s.targetExists && s.targetLocation && normalizeRegion(s.targetLocation) !== normalizeRegion(target.location),
  );
  const unreadable = list.filter((s) => s.target && s.targetUnreadable);
  if (unmapped.length > 0)
    return fail(
      'subnet-mapping',
      `No target subnet for ${unmapped.join(', ')}.`,
      'Add a line "source-subnet-id => target-subnet-id" to subnet-map for each; create VNets and subnets in the target region first.',
    );
  if (missing.length > 0)
    return fail(
      'subnet-mapping',
      `Mapped target subnet(s) do not exist: ${missing.join(', ')}.`,
      'Create the target VNets and subnets before redeploy (the runbook requires it).',
    );
  if (elsewhere.length > 0)
    return fail(
      'subnet-mapping',
      `Mapped target subnet(s) are not in ${target.location}: ${elsewhere.map((s) => `${s.target} (${s.targetLocation})`).join(', ')}.`,
      `A private endpoint must be in its VNet's region: map to subnets of VNets in ${target.location}.`,
    );
  if (unreadable.length > 0)
    return warn(
      'subnet-mapping',
      `Could not check mapped target subnet(s): ${unreadable.map((s) => `${s.target} (${s.targetUnreadable})`).join(', ')}.`,
      'Grant the identity Reader on the target VNets, or make sure yourself that the subnets exist in the target region.',
    );
  return pass('subnet-mapping', `All ${list.length} subnet(s) map to existing target subnets in ${target.location}.`);
};

const endpointSubnets: CheckFn = ({ unreadableEndpoints }) =>
  unreadableEndpoints.length > 0
    ? warn(
        'private-endpoint-subnets',
        `Could not read ${unreadableEndpoints.length} private endpoint(s) of the source: ${unreadableEndpoints.map((e) => `${e.id} (${e.reason})`).join(', ')}. Their subnets are unknown, so subnet-map cannot be checked for them.`,
        'Grant the identity Reader on the private endpoints (Microsoft.Network/privateEndpoints/read), or add their subnets to subnet-map and check the target side yourself.',
      )
    : undefined;

const cmk: CheckFn = ({ source, encryptionKey }) => {
  if (source.settings.encryption?.status !== 'enabled') return undefined;
  return encryptionKey
    ? pass('customer-managed-key', 'The target will be created with the given customer-managed key.')
    : fail(
        'customer-managed-key',
        'The source is encrypted with a customer-managed key, which can only be set when a registry is created.',
        'Set encryption-key to a Key Vault key URI reachable from the target (and identity-map for its identity).',
      );
};

const serverImport: CheckFn = ({ source, copyMode }) => serverImportCheck(source.settings, copyMode);

const oversized: CheckFn = ({ oversizedImages, copyMode }) => {
  if (oversizedImages.length === 0) return undefined;
  const list = oversizedImages.slice(0, 10).join(', ');
  return copyMode === 'client'
    ? pass(
        'import-manifest-limit',
        `${oversizedImages.length} image(s) have more than 50 manifests, which copy-mode client copies without server-side import's limit: ${list}.`,
      )
    : warn(
        'import-manifest-limit',
        `${oversizedImages.length} image(s) have more than 50 manifests, over server-side import's limit: ${list}.`,
        'import-artifacts refuses them in copy-mode server; run it with copy-mode client for those.',
      );
};

const schema1: CheckFn = ({ schema1Manifests }) =>
  schema1Manifests.length > 0
    ? fail(
        'schema1-manifests',
        `${schema1Manifests.length} Docker schema1 manifest(s) cannot be copied without changing their digests: ${schema1Manifests.slice(0, 10).join(', ')}.`,
        'Rebuild or re-push those images as schema2/OCI, or exclude their repositories.',
      )
    : undefined;

const abac: CheckFn = ({ source }) =>
  source.settings.roleAssignmentMode === 'AbacRepositoryPermissions'
    ? warn(
        'abac-mode',
        'The source uses ABAC repository permissions: AcrPull grants nothing there.',
        'rewire-consumers grants Container Registry Repository Reader on ABAC targets; review custom role assignments.',
      )
    : undefined;

const locks: CheckFn = ({ locks: list }) =>
  list.length > 0
    ? warn(
        'source-locks',
        `The source has ${list.length} lock(s): ${list.map((l) => `${l.name} (${l.level})`).join(', ')}.`,
        'retire-source cannot delete a locked registry; whoever owns the lock must remove it at that stage.',
      )
    : undefined;

const tagAttributes: CheckFn = ({ tagAttributes: tags }) =>
  tags.length > 0
    ? warn(
        'tag-attributes',
        `${tags.length} tag(s) have attributes of their own, which are not carried (the tags are): ${tags.slice(0, 10).join(', ')}${tags.length > 10 ? ', …' : ''}.`,
        'On the target these tags are listed and writable. After verify, set them again: az acr repository update --name <target> --image <repository>:<tag> --write-enabled false (or --list-enabled false, ...).',
      )
    : undefined;

const ALL: readonly CheckFn[] = [
  targetName,
  targetAvailable,
  targetRegion,
  sameRegion,
  zones,
  premium,
  tenant,
  subnets,
  endpointSubnets,
  cmk,
  serverImport,
  oversized,
  schema1,
  abac,
  locks,
  tagAttributes,
];

export function runChecks(facts: CheckFacts): Check[] {
  return ALL.map((check) => check(facts)).filter((check): check is Check => check !== undefined);
}

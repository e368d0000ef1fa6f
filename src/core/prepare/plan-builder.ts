import type { Registry } from '@azure/arm-containerregistry';
import type { RegistryId } from '../azure/resource-id.js';
import { normalizeRegion } from '../azure/subscription-reader.js';
import { registryResourceId } from '../azure/resource-id.js';
import { relocationIdOf } from '../plan/canonical.js';
import type { Artifacts, Check, ChildResource, Children, Consumers, Mapping, RelocationPlan } from '../plan/model.js';
import { PLAN_SCHEMA_VERSION } from '../plan/model.js';
import { settingsOf, targetSettingsOf } from './settings.js';

export interface PlanParts {
  toolVersion: string;
  now: Date;
  sourceRef: RegistryId;
  source: Registry;
  tenantId?: string;
  targetRef: RegistryId;
  targetLocation: string;
  targetSku?: string;
  mapping: Omit<Mapping, 'name' | 'location'>;
  children: Children;
  artifacts: Artifacts;
  consumers: Consumers;
  checks: Check[];
}

/** Assemble the plan (without its fingerprint, which writePlan adds over the canonical content). */
export function buildPlan(parts: PlanParts): Omit<RelocationPlan, 'fingerprint'> {
  const sourceId = parts.source.id ?? registryResourceId(parts.sourceRef);
  const mapping: Mapping = {
    ...parts.mapping,
    name: { from: parts.sourceRef.name, to: parts.targetRef.name },
    location: { from: parts.source.location, to: parts.targetLocation },
  };
  const sourceSettings = settingsOf(parts.source);
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    relocationId: relocationIdOf(sourceId, parts.targetRef.name),
    createdAt: parts.now.toISOString(),
    tool: { name: 'acr-relocate', version: parts.toolVersion },
    source: {
      ...parts.sourceRef,
      id: sourceId,
      location: parts.source.location,
      loginServer: parts.source.loginServer ?? '',
      tenantId: parts.tenantId,
      settings: sourceSettings,
    },
    target: {
      ...parts.targetRef,
      id: registryResourceId(parts.targetRef),
      location: parts.targetLocation,
      settings: targetSettingsOf(sourceSettings, mapping, parts.targetSku),
    },
    children: parts.children,
    artifacts: parts.artifacts,
    consumers: parts.consumers,
    checks: parts.checks,
    mapping,
  };
}

/**
 * Regions the target keeps geo-replicas in: the source's replicas, except its old home (every
 * registry has a replication in its home region, which is what is being left) and the new home
 * (a registry is not a replica of itself).
 */
export function replicaRegions(
  replications: readonly ChildResource[],
  sourceHome: string,
  targetHome: string,
): string[] {
  const homes = new Set([normalizeRegion(sourceHome), normalizeRegion(targetHome)]);
  return replications
    .map((r) => r.location ?? '')
    .filter((region) => region !== '' && !homes.has(normalizeRegion(region)));
}

import type { ChildResource, RelocationPlan } from '../../plan/model.js';
import {
  childId,
  childName,
  defined,
  literal,
  LOCATION,
  parameter,
  REGISTRY_ID,
  type JsonObject,
  type TemplateResource,
} from './expressions.js';
import { API_VERSIONS, normalizeLocation, REGISTRY_TYPE, webhookParameterNames } from './names.js';

/**
 * The registry's child resources. The plan records them as the SDK returns them (properties
 * flattened onto the record, read-only state dropped); `fieldsOf` also accepts ARM's wire shape.
 */

export function fieldsOf(child: ChildResource): Record<string, unknown> {
  const nested = child.properties.properties;
  return nested && typeof nested === 'object' ? { ...child.properties, ...(nested as object) } : child.properties;
}

const child = (kind: string, name: string, body: JsonObject, dependsOn: string[] = []): TemplateResource => ({
  type: `${REGISTRY_TYPE}/${kind}`,
  apiVersion: API_VERSIONS.containerRegistry,
  name: childName(name),
  ...body,
  dependsOn: [REGISTRY_ID, ...dependsOn],
});

/** The name of a source child `id` of `kind` (e.g. a token's scope map), when it belongs to the source. */
export function sourceChildName(plan: RelocationPlan, id: unknown, kind: string): string | undefined {
  if (typeof id !== 'string') return undefined;
  const prefix = `${plan.source.id}/${kind}/`.toLowerCase();
  return id.toLowerCase().startsWith(prefix) ? id.slice(prefix.length) : undefined;
}

/** Replica regions of the target: the mapped ones, never its own home region (ACR refuses that). */
export function replicaLocations(plan: RelocationPlan): string[] {
  const home = normalizeLocation(plan.target.location);
  const seen = new Set<string>();
  return plan.mapping.replicationLocations.filter((location) => {
    const key = normalizeLocation(location);
    if (key === home || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface ReplicaSpec {
  name: string;
  location: string;
  fields: Record<string, unknown>;
}

/** Each target replica: same name and settings as the source's replica in that region, when it had one. */
function replicaSpecs(plan: RelocationPlan): ReplicaSpec[] {
  if (plan.target.settings.sku !== 'Premium') return [];
  return replicaLocations(plan).map((location) => {
    const source = plan.children.replications.find(
      (r) => normalizeLocation(r.location ?? '') === normalizeLocation(location),
    );
    return { name: source?.name ?? normalizeLocation(location), location, fields: source ? fieldsOf(source) : {} };
  });
}

export function replications(plan: RelocationPlan): TemplateResource[] {
  return replicaSpecs(plan).map(({ name, location, fields }) =>
    child(
      'replications',
      name,
      defined({
        location,
        tags: fields.tags ? literal(fields.tags) : undefined,
        properties: defined({
          regionEndpointEnabled: fields.regionEndpointEnabled,
          zoneRedundancy: fields.zoneRedundancy,
        }),
      }),
    ),
  );
}

/**
 * Webhooks fire for pushes to their region. One in the source's home region follows the home to
 * the target's; one in a replica region stays there when the target replicates there too, and
 * otherwise moves to the new home.
 */
function webhookLocation(plan: RelocationPlan, webhook: ChildResource): { location: string; dependsOn: string[] } {
  const wanted = normalizeLocation(webhook.location ?? '');
  if (wanted === normalizeLocation(plan.source.location)) return { location: LOCATION, dependsOn: [] };
  const replica = replicaSpecs(plan).find((r) => normalizeLocation(r.location) === wanted);
  if (!replica) return { location: LOCATION, dependsOn: [] };
  return { location: replica.location, dependsOn: [childId('replications', replica.name)] };
}

/** Service URI and headers are secrets: template parameters supplied at deploy time, never literals. */
export function webhooks(plan: RelocationPlan): TemplateResource[] {
  return plan.children.webhooks.map((webhook) => {
    const fields = fieldsOf(webhook);
    const names = webhookParameterNames(webhook.name);
    const { location, dependsOn } = webhookLocation(plan, webhook);
    const body = defined({
      location,
      tags: fields.tags ? literal(fields.tags) : undefined,
      properties: defined({
        serviceUri: parameter(names.serviceUri),
        customHeaders: parameter(names.customHeaders),
        status: fields.status,
        scope: fields.scope === undefined ? undefined : literal(fields.scope),
        actions: literal(fields.actions ?? []),
      }),
    });
    return child('webhooks', webhook.name, body, dependsOn);
  });
}

const isBuiltInScopeMap = (name: string) => name.startsWith('_repositories_');

export function scopeMaps(plan: RelocationPlan): TemplateResource[] {
  return plan.children.scopeMaps
    .filter((map) => !isBuiltInScopeMap(map.name))
    .map((map) => {
      const fields = fieldsOf(map);
      const properties = defined({ description: literal(fields.description), actions: literal(fields.actions ?? []) });
      return child('scopeMaps', map.name, { properties });
    });
}

/** Tokens without credentials: passwords cannot be exported, they are generated on request. */
export function tokens(plan: RelocationPlan): TemplateResource[] {
  return plan.children.tokens.map((token) => {
    const fields = fieldsOf(token);
    const scopeMap = sourceChildName(plan, fields.scopeMapId, 'scopeMaps');
    const dependsOn = scopeMap && !isBuiltInScopeMap(scopeMap) ? [childId('scopeMaps', scopeMap)] : [];
    const properties = defined({
      scopeMapId: scopeMap ? childId('scopeMaps', scopeMap) : literal(fields.scopeMapId),
      status: fields.status,
    });
    return child('tokens', token.name, { properties }, dependsOn);
  });
}

/** Same Key Vault secret references; the target's own system identity is created with it. */
export function credentialSets(plan: RelocationPlan): TemplateResource[] {
  return plan.children.credentialSets.map((set) => {
    const fields = fieldsOf(set);
    const identity = fields.identity as { type?: string } | undefined;
    const credentials = Array.isArray(fields.authCredentials) ? fields.authCredentials : [];
    const properties = defined({
      loginServer: literal(fields.loginServer),
      authCredentials: credentials.map((c: Record<string, unknown>) =>
        literal(
          defined({
            name: c.name,
            usernameSecretIdentifier: c.usernameSecretIdentifier,
            passwordSecretIdentifier: c.passwordSecretIdentifier,
          }),
        ),
      ),
    });
    return child('credentialSets', set.name, {
      ...(identity?.type ? { identity: { type: identity.type } } : {}),
      properties,
    });
  });
}

/** A cache rule's credential set is the target's set of the same name. */
export function cacheRules(plan: RelocationPlan): TemplateResource[] {
  return plan.children.cacheRules.map((rule) => {
    const fields = fieldsOf(rule);
    const set = sourceChildName(plan, fields.credentialSetResourceId, 'credentialSets');
    const properties = defined({
      sourceRepository: literal(fields.sourceRepository),
      targetRepository: literal(fields.targetRepository),
      credentialSetResourceId: set ? childId('credentialSets', set) : literal(fields.credentialSetResourceId),
    });
    return child('cacheRules', rule.name, { properties }, set ? [childId('credentialSets', set)] : []);
  });
}

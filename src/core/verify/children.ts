/**
 * Child resources of the target against the plan's, after mapping: each kind is reduced to the
 * properties that must move (ids of the source's own children re-pointed at the target's), then
 * compared by name. Replications are compared by location (the mapping's replica regions, never the
 * new home region). What the target has beyond the plan is not a loss and is not reported.
 *
 * Not compared: webhook callback URIs and headers (secrets, readable only through a POST per
 * webhook), connected registries and private endpoint connections (bound to on-premises devices and
 * networks: redeploy lists them as work for a human), locks (a new registry's locks are a decision
 * of its owners).
 */
import type { ChildResource, Children, Mapping, RoleAssignmentRecord } from '../plan/model.js';
import { diff } from './diff.js';
import type { SettingDifference } from './model.js';

export type ComparedKind =
  'replications' | 'webhooks' | 'scopeMaps' | 'tokens' | 'cacheRules' | 'credentialSets' | 'diagnosticSettings';

export type TargetChildren = Record<ComparedKind, ChildResource[]> & { roleAssignments: RoleAssignmentRecord[] };

type Projection = (properties: Record<string, unknown>, mapId: (id: unknown) => unknown) => Record<string, unknown>;

const sortedStrings = (value: unknown) => (Array.isArray(value) ? [...(value as string[])].sort() : value);
const sortedBy = (key: string) => (value: unknown) =>
  Array.isArray(value)
    ? (value as Record<string, unknown>[])
        .slice()
        .sort((a, b) => String(a[key] ?? '').localeCompare(String(b[key] ?? '')))
    : value;

const PROJECTIONS: Record<ComparedKind, Projection> = {
  replications: (p) => ({ regionEndpointEnabled: p.regionEndpointEnabled, zoneRedundancy: p.zoneRedundancy }),
  webhooks: (p) => ({ status: p.status, scope: p.scope, actions: sortedStrings(p.actions) }),
  scopeMaps: (p) => ({ description: p.description, actions: sortedStrings(p.actions) }),
  tokens: (p, mapId) => ({ scopeMapId: mapId(p.scopeMapId), status: p.status }),
  cacheRules: (p, mapId) => ({
    sourceRepository: p.sourceRepository,
    targetRepository: p.targetRepository,
    credentialSetResourceId: mapId(p.credentialSetResourceId),
  }),
  credentialSets: (p) => ({
    loginServer: p.loginServer,
    authCredentials: sortedBy('name')(
      (Array.isArray(p.authCredentials) ? (p.authCredentials as Record<string, unknown>[]) : []).map((c) => ({
        name: c.name,
        usernameSecretIdentifier: c.usernameSecretIdentifier,
        passwordSecretIdentifier: c.passwordSecretIdentifier,
      })),
    ),
  }),
  diagnosticSettings: (p) => ({
    workspaceId: p.workspaceId,
    storageAccountId: p.storageAccountId,
    eventHubAuthorizationRuleId: p.eventHubAuthorizationRuleId,
    eventHubName: p.eventHubName,
    serviceBusRuleId: p.serviceBusRuleId,
    logAnalyticsDestinationType: p.logAnalyticsDestinationType,
    logs: sortedBy('category')(
      (Array.isArray(p.logs) ? (p.logs as Record<string, unknown>[]) : []).map((l) => ({
        category: l.category,
        categoryGroup: l.categoryGroup,
        enabled: l.enabled,
      })),
    ),
    metrics: sortedBy('category')(
      (Array.isArray(p.metrics) ? (p.metrics as Record<string, unknown>[]) : []).map((m) => ({
        category: m.category,
        enabled: m.enabled,
      })),
    ),
  }),
};

export const COMPARED_KINDS = Object.keys(PROJECTIONS) as ComparedKind[];

const location = (value: string | undefined) => (value ?? '').replace(/\s+/g, '').toLowerCase();

/** Ids under the source registry (a token's scope map, a cache rule's credential set) → the target's. */
export function idMapper(sourceId: string, targetId: string): (id: unknown) => unknown {
  const prefix = `${sourceId.toLowerCase()}/`;
  return (id) =>
    typeof id === 'string' && id.toLowerCase().startsWith(prefix) ? `${targetId}/${id.slice(prefix.length)}` : id;
}

function byKey(kind: ComparedKind, resources: readonly ChildResource[]): Map<string, ChildResource> {
  return new Map(resources.map((r) => [kind === 'replications' ? location(r.location) : r.name.toLowerCase(), r]));
}

function compareKind(
  kind: ComparedKind,
  expected: readonly ChildResource[],
  actual: readonly ChildResource[],
  mapId: (id: unknown) => unknown,
): SettingDifference[] {
  const found = byKey(kind, actual);
  const project = PROJECTIONS[kind];
  return [...byKey(kind, expected)].flatMap(([key, wanted]) => {
    const resource = `${kind}/${kind === 'replications' ? key : wanted.name}`;
    const have = found.get(key);
    if (!have) return [{ resource, path: '', expected: 'present', actual: 'absent' }];
    if (kind === 'replications' && Object.keys(wanted.properties).length === 0) return [];
    return diff(
      resource,
      project(wanted.properties, mapId),
      project(have.properties, (id) => id),
    );
  });
}

/**
 * Replicas the target must have: the mapping's regions. A region where the source had a replica
 * carries that replica's settings; a new region is checked for presence only (`properties` empty).
 */
function expectedReplications(children: Children, mapping: Mapping): ChildResource[] {
  const source = byKey('replications', children.replications);
  return mapping.replicationLocations
    .filter((l) => location(l) !== location(mapping.location.to))
    .map((l) => ({
      type: 'replications',
      name: location(l),
      id: '',
      location: l,
      properties: source.get(location(l))?.properties ?? {},
    }));
}

function roleKey(assignment: RoleAssignmentRecord): string {
  return `${assignment.principalId.toLowerCase()}|${assignment.roleDefinitionId.split('/').pop()?.toLowerCase() ?? ''}`;
}

function compareRoleAssignments(expected: readonly RoleAssignmentRecord[], actual: readonly RoleAssignmentRecord[]) {
  const found = new Set(actual.map(roleKey));
  return expected
    .filter((a) => !found.has(roleKey(a)))
    .map((a) => ({
      resource: `roleAssignments/${a.roleName ?? a.roleDefinitionId.split('/').pop()} for ${a.principalId}`,
      path: '',
      expected: 'present',
      actual: 'absent',
    }));
}

export interface ChildExpectation {
  children: Children;
  mapping: Mapping;
  sourceId: string;
  targetId: string;
}

export function childDifferences(plan: ChildExpectation, actual: TargetChildren): SettingDifference[] {
  const mapId = idMapper(plan.sourceId, plan.targetId);
  const replicas = expectedReplications(plan.children, plan.mapping);
  const home = location(plan.mapping.location.to);
  const actualReplicas = actual.replications.filter((r) => location(r.location) !== home);
  return [
    ...compareKind('replications', replicas, actualReplicas, mapId),
    ...COMPARED_KINDS.filter((k) => k !== 'replications').flatMap((kind) =>
      compareKind(kind, plan.children[kind], actual[kind], mapId),
    ),
    ...compareRoleAssignments(plan.children.roleAssignments, actual.roleAssignments),
  ];
}

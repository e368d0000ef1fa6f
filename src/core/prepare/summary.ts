import type { RelocationPlan } from '../plan/model.js';
import { code, details, heading, statusIcon, table, type Cell } from '../report/markdown.js';
import { flowchart, type GraphEdge, type GraphNode } from '../report/mermaid.js';

const REPOSITORY_ROWS_SHOWN = 50;

function settingsRows(plan: RelocationPlan): Cell[][] {
  const s = plan.source.settings;
  const t = plan.target.settings;
  const row = (name: string, from: unknown, to: unknown): Cell[] => [
    name,
    String(from ?? '—'),
    String(to ?? '—'),
    from === to ? '' : '→',
  ];
  return [
    row('Name', plan.source.name, plan.target.name),
    row('Resource group', plan.source.resourceGroup, plan.target.resourceGroup),
    row('Location', plan.source.location, plan.target.location),
    row('SKU', s.sku, t.sku),
    row('Admin user', s.adminUserEnabled, t.adminUserEnabled),
    row('Public network access', s.publicNetworkAccess, t.publicNetworkAccess),
    row('Network default action', s.networkRuleSet?.defaultAction, t.networkRuleSet?.defaultAction),
    row('IP rules', s.networkRuleSet?.ipRules.length ?? 0, t.networkRuleSet?.ipRules.length ?? 0),
    row('Trusted services bypass', s.networkRuleBypassOptions, t.networkRuleBypassOptions),
    row('Zone redundancy', s.zoneRedundancy, t.zoneRedundancy),
    row('Data endpoint', s.dataEndpointEnabled, t.dataEndpointEnabled),
    row('Anonymous pull', s.anonymousPullEnabled, t.anonymousPullEnabled),
    row('Role assignment mode', s.roleAssignmentMode, t.roleAssignmentMode),
    row('Export policy', s.policies.exportPolicy?.status, t.policies.exportPolicy?.status),
    row('Retention policy', s.policies.retentionPolicy?.status, t.policies.retentionPolicy?.status),
    row('Encryption', s.encryption?.status ?? 'disabled', t.encryption?.status ?? 'disabled'),
  ];
}

function childCounts(plan: RelocationPlan): Cell[][] {
  const c = plan.children;
  return [
    ['Replications', c.replications.length],
    ['Webhooks', c.webhooks.length],
    ['Scope maps', c.scopeMaps.length],
    ['Tokens', c.tokens.length],
    ['Cache rules', c.cacheRules.length],
    ['Credential sets', c.credentialSets.length],
    ['Connected registries', c.connectedRegistries.length],
    ['Private endpoint connections', c.privateEndpointConnections.length],
    ['Diagnostic settings', c.diagnosticSettings.length],
    ['Locks', c.locks.length],
    ['Role assignments at registry scope', c.roleAssignments.length],
  ];
}

/** The dependency map: what hangs off the source and has to follow it to the target. */
export function dependencyMap(plan: RelocationPlan): string {
  const nodes: GraphNode[] = [
    { id: 'source', label: `${plan.source.name} (${plan.source.location})`, shape: 'cylinder' },
    { id: 'target', label: `${plan.target.name} (${plan.target.location})`, shape: 'cylinder' },
  ];
  const edges: GraphEdge[] = [{ from: 'source', to: 'target', label: `${plan.artifacts.totals.manifests} manifests` }];
  const childKinds: Array<[string, number]> = childCounts(plan).map(([label, count]) => [String(label), Number(count)]);
  for (const [label, count] of childKinds.filter(([, count]) => count > 0)) {
    const id = `child_${label}`;
    nodes.push({ id, label: `${count} ${label.toLowerCase()}`, shape: 'round' });
    edges.push({ from: 'source', to: id });
  }
  for (const cluster of plan.consumers.aksClusters) {
    nodes.push({ id: `aks_${cluster.name}`, label: `AKS ${cluster.name}` });
    edges.push({ from: `aks_${cluster.name}`, to: 'source', label: 'pulls' });
  }
  for (const app of plan.consumers.apps) {
    nodes.push({ id: `app_${app.kind}_${app.name}`, label: `${app.kind} ${app.name}` });
    edges.push({ from: `app_${app.kind}_${app.name}`, to: 'source', label: 'pulls' });
  }
  return flowchart(nodes, edges);
}

export function prepareSummary(plan: RelocationPlan, planPath: string): string {
  const totals = plan.artifacts.totals;
  const failed = plan.checks.filter((c) => c.status === 'fail').length;
  const headline = failed
    ? `❌ ${failed} prerequisite check(s) failed: later stages will refuse this plan until they pass.`
    : `✅ Plan ready: ${totals.repositories} repositories, ${totals.manifests} manifests, ${totals.tags} tags, ${totals.referrers} referrers.`;
  const repos = plan.artifacts.repositories;
  const repoRows: Cell[][] = repos
    .slice(0, REPOSITORY_ROWS_SHOWN)
    .map((r) => [
      { raw: code(r.name) },
      r.manifests.reduce((n, m) => n + m.tags.length, 0),
      r.manifests.length,
      r.manifests.filter((m) => m.subject).length,
    ]);
  const sections = [
    heading(2, `acr-relocate prepare: ${plan.source.name} → ${plan.target.name}`),
    headline,
    `Plan: ${code(planPath)} · fingerprint ${code(plan.fingerprint)} · relocation id ${code(plan.relocationId)}`,
    heading(3, 'Prerequisite checks'),
    table(
      ['', 'check', 'result', 'what to do'],
      plan.checks.map((c) => [statusIcon(c.status), c.id, c.message, c.hint]),
    ),
    heading(3, 'Settings'),
    table(['setting', 'source', 'target', ''], settingsRows(plan)),
    heading(3, 'Child resources'),
    table(['kind', 'count'], childCounts(plan)),
    heading(3, 'Artifacts'),
    table(['repository', 'tags', 'manifests', 'referrers'], repoRows),
    repos.length > REPOSITORY_ROWS_SHOWN
      ? `…and ${repos.length - REPOSITORY_ROWS_SHOWN} more repositories (all in the plan).`
      : '',
    plan.artifacts.excludedRepositories.length
      ? details(
          `${plan.artifacts.excludedRepositories.length} repositories excluded by filters`,
          plan.artifacts.excludedRepositories.map((r) => `- ${code(r)}`).join('\n'),
        )
      : '',
    heading(3, 'Consumers'),
    table(
      ['kind', 'name', 'images'],
      [
        ...plan.consumers.aksClusters.map((c): Cell[] => ['AKS cluster', c.name, 'kubelet identity has pull access']),
        ...plan.consumers.apps.map((a): Cell[] => [a.kind, a.name, a.images.join(', ')]),
        ...plan.consumers.principals.map((p): Cell[] => ['principal', p.principalId, p.roleName ?? p.roleDefinitionId]),
      ],
    ),
    heading(3, 'Dependency map'),
    dependencyMap(plan),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

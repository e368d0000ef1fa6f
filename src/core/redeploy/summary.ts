import type { RelocationPlan } from '../plan/model.js';
import { code, escapeMarkdown, heading, table, type Cell } from '../report/markdown.js';
import type { TemplateResource } from './template/expressions.js';
import type { PlannedChange } from './what-if.js';

/** The redeploy job summary: what was (or would be) deployed, the target's settings, what is left for people. */

export type RedeployMode = 'dry-run' | 'deployed' | 'up-to-date';

export interface RedeploySummaryFacts {
  plan: RelocationPlan;
  mode: RedeployMode;
  adopted: boolean;
  resourceGroupCreated: boolean;
  deploymentName: string;
  templatePath: string;
  loginServer: string;
  changes: readonly PlannedChange[];
  resources: readonly TemplateResource[];
  followUps: readonly string[];
}

const HEADLINES: Record<RedeployMode, (f: RedeploySummaryFacts) => string> = {
  'dry-run': (f) => `🔎 Dry run: nothing was changed. ${countChanges(f.changes)} resource(s) would change.`,
  deployed: (f) =>
    `✅ Target ${f.plan.target.name} deployed (${countChanges(f.changes)} resource(s) created or changed).`,
  'up-to-date': (f) => `✅ Target ${f.plan.target.name} already matches the plan: nothing was deployed.`,
};

const countChanges = (changes: readonly PlannedChange[]) => changes.filter((c) => c.change !== 'NoChange').length;

/** "registries/acr/webhooks/hook1" from a resource id: the part after the provider namespace. */
export function shortName(resourceId: string): string {
  const parts = resourceId.split('/');
  const providers = parts.lastIndexOf('providers');
  return parts.slice(providers + 2).join('/') || resourceId;
}

function changeRows(changes: readonly PlannedChange[]): Cell[][] {
  return changes.map((c) => [{ raw: code(shortName(c.resourceId)) }, c.change, c.paths.join(', ')]);
}

function settingRows(plan: RelocationPlan): Cell[][] {
  const s = plan.target.settings;
  const policies = Object.entries(s.policies)
    .filter(([, value]) => value)
    .map(([name, value]) => `${name}: ${(value as { status?: string }).status ?? 'set'}`);
  return [
    ['Location', plan.target.location],
    ['SKU', s.sku],
    ['Admin user', s.adminUserEnabled],
    ['Public network access', s.publicNetworkAccess],
    [
      'Network rules',
      s.networkRuleSet ? `${s.networkRuleSet.defaultAction}, ${s.networkRuleSet.ipRules.length} IP rule(s)` : 'none',
    ],
    ['Trusted services bypass', s.networkRuleBypassOptions ?? '—'],
    ['Zone redundancy', s.zoneRedundancy],
    ['Data endpoint', s.dataEndpointEnabled],
    ['Anonymous pull', s.anonymousPullEnabled],
    ['Policies', policies.join('; ') || '—'],
    ['Encryption', s.encryption?.status ?? 'disabled'],
    ['Identity', s.identity?.type ?? 'None'],
    ['Role assignment mode', s.roleAssignmentMode ?? '—'],
    ['Tags', Object.keys(s.tags).length + 1],
  ];
}

function childRows(resources: readonly TemplateResource[]): Cell[][] {
  const counts = new Map<string, number>();
  for (const resource of resources.slice(1)) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  return [...counts].map(([type, count]) => [type, count]);
}

export function redeploySummary(f: RedeploySummaryFacts): string {
  const sections = [
    heading(2, `acr-relocate redeploy: ${f.plan.target.name} in ${f.plan.target.location}`),
    HEADLINES[f.mode](f),
    `Deployment ${code(f.deploymentName)} in resource group ${code(f.plan.target.resourceGroup)}${f.resourceGroupCreated ? (f.mode === 'dry-run' ? ' (would be created)' : ' (created)') : ''} · template ${code(f.templatePath)}${f.loginServer ? ` · login server ${code(f.loginServer)}` : ''}`,
    f.adopted
      ? `⚠️ The existing registry ${f.plan.target.name} was adopted (adopt-existing): it now carries this relocation's tag.`
      : '',
    heading(3, f.mode === 'dry-run' ? 'Planned changes' : 'Changes'),
    f.changes.length ? table(['resource', 'change', 'properties'], changeRows(f.changes)) : 'No resources.',
    heading(3, 'Target settings'),
    table(['setting', 'value'], settingRows(f.plan)),
    heading(3, 'Child resources in the template'),
    table(['type', 'count'], childRows(f.resources)),
    heading(3, 'Needs a human'),
    f.followUps.length ? f.followUps.map((item) => `- ${escapeMarkdown(item)}`).join('\n') : 'Nothing.',
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

/** The planned changes as a plain-text table for the log (the summary has the Markdown one). */
export function changesText(changes: readonly PlannedChange[]): string {
  const rows = changes.map((c) => [shortName(c.resourceId), c.change, c.paths.join(', ')]);
  const header = ['resource', 'change', 'properties'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

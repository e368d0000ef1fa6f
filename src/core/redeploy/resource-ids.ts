import type { RelocationPlan } from '../plan/model.js';
import type { TemplateResource } from './template/expressions.js';
import { REGISTRY_TYPE } from './template/names.js';

/**
 * The resource id each template resource will have, worked out from the template without Azure:
 * what a dry run shows when the resource group does not exist yet (so what-if cannot run and every
 * resource is a Create). Mirrors the few name forms generateTemplate writes.
 */
export function plannedResourceId(resource: TemplateResource, plan: RelocationPlan): string {
  const group = `/subscriptions/${plan.target.subscriptionId}/resourceGroups/${plan.target.resourceGroup}`;
  if (resource.type === REGISTRY_TYPE) return plan.target.id;
  const childOfRegistry = /^\[format\('\{0\}\/\{1\}', parameters\('registryName'\), '((?:[^']|'')*)'\)\]$/.exec(
    resource.name,
  );
  if (childOfRegistry) {
    const kind = resource.type.split('/').slice(2).join('/');
    return `${plan.target.id}/${kind}/${childOfRegistry[1]!.replace(/''/g, "'")}`;
  }
  const name = resource.name.startsWith('[[') ? resource.name.slice(1) : resource.name;
  const [namespace, ...types] = resource.type.split('/');
  const names = name.split('/');
  const path = types.map((type, i) => `${type}/${names[i] ?? ''}`).join('/');
  const base = resource.scope ? plan.target.id : group;
  return `${base}/providers/${namespace}/${path}`;
}

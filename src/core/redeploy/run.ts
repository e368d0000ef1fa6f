import { dirname, join } from 'node:path';
import type { AzureClients } from '../azure/clients.js';
import { azureCall } from '../azure/errors.js';
import { getRegistry } from '../azure/registry-reader.js';
import { RelocationError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic.js';
import type { RelocationPlan } from '../plan/model.js';
import { RELOCATION_TAG } from '../prepare/checks.js';
import {
  runDeployment,
  validateDeployment,
  whatIfDeployment,
  type DeploymentProperties,
  type DeploymentTarget,
} from './deployments.js';
import { plannedResourceId } from './resource-ids.js';
import { deploymentParameters, generateTemplate, type GeneratedTemplate } from './template/build.js';
import { deploymentNameOf } from './template/names.js';
import {
  assertCreationOnlySettings,
  assertTargetIsOurs,
  readTargetState,
  webhookCallbackMatches,
  type TargetState,
} from './target-state.js';
import { hasChanges, plannedChanges, webhookIds, type PlannedChange } from './what-if.js';

/**
 * The steps of redeploy, in order; commands/redeploy.ts reads the inputs and renders the result.
 *
 * Idempotency: every run reads the target, validates the template and asks what-if. When what-if
 * (after discarding noise, see what-if.ts) shows no change, the deployment is not submitted again,
 * so a re-run sends no write at all: only the validate and what-if POSTs and, for webhooks, the
 * getCallbackConfig POST that compares what what-if cannot see. Otherwise the whole template is
 * deployed under the same deployment name (a stable name per relocation: the history keeps one
 * entry, replaced on each run). Every template resource is a PUT with a stable name, so a deployment
 * that failed halfway is completed by the next run. A dry run stops after what-if; when the target
 * resource group does not exist yet, what-if cannot run, nothing is created, and every resource of
 * the template is listed as a Create.
 */

export interface RedeployRequest {
  plan: RelocationPlan;
  planPath: string;
  dryRun: boolean;
  adoptExisting: boolean;
  adoptLabel: string;
  privateEndpointSubnetIds: string[];
  privateDnsZoneId?: string;
  toolVersion: string;
  onSecret: (value: string) => void;
  log: (message: string) => void;
}

export interface RedeployServices {
  clients: AzureClients;
  /** Wait between polls of long-running operations when Azure sends no Retry-After. */
  pollIntervalMs: number;
}

export interface DeployOutcome {
  mode: 'dry-run' | 'deployed' | 'up-to-date';
  adopted: boolean;
  resourceGroupCreated: boolean;
  deploymentName: string;
  templatePath: string;
  parametersPath: string;
  changes: PlannedChange[];
  generated: GeneratedTemplate;
  loginServer: string;
}

export async function deployTarget(request: RedeployRequest, services: RedeployServices): Promise<DeployOutcome> {
  const { plan } = request;
  const state = await readTargetState(services.clients, plan);
  const adopted = state.registry
    ? assertTargetIsOurs(plan, state.registry, request.adoptExisting, request.adoptLabel) === 'adopted'
    : false;
  if (state.registry) assertCreationOnlySettings(plan, state.registry);
  const generated = generateTemplate(plan, {
    toolVersion: request.toolVersion,
    existingAssignments: state.assignments,
    privateEndpointSubnetIds: request.privateEndpointSubnetIds,
    privateDnsZoneId: request.privateDnsZoneId,
  });
  const files = await writeTemplateFiles(request.planPath, generated);
  const target: DeploymentTarget = {
    resourceGroup: plan.target.resourceGroup,
    name: deploymentNameOf(plan.relocationId),
  };
  const base = {
    adopted,
    deploymentName: target.name,
    ...files,
    generated,
    resourceGroupCreated: !state.resourceGroupExists,
  };
  if (!state.resourceGroupExists && request.dryRun) {
    // What-if needs the resource group; without one, everything in the template is new.
    const changes = generated.resources.map((r): PlannedChange => ({
      resourceId: plannedResourceId(r, plan),
      change: 'Create',
      paths: [],
    }));
    return { ...base, mode: 'dry-run', changes, loginServer: '' };
  }
  if (!state.resourceGroupExists) await createResourceGroup(services.clients, plan, request.log);
  const properties: DeploymentProperties = {
    template: generated.template,
    parameters: deploymentParameters(generated),
    mode: 'Incremental',
  };
  const changes = await preview(services, request, state, target, properties);
  if (request.dryRun) return { ...base, mode: 'dry-run', changes, loginServer: state.registry?.loginServer ?? '' };
  if (!hasChanges(changes)) {
    request.log(
      `What-if shows no changes: the target already matches the plan, deployment ${target.name} is not run again.`,
    );
    return { ...base, mode: 'up-to-date', changes, loginServer: state.registry?.loginServer ?? '' };
  }
  request.log(
    `Deploying ${changes.filter((c) => c.change !== 'NoChange').length} change(s) as deployment ${target.name}.`,
  );
  await runDeployment(services.clients.resources.deployments, target, properties, services);
  return { ...base, mode: 'deployed', changes, loginServer: await loginServerOf(services.clients, plan) };
}

/** Validate, then what-if, then compare what what-if cannot see (webhook callbacks). */
async function preview(
  services: RedeployServices,
  request: RedeployRequest,
  state: TargetState,
  target: DeploymentTarget,
  properties: DeploymentProperties,
): Promise<PlannedChange[]> {
  const deployments = services.clients.resources.deployments;
  await validateDeployment(deployments, target, properties, services);
  const raw = await whatIfDeployment(deployments, target, properties, services);
  const matching = new Set<string>();
  if (state.registry) {
    for (const id of webhookIds(raw)) {
      const name = id.split('/').pop() ?? '';
      if (await webhookCallbackMatches(services.clients, request.plan, name, request.onSecret))
        matching.add(id.toLowerCase());
    }
  }
  return plannedChanges(raw, (id) => matching.has(id.toLowerCase()));
}

async function createResourceGroup(
  clients: AzureClients,
  plan: RelocationPlan,
  log: (message: string) => void,
): Promise<void> {
  const { resourceGroup, location } = plan.target;
  log(`Creating resource group ${resourceGroup} in ${location}.`);
  await azureCall(`Creating resource group ${resourceGroup}`, () =>
    clients.resources.resourceGroups.createOrUpdate(resourceGroup, {
      location,
      tags: { [RELOCATION_TAG]: plan.relocationId },
    }),
  );
}

async function loginServerOf(clients: AzureClients, plan: RelocationPlan): Promise<string> {
  const registry = await getRegistry(clients.registries, {
    subscriptionId: plan.target.subscriptionId,
    resourceGroup: plan.target.resourceGroup,
    name: plan.target.name,
  });
  if (!registry?.loginServer) {
    throw new RelocationError(
      'REMOTE_ERROR',
      `Deployment succeeded but registry ${plan.target.name} cannot be read back.`,
      'Run redeploy again; if it persists, check the deployment history of the resource group.',
    );
  }
  return registry.loginServer;
}

/** The template and its parameters file, next to the plan (the secure parameters are not in them). */
async function writeTemplateFiles(
  planPath: string,
  generated: GeneratedTemplate,
): Promise<{ templatePath: string; parametersPath: string }> {
  const folder = dirname(planPath);
  const templatePath = join(folder, 'target.template.json');
  const parametersPath = join(folder, 'target.parameters.json');
  await writeFileAtomic(templatePath, `${JSON.stringify(generated.template, null, 2)}\n`);
  await writeFileAtomic(parametersPath, `${JSON.stringify(generated.parametersFile, null, 2)}\n`);
  return { templatePath, parametersPath };
}

import { RelocationError } from '../errors.js';
import { neutralize } from '../text/neutralize.js';
import { armErrorOf, type ArmClient, type ArmErrorBody, type ArmReply } from './arm-client.js';
import type { JsonObject } from './template/expressions.js';
import { API_VERSIONS } from './template/names.js';

/**
 * Microsoft.Resources/deployments at resource-group scope: validate, what-if and create, each
 * waited for. Azure's errors come back as RelocationErrors that keep Azure's codes and messages
 * (neutralised: they are data) and every inner detail.
 */

export interface DeploymentTarget {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export interface DeploymentProperties {
  template: JsonObject;
  parameters: JsonObject;
  mode: 'Incremental';
}

export interface WhatIfChange {
  resourceId: string;
  changeType: string;
  delta?: PropertyChange[];
  before?: unknown;
  after?: unknown;
}

export interface PropertyChange {
  path: string;
  propertyChangeType: string;
  before?: unknown;
  after?: unknown;
  children?: PropertyChange[];
}

const DEPLOYMENT_DEADLINE_MS = 60 * 60_000;
const PREVIEW_DEADLINE_MS = 15 * 60_000;

function pathOf(target: DeploymentTarget, action = ''): string {
  return `/subscriptions/${target.subscriptionId}/resourcegroups/${target.resourceGroup}/providers/Microsoft.Resources/deployments/${target.name}${action}`;
}

/** "Code: message" with every nested detail, one per line. */
export function describeArmError(error: ArmErrorBody | undefined, depth = 0): string {
  if (!error) return 'no error details';
  const indent = '  '.repeat(depth);
  const target = error.target ? ` (${error.target})` : '';
  const own = `${indent}${error.code ?? 'Error'}${target}: ${neutralize(error.message ?? '').trim()}`;
  const inner = (error.details ?? []).map((detail) => describeArmError(detail, depth + 1));
  return [own, ...inner].join('\n');
}

function failure(what: string, reply: ArmReply, hint: string): RelocationError {
  return new RelocationError(
    'REMOTE_ERROR',
    `${what} failed (HTTP ${reply.status}):\n${describeArmError(armErrorOf(reply.body))}`,
    hint,
  );
}

const TEMPLATE_HINT =
  'The template is written next to the plan for review; fix what Azure names (or the plan, by running prepare again) and run redeploy again.';

/** Deployments_Validate: ARM's preflight of the template against the resource providers. */
export async function validateDeployment(
  client: ArmClient,
  target: DeploymentTarget,
  properties: DeploymentProperties,
): Promise<void> {
  const initial = await client.send('POST', pathOf(target, '/validate'), API_VERSIONS.deployments, { properties });
  const reply = await client.waitFor(initial, 'Template validation', PREVIEW_DEADLINE_MS);
  const error = armErrorOf(reply.body);
  if (reply.status >= 400 || error) throw failure(`Validating deployment ${target.name}`, reply, TEMPLATE_HINT);
}

/** Deployments_WhatIf: the changes the deployment would make, by resource. */
export async function whatIfDeployment(
  client: ArmClient,
  target: DeploymentTarget,
  properties: DeploymentProperties,
): Promise<WhatIfChange[]> {
  const initial = await client.send('POST', pathOf(target, '/whatIf'), API_VERSIONS.deployments, { properties });
  const reply = await client.waitFor(initial, 'What-if', PREVIEW_DEADLINE_MS);
  const body = reply.body as
    { status?: string; error?: ArmErrorBody; properties?: { changes?: WhatIfChange[] } } | undefined;
  if (reply.status >= 400 || body?.error || /failed/i.test(body?.status ?? '')) {
    throw failure(`What-if of deployment ${target.name}`, reply, TEMPLATE_HINT);
  }
  return body?.properties?.changes ?? [];
}

export interface DeploymentResult {
  id: string;
  outputs: Record<string, { value?: unknown }>;
}

/**
 * Deployments_CreateOrUpdate, waited for. A failed deployment is reported with its own error and
 * every inner error (a policy denial names the policy); nothing is rolled back, and since every
 * resource is an idempotent PUT a re-run completes what is missing.
 */
export async function runDeployment(
  client: ArmClient,
  target: DeploymentTarget,
  properties: DeploymentProperties,
): Promise<DeploymentResult> {
  const initial = await client.send('PUT', pathOf(target), API_VERSIONS.deployments, { properties });
  if (initial.status >= 400) throw failure(`Starting deployment ${target.name}`, initial, TEMPLATE_HINT);
  await client.waitFor(initial, `Deployment ${target.name}`, DEPLOYMENT_DEADLINE_MS);
  const final = await client.send('GET', pathOf(target), API_VERSIONS.deployments);
  const body = final.body as {
    id?: string;
    properties?: { provisioningState?: string; error?: ArmErrorBody; outputs?: DeploymentResult['outputs'] };
  };
  const state = body?.properties?.provisioningState ?? 'Unknown';
  if (final.status >= 400 || state !== 'Succeeded') {
    throw new RelocationError(
      'REMOTE_ERROR',
      `Deployment ${target.name} in resource group ${target.resourceGroup} ended ${state}:\n${describeArmError(body?.properties?.error ?? armErrorOf(final.body))}`,
      'Nothing is rolled back and nothing half-made blocks a re-run: fix the cause Azure names (a policy, a permission, a quota) and run redeploy again. The deployment history of the resource group shows every operation.',
    );
  }
  return { id: body.id ?? pathOf(target), outputs: body.properties?.outputs ?? {} };
}

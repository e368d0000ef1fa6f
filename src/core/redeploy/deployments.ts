import type {
  DeploymentExtended,
  DeploymentParameter,
  DeploymentsWhatIfOptionalParams,
  ResourceManagementClient,
} from '@azure/arm-resources';
import { RelocationError } from '../errors.js';
import { armFailure, describeArmError, httpStatusOf, parseJson, type ArmErrorBody } from './arm-errors.js';
import type { JsonObject } from './template/expressions.js';

/**
 * Microsoft.Resources/deployments at resource-group scope (validate, what-if, create) through
 * @azure/arm-resources' Deployments operations and their pollers. The SDK's retry policy retries 429
 * (after Retry-After) and 5xx; its pollers follow Azure-AsyncOperation or Location and honour the
 * Retry-After of each poll answer, `pollIntervalMs` otherwise. Each wait has a deadline. Azure's
 * errors come back as RelocationErrors that keep Azure's codes, messages and every inner detail.
 */

export type DeploymentsOperations = ResourceManagementClient['deployments'];

export interface DeploymentTarget {
  resourceGroup: string;
  name: string;
}

export interface DeploymentProperties {
  template: JsonObject;
  parameters: JsonObject;
  mode: 'Incremental';
}

/** What-if's answer as ARM sends it (read from the wire: see `whatIfDeployment`). */
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

export interface PollSettings {
  /** Wait between polls when Azure sends no Retry-After. */
  pollIntervalMs: number;
}

const DEPLOYMENT_DEADLINE_MS = 60 * 60_000;
const PREVIEW_DEADLINE_MS = 15 * 60_000;

const TEMPLATE_HINT =
  'The template is written next to the plan for review; fix what Azure names (or the plan, by running prepare again) and run redeploy again.';

function sdkDeployment(properties: DeploymentProperties) {
  return {
    properties: {
      template: properties.template,
      parameters: properties.parameters as Record<string, DeploymentParameter>,
      mode: properties.mode,
    },
  };
}

interface Waitable<T> {
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
}

/** The poller's wait, bounded: Azure keeps running what we stop waiting for, so a re-run picks it up. */
async function waitFor<T>(poller: Waitable<T>, what: string, deadlineMs: number): Promise<T> {
  const deadline = AbortSignal.timeout(deadlineMs);
  try {
    return await poller.pollUntilDone({ abortSignal: deadline });
  } catch (error) {
    if (!deadline.aborted) throw error;
    throw new RelocationError(
      'REMOTE_ERROR',
      `${what} did not finish within ${Math.round(deadlineMs / 60000)} minutes.`,
      'Run the command again: it picks up the result (Azure keeps running the operation).',
      { cause: error },
    );
  }
}

type ResponseHook = NonNullable<DeploymentsWhatIfOptionalParams['onResponse']>;

/** Keeps the wire body of the last answer an operation (and its poller) received. */
function lastWireBody(): { onResponse: ResponseHook; body: () => unknown } {
  let text: string | undefined;
  return {
    onResponse: (response) => {
      text = response.bodyAsText ?? undefined;
    },
    body: () => parseJson(text),
  };
}

/** Deployments_Validate: ARM's preflight of the template against the resource providers. */
export async function validateDeployment(
  deployments: DeploymentsOperations,
  target: DeploymentTarget,
  properties: DeploymentProperties,
  settings: PollSettings,
): Promise<void> {
  const what = `Validating deployment ${target.name}`;
  let result;
  try {
    const poller = await deployments.beginValidate(target.resourceGroup, target.name, sdkDeployment(properties), {
      updateIntervalInMs: settings.pollIntervalMs,
    });
    result = await waitFor(poller, 'Template validation', PREVIEW_DEADLINE_MS);
  } catch (error) {
    // ARM answers an invalid template with 400 and the error; the SDK throws it as a RestError.
    throw armFailure(what, error, TEMPLATE_HINT);
  }
  // Older api-versions answered 200 with the error in the body.
  if (result.error) {
    throw new RelocationError('REMOTE_ERROR', `${what} failed:\n${describeArmError(result.error)}`, TEMPLATE_HINT);
  }
}

/**
 * Deployments_WhatIf: the changes the deployment would make, by resource. The changes are read from
 * the wire body: the SDK's flattened result maps each property change's `before`/`after` as a
 * dictionary, which turns scalars into objects ("Premium" becomes {"0":"P",…}, numbers and `true`
 * become {}), and comparing those would take a changed number for no change.
 */
export async function whatIfDeployment(
  deployments: DeploymentsOperations,
  target: DeploymentTarget,
  properties: DeploymentProperties,
  settings: PollSettings,
): Promise<WhatIfChange[]> {
  const what = `What-if of deployment ${target.name}`;
  const wire = lastWireBody();
  try {
    const poller = await deployments.beginWhatIf(target.resourceGroup, target.name, sdkDeployment(properties), {
      updateIntervalInMs: settings.pollIntervalMs,
      onResponse: wire.onResponse,
    });
    await waitFor(poller, 'What-if', PREVIEW_DEADLINE_MS);
  } catch (error) {
    throw armFailure(what, error, TEMPLATE_HINT);
  }
  const body = wire.body() as
    { status?: string; error?: ArmErrorBody; properties?: { changes?: WhatIfChange[] } } | undefined;
  if (body?.error || /failed/i.test(body?.status ?? '')) {
    throw new RelocationError('REMOTE_ERROR', `${what} failed:\n${describeArmError(body?.error)}`, TEMPLATE_HINT);
  }
  return body?.properties?.changes ?? [];
}

export interface DeploymentResult {
  id: string;
  outputs: Record<string, unknown>;
}

const TERMINAL = /^(succeeded|failed|canceled)$/i;

/**
 * Deployments_CreateOrUpdate, waited for. A failed deployment is reported with its own error and
 * every inner error (a policy denial names the policy), read back from the deployment: the poller only
 * says that it failed. Nothing is rolled back, and since every resource is an idempotent PUT a re-run
 * completes what is missing.
 */
export async function runDeployment(
  deployments: DeploymentsOperations,
  target: DeploymentTarget,
  properties: DeploymentProperties,
  settings: PollSettings,
): Promise<DeploymentResult> {
  const what = `Deployment ${target.name} in resource group ${target.resourceGroup}`;
  let final: DeploymentExtended | undefined;
  let unfinished: unknown;
  try {
    const poller = await deployments.beginCreateOrUpdate(target.resourceGroup, target.name, sdkDeployment(properties), {
      updateIntervalInMs: settings.pollIntervalMs,
    });
    final = await waitFor(poller, `Deployment ${target.name}`, DEPLOYMENT_DEADLINE_MS);
  } catch (error) {
    // An HTTP error is ARM refusing a request (an invalid template, a deployment already running).
    if (error instanceof RelocationError || httpStatusOf(error) !== undefined) {
      throw armFailure(what, error, TEMPLATE_HINT);
    }
    unfinished = error;
  }
  if (!final) {
    try {
      final = await deployments.get(target.resourceGroup, target.name);
    } catch (error) {
      throw armFailure(`Reading deployment ${target.name} back`, error, TEMPLATE_HINT);
    }
  }
  const state = final.properties?.provisioningState ?? 'Unknown';
  if (state === 'Succeeded') return { id: final.id ?? '', outputs: final.properties?.outputs ?? {} };
  // A poll that broke off (the network) while the deployment still runs is that failure, not the deployment's.
  if (unfinished !== undefined && !TERMINAL.test(state)) throw armFailure(what, unfinished, TEMPLATE_HINT);
  throw new RelocationError(
    'REMOTE_ERROR',
    `${what} ended ${state}:\n${describeArmError(final.properties?.error)}`,
    'Nothing is rolled back and nothing half-made blocks a re-run: fix the cause Azure names (a policy, a permission, a quota) and run redeploy again. The deployment history of the resource group shows every operation.',
  );
}

/**
 * Runs a validated deployment the way ARM does: Accepted, then Running; every resource starts once
 * the resources it depends on succeeded (independent ones in parallel) and is skipped when one of them
 * failed; each is sent as an ARM request (dispatch.ts) and recorded as a deployment operation. A
 * failure fails the deployment with DeploymentFailed and the inner errors in details[], and nothing is
 * rolled back (incremental semantics). Complete mode then deletes the group's other top-level
 * resources. Outputs are evaluated last. The fault kind `arm:deployment` is consulted per resource
 * (method PUT, path = resource id): e.g. { status: 403, errorCode: 'RequestDisallowedByPolicy' }.
 */
import type { IncomingMessage } from 'node:http';
import type { ArmErrorDetail } from '../../errors.js';
import type { ArmContext } from '../../provider.js';
import { sleep } from '../../../http/io.js';
import { TemplateError, type JsonValue, type Value } from './template/values.js';
import { evaluateOutputs, type ResolutionHooks } from './template/template.js';
import { evaluateBody, findResources, type PlannedResource } from './template/plan.js';
import { contextFor, type Prepared } from './prepare.js';
import { DispatchError, type ArmCaller } from './dispatch.js';
import { addOperation, currentInternal, duration, operationBody, updateProperties } from './records.js';
import { completeModeDeletions } from './completeMode.js';
import type { ArmProvider } from '../../provider.js';

type Outcome = { ok: true } | { ok: false; error?: ArmErrorDetail };

export const DEPLOYMENT_FAILED_MESSAGE =
  'At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.';

export interface RunSpec {
  ctx: ArmContext;
  prepared: Prepared;
  caller: ArmCaller;
  recordId: string;
  /** How long the deployment stays Accepted before it runs (the emulator's LRO duration). */
  delayMs: number;
  providers: () => readonly ArmProvider[];
}

/** Starts the run in the background; its progress is visible through the deployment record. */
export function startRun(spec: RunSpec): void {
  void run(spec).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    updateProperties(spec.ctx, spec.recordId, {
      provisioningState: 'Failed',
      error: {
        code: 'DeploymentFailed',
        message: DEPLOYMENT_FAILED_MESSAGE,
        details: [{ code: 'InternalServerError', message }],
      },
    });
  });
}

async function run(spec: RunSpec): Promise<void> {
  const { ctx, prepared, caller, recordId } = spec;
  await sleep(spec.delayMs);
  if (!ctx.store.get(recordId)) return;
  updateProperties(ctx, recordId, { provisioningState: 'Running' });
  const startedAt = currentInternal(ctx, recordId).startedAt ?? Date.now();
  const { ctx: evaluation } = await contextFor(
    prepared.template,
    prepared.request,
    prepared.environment,
    runtimeHooks(prepared.planned, caller),
  );
  const outcomes = new Map<string, Promise<Outcome>>();
  for (const resource of prepared.planned) outcomes.set(resource.id, deployOne(spec, resource, outcomes, evaluation));
  const results = await Promise.all(outcomes.values());
  const canceled = currentInternal(ctx, recordId).cancelRequested === true;
  const errors = results.flatMap((r) => (r.ok || !r.error ? [] : [r.error]));
  const deployed = prepared.planned.filter((_, i) => results[i]?.ok).map((r) => ({ id: r.id }));
  if (canceled) {
    updateProperties(ctx, recordId, {
      provisioningState: 'Canceled',
      duration: duration(startedAt),
      outputResources: deployed,
    });
    return;
  }
  if (errors.length === 0 && prepared.request.mode === 'Complete') {
    errors.push(...(await completeModeDeletions(ctx, caller, prepared, recordId, spec.providers())));
  }
  if (errors.length > 0) {
    updateProperties(ctx, recordId, {
      provisioningState: 'Failed',
      duration: duration(startedAt),
      outputResources: deployed,
      error: { code: 'DeploymentFailed', message: DEPLOYMENT_FAILED_MESSAGE, details: errors },
    });
    return;
  }
  try {
    const outputs = await evaluateOutputs(prepared.template, evaluation);
    updateProperties(ctx, recordId, {
      provisioningState: 'Succeeded',
      duration: duration(startedAt),
      outputs,
      outputResources: deployed,
    });
  } catch (err) {
    const detail =
      err instanceof TemplateError
        ? { code: err.code, message: `Unable to evaluate template outputs. '${err.message}'` }
        : { code: 'InternalServerError', message: String(err) };
    updateProperties(ctx, recordId, {
      provisioningState: 'Failed',
      duration: duration(startedAt),
      outputResources: deployed,
      error: { code: 'DeploymentFailed', message: DEPLOYMENT_FAILED_MESSAGE, details: [detail] },
    });
  }
}

async function deployOne(
  spec: RunSpec,
  resource: PlannedResource,
  outcomes: ReadonlyMap<string, Promise<Outcome>>,
  evaluation: Parameters<typeof evaluateBody>[1],
): Promise<Outcome> {
  for (const dependency of resource.dependsOn) {
    const outcome = await outcomes.get(dependency);
    if (!outcome?.ok) return { ok: false };
  }
  const { ctx, recordId } = spec;
  if (currentInternal(ctx, recordId).cancelRequested) return { ok: false };
  const startedAt = Date.now();
  const target = {
    id: resource.id,
    resourceType: resource.type,
    resourceName: resource.name,
    apiVersion: resource.apiVersion,
  };
  const fail = (httpStatus: number, error: ArmErrorDetail): Outcome => {
    addOperation(
      ctx,
      recordId,
      operationBody({
        deploymentId: recordId,
        provisioningOperation: 'Create',
        state: 'Failed',
        startedAt,
        httpStatus,
        target,
        error,
      }),
    );
    return { ok: false, error };
  };
  const fault = ctx.faults('arm:deployment', { method: 'PUT', url: resource.id, headers: {} } as IncomingMessage);
  if (fault?.delayMs) await sleep(fault.delayMs);
  if (fault?.status)
    return fail(
      fault.status,
      faultError(fault.status, fault.errorCode, resource, spec.prepared.request.subscriptionId),
    );
  try {
    const body = await evaluateBody(resource, evaluation);
    const result = await spec.caller.execute('PUT', resource.id, resource.apiVersion, body);
    addOperation(
      ctx,
      recordId,
      operationBody({
        deploymentId: recordId,
        provisioningOperation: 'Create',
        state: 'Succeeded',
        startedAt,
        httpStatus: result.status,
        target,
      }),
    );
    return { ok: true };
  } catch (err) {
    if (err instanceof DispatchError) return fail(err.status, err.error);
    if (err instanceof TemplateError)
      return fail(400, {
        code: err.code,
        message: `Unable to process template language expressions for resource '${resource.id}'. '${err.message}'`,
      });
    return fail(500, { code: 'InternalServerError', message: String(err) });
  }
}

/** reference() and list*() while deploying: live reads through ARM (dependencies have completed by then). */
export function runtimeHooks(planned: readonly PlannedResource[], caller: ArmCaller): ResolutionHooks {
  return {
    reference: async (target, apiVersion, full): Promise<Value> => {
      const inTemplate = findResources(target, planned)[0];
      const id = inTemplate?.id ?? (target.startsWith('/') ? target : undefined);
      if (!id)
        throw new TemplateError(
          `The template reference '${target}' is not valid: could not find template resource or resource copy with this name. Please see https://aka.ms/arm-function-reference for usage details.`,
        );
      const version = apiVersion ?? inTemplate?.apiVersion;
      if (!version)
        throw new TemplateError(
          `The template reference '${target}' needs an api-version: it is not a resource of this template.`,
        );
      const body = await caller.get(id, version);
      if (!body) throw new TemplateError(`The Resource '${id}' was not found.`, 'ResourceNotFound');
      return (full ? { ...body, apiVersion: version } : (body.properties ?? {})) as JsonValue;
    },
    list: async (action, resourceId, apiVersion, body): Promise<Value> => {
      const reply = await caller.send('POST', `${resourceId}/${action}`, apiVersion, body);
      if (reply.status >= 400) {
        const error = (reply.body as { error?: ArmErrorDetail } | undefined)?.error;
        throw new TemplateError(
          error?.message ?? `${action} failed with HTTP ${reply.status}.`,
          error?.code ?? 'InvalidTemplate',
        );
      }
      return (reply.body ?? null) as JsonValue;
    },
  };
}

/** The inner error an injected `arm:deployment` fault stands for (policy denials worded as Azure Policy words them). */
function faultError(
  status: number,
  code: string | undefined,
  resource: PlannedResource,
  subscriptionId: string,
): ArmErrorDetail {
  const resourceName = resource.name.split('/').pop() ?? resource.name;
  if (code === 'RequestDisallowedByPolicy' || (status === 403 && code === undefined)) {
    const assignment = {
      name: 'Emulated deny policy',
      id: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/policyAssignments/emulated-deny`,
    };
    const definition = {
      name: 'Emulated deny policy',
      id: '/providers/Microsoft.Authorization/policyDefinitions/emulated-deny',
    };
    return {
      code: 'RequestDisallowedByPolicy',
      target: resourceName,
      message: `Resource '${resourceName}' was disallowed by policy. Policy identifiers: '${JSON.stringify([{ policyAssignment: assignment, policyDefinition: definition }])}'.`,
    };
  }
  return {
    code: code ?? 'ResourceDeploymentFailure',
    target: resourceName,
    message: `The resource operation for '${resourceName}' failed (injected fault, HTTP ${status}).`,
  };
}

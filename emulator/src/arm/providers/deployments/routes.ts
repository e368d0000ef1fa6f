/**
 * Microsoft.Resources/deployments at resource-group scope (Deployments_* and DeploymentOperations_*):
 * PUT runs a template (201/200 with provisioningState Accepted and Azure-AsyncOperation pointing at
 * …/deployments/{name}/operationStatuses/{runId}, as ARM answers), GET, HEAD, list ($filter on
 * provisioningState, paged), DELETE (202 + Location; history only, resources stay), cancel, and the
 * deployment operations (both the …/resourcegroups/{rg}/deployments/{name}/operations path of the spec
 * and the /providers/Microsoft.Resources form). A deployment that is still running cannot be replaced
 * or deleted (409 DeploymentActive).
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmProvider, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { randomId } from '../../../shared/ids.js';
import { displayParameters } from './template/template.js';
import { templateHash } from './template/hash.js';
import { parseDeploymentRequest, planSummary, preflight, prepare } from './prepare.js';
import { ArmCaller } from './dispatch.js';
import { startRun } from './runner.js';
import {
  DEPLOYMENT_TYPE,
  deploymentId,
  internalOf,
  isActive,
  runStatus,
  stateOf,
  type DeploymentInternal,
} from './records.js';
import { header } from '../../../http/io.js';

export interface DeploymentsDeps {
  /** PEM of the emulator's CA (the engine calls ARM over HTTPS). */
  caPem: () => string;
  providers: () => readonly ArmProvider[];
}

export const DEPLOYMENTS =
  '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}/providers/Microsoft.Resources/deployments';
const ITEM = `${DEPLOYMENTS}/{deploymentName}`;

export function deploymentRoutes(deps: DeploymentsDeps): ArmRoute[] {
  const operations = (path: string): ArmRoute[] => [
    {
      method: 'GET',
      path,
      resourceType: 'deployments/operations',
      handle: (req, ctx) => ({ status: 200, body: ctx.page(operationsOf(req, ctx), req) }),
    },
    {
      method: 'GET',
      path: `${path}/{operationId}`,
      resourceType: 'deployments/operations',
      handle: (req, ctx) => {
        const found = operationsOf(req, ctx).find(
          (op) => String(op.operationId).toLowerCase() === (req.params.operationId ?? '').toLowerCase(),
        );
        if (!found)
          throw new ArmError(
            404,
            'DeploymentOperationNotFound',
            `Deployment operation '${req.params.operationId ?? ''}' could not be found.`,
          );
        return { status: 200, body: found };
      },
    },
  ];
  return [
    { method: 'PUT', path: ITEM, resourceType: 'deployments', handle: (req, ctx) => createOrUpdate(req, ctx, deps) },
    {
      method: 'GET',
      path: ITEM,
      resourceType: 'deployments',
      handle: (req, ctx) => ({ status: 200, body: requireDeployment(req, ctx).body }),
    },
    {
      method: 'HEAD',
      path: ITEM,
      resourceType: 'deployments',
      handle: (req, ctx) => ({ status: ctx.store.get(idOf(req)) ? 204 : 404 }),
    },
    { method: 'DELETE', path: ITEM, resourceType: 'deployments', handle: remove },
    { method: 'GET', path: DEPLOYMENTS, resourceType: 'deployments', handle: list },
    {
      method: 'GET',
      path: `${ITEM}/operationStatuses/{operationId}`,
      resourceType: 'deployments',
      rbacExempt: true,
      handle: (req, ctx) => {
        const record = requireDeployment(req, ctx);
        if (internalOf(record).runId !== req.params.operationId)
          throw new ArmError(
            404,
            'OperationNotFound',
            `The operation '${req.params.operationId ?? ''}' could not be found.`,
          );
        const status = runStatus(record);
        return { status: 200, body: status, headers: status.status === 'Running' ? retryAfter(ctx) : {} };
      },
    },
    {
      method: 'POST',
      path: `${ITEM}/cancel`,
      resourceType: 'deployments',
      handle: (req, ctx) => {
        const record = requireDeployment(req, ctx);
        if (!isActive(record))
          throw new ArmError(
            409,
            'DeploymentNotActive',
            `The deployment '${record.body.name as string}' cannot be canceled: it is not running (provisioning state '${stateOf(record)}').`,
          );
        ctx.store.update(record.id, (r) => {
          r.internal = { ...r.internal, cancelRequested: true };
        });
        return { status: 204 };
      },
    },
    ...operations(
      '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}/deployments/{deploymentName}/operations',
    ),
    ...operations(`${ITEM}/operations`),
  ];
}

function idOf(req: ArmRequest): string {
  return deploymentId(
    req.params.subscriptionId ?? '',
    req.params.resourceGroupName ?? '',
    req.params.deploymentName ?? '',
  );
}

export function requireDeployment(req: ArmRequest, ctx: ArmContext) {
  ctx.requireResourceGroup(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
  const record = ctx.store.get(idOf(req));
  if (!record)
    throw new ArmError(
      404,
      'DeploymentNotFound',
      `Deployment '${req.params.deploymentName ?? ''}' could not be found.`,
    );
  return record;
}

function retryAfter(ctx: ArmContext): Record<string, string> {
  const seconds = ctx.lro.settings.retryAfterSeconds;
  return seconds === undefined ? {} : { 'retry-after': String(seconds) };
}

async function createOrUpdate(req: ArmRequest, ctx: ArmContext, deps: DeploymentsDeps): Promise<ArmResponse> {
  const request = parseDeploymentRequest(req, ctx);
  const id = idOf(req);
  const existing = ctx.store.get(id);
  if (isActive(existing)) {
    throw new ArmError(
      409,
      'DeploymentActive',
      `Unable to edit or replace deployment '${request.name}': previous deployment from '${String((existing?.body.properties as { timestamp?: string })?.timestamp)}' is still active. Please see https://aka.ms/arm-deploy for usage details.`,
    );
  }
  const prepared = await prepare(ctx, request);
  const runId = randomId().replace(/-/g, '').toUpperCase();
  const correlationId = header(req.raw, 'x-ms-correlation-request-id') ?? randomId();
  preflight(prepared, deps.providers(), correlationId);
  const summary = planSummary(prepared.planned, String(request.group.body.location));
  const body = {
    id: existing?.id ?? id,
    name: request.name,
    type: DEPLOYMENT_TYPE,
    ...(request.tags ? { tags: request.tags } : {}),
    properties: {
      templateHash: templateHash(request.rawTemplate),
      parameters: displayParameters(prepared.bound),
      mode: request.mode,
      provisioningState: 'Accepted',
      timestamp: new Date().toISOString(),
      duration: 'PT0S',
      correlationId,
      ...summary,
    },
  };
  const internal: DeploymentInternal = { template: request.rawTemplate, runId, startedAt: Date.now(), operations: [] };
  ctx.store.put(id, DEPLOYMENT_TYPE, body, internal as unknown as Record<string, unknown>);
  const caller = new ArmCaller({
    armUrl: ctx.armUrl,
    caPem: deps.caPem(),
    authorization: header(req.raw, 'authorization') ?? '',
    correlationId,
    internalCallSecret: ctx.internalCallSecret,
  });
  startRun({ ctx, prepared, caller, recordId: id, delayMs: ctx.lro.settings.durationMs, providers: deps.providers });
  const statusUrl = `${ctx.armUrl}${id}/operationStatuses/${runId}?api-version=${encodeURIComponent(req.apiVersion)}`;
  return { status: existing ? 200 : 201, body, headers: { 'azure-asyncoperation': statusUrl, ...retryAfter(ctx) } };
}

function list(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const group = ctx.requireResourceGroup(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
  const filter = req.query.get('$filter');
  const wanted = filter ? /^\s*provisioningState\s+eq\s+'([^']+)'\s*$/i.exec(filter)?.[1] : undefined;
  if (filter && wanted === undefined)
    throw new ArmError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}' specified in the query string.`);
  const items = ctx.store
    .list({ type: DEPLOYMENT_TYPE, under: group.id })
    .filter((d) => wanted === undefined || stateOf(d).toLowerCase() === wanted.toLowerCase())
    .map((d) => d.body);
  return { status: 200, body: ctx.page(items, req) };
}

function remove(req: ArmRequest, ctx: ArmContext): ArmResponse {
  ctx.requireResourceGroup(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
  const record = ctx.store.get(idOf(req));
  if (!record) return { status: 204 };
  if (isActive(record))
    throw new ArmError(
      409,
      'DeploymentActive',
      `The deployment '${String(record.body.name)}' cannot be deleted while it is running. Cancel it or wait for it to finish.`,
    );
  return ctx.lro.start({
    req,
    namespace: 'Microsoft.Resources',
    location: String(ctx.store.get(record.id.split('/providers/')[0] ?? '')?.body.location ?? 'global'),
    initialStatus: 202,
    headers: 'location',
    subscriptionLevel: true,
    complete: () => {
      ctx.store.deleteTree(record.id);
    },
  });
}

function operationsOf(req: ArmRequest, ctx: ArmContext): Record<string, unknown>[] {
  return internalOf(requireDeployment(req, ctx)).operations ?? [];
}

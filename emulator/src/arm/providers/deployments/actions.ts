/**
 * The deployment actions that change nothing: POST …/deployments/{name}/validate (200
 * DeploymentValidateResult, or 400 with ARM's error), …/whatIf (202 + Location, then
 * WhatIfOperationResult), …/exportTemplate (the template a deployment ran), and the resource group's
 * POST …/exportTemplate (see exportGroup.ts). They are exempt from management locks (they write nothing).
 */
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { randomId } from '../../../shared/ids.js';
import { header } from '../../../http/io.js';
import { displayParameters } from './template/template.js';
import { templateHash } from './template/hash.js';
import { parseDeploymentRequest, planSummary, preflight, prepare } from './prepare.js';
import { ArmCaller } from './dispatch.js';
import { computeWhatIf } from './whatIf.js';
import { exportGroupTemplate } from './exportGroup.js';
import { DEPLOYMENT_TYPE, deploymentId, internalOf } from './records.js';
import { DEPLOYMENTS, requireDeployment, type DeploymentsDeps } from './routes.js';

export function deploymentActionRoutes(deps: DeploymentsDeps): ArmRoute[] {
  const item = `${DEPLOYMENTS}/{deploymentName}`;
  return [
    {
      method: 'POST',
      path: `${item}/validate`,
      resourceType: 'deployments',
      lockExempt: true,
      handle: (req, ctx) => validate(req, ctx, deps),
    },
    {
      method: 'POST',
      path: `${item}/whatIf`,
      resourceType: 'deployments',
      lockExempt: true,
      handle: (req, ctx) => whatIf(req, ctx, deps),
    },
    {
      method: 'POST',
      path: `${item}/exportTemplate`,
      resourceType: 'deployments',
      lockExempt: true,
      handle: (req, ctx) => ({ status: 200, body: { template: internalOf(requireDeployment(req, ctx)).template } }),
    },
    {
      method: 'POST',
      path: '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}/exportTemplate',
      resourceType: 'resourceGroups',
      action: 'Microsoft.Resources/subscriptions/resourceGroups/exportTemplate/action',
      lockExempt: true,
      handle: (req, ctx) => {
        const group = ctx.requireResourceGroup(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
        return ctx.lro.start({
          req,
          namespace: 'Microsoft.Resources',
          location: String(group.body.location),
          initialStatus: 202,
          headers: 'location',
          subscriptionLevel: true,
          complete: () => ({ status: 200, body: exportGroupTemplate(ctx, req, group, deps.providers()) }),
        });
      },
    },
  ];
}

function correlationOf(req: ArmRequest): string {
  return header(req.raw, 'x-ms-correlation-request-id') ?? randomId();
}

async function validate(req: ArmRequest, ctx: ArmContext, deps: DeploymentsDeps): Promise<ArmResponse> {
  const request = parseDeploymentRequest(req, ctx);
  const prepared = await prepare(ctx, request);
  const correlationId = correlationOf(req);
  preflight(prepared, deps.providers(), correlationId);
  const id = deploymentId(request.subscriptionId, String(request.group.body.name), request.name);
  return {
    status: 200,
    body: {
      id,
      name: request.name,
      type: DEPLOYMENT_TYPE,
      properties: {
        templateHash: templateHash(request.rawTemplate),
        parameters: displayParameters(prepared.bound),
        mode: request.mode,
        provisioningState: 'Succeeded',
        timestamp: new Date().toISOString(),
        duration: 'PT0S',
        correlationId,
        ...planSummary(prepared.planned, String(request.group.body.location)),
        validatedResources: prepared.planned.map((p) => ({ id: p.id })),
      },
    },
  };
}

async function whatIf(req: ArmRequest, ctx: ArmContext, deps: DeploymentsDeps): Promise<ArmResponse> {
  const request = parseDeploymentRequest(req, ctx);
  const prepared = await prepare(ctx, request);
  const correlationId = correlationOf(req);
  preflight(prepared, deps.providers(), correlationId);
  const caller = new ArmCaller({
    armUrl: ctx.armUrl,
    caPem: deps.caPem(),
    authorization: header(req.raw, 'authorization') ?? '',
    correlationId,
    internalCallSecret: ctx.internalCallSecret,
  });
  return ctx.lro.start({
    req,
    namespace: 'Microsoft.Resources',
    location: String(request.group.body.location),
    initialStatus: 202,
    headers: 'location',
    subscriptionLevel: true,
    complete: async () => ({ status: 200, body: await computeWhatIf(ctx, prepared, caller) }),
  });
}

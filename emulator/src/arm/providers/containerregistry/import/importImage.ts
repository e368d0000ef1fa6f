/**
 * POST …/registries/{name}/importImage (Registries_ImportImage), as ACR runs it: 202 with a Location
 * under …/providers/Microsoft.ContainerRegistry/locations/<region>/operationResults/registries-<id>
 * and Retry-After; the copy happens when the operation runs, and a failure (tag conflict, missing
 * image, refused source) is the operation's result: `Operation registries-<id> failed. Resource
 * <target id> <reason>` (the wording `az acr import` prints). The operation id reuses the client's
 * x-ms-client-request-id when it is a UUID, as ACR's does.
 *
 * Checked before answering 202: the body, the source registry's existence and (RBAC on) the caller's
 * pull permission on it (ARM's linked access check). Faults: the hook is consulted once per import
 * with kind `acr:import`: `status` without `lro` answers at once; delayMs, lro hang/fail/cancel and
 * dropBlobs apply to the operation. options.importLatencyMs adds a fixed duration to every import.
 * Being a POST, an import takes a token from ARM's write bucket (throttle.ts).
 */
import { randomUUID } from 'node:crypto';
import { ArmError, resourceNotFound } from '../../../errors.js';
import type { ArmContext, ArmPrincipal, ArmRequest, ArmResponse, ArmRoute } from '../../../provider.js';
import type { StoredResource } from '../../../store.js';
import { allowsAction, allowsDataAction, effectivePermissions } from '../../../rbac.js';
import { parseResourceId } from '../../../resourceId.js';
import { roleLookup } from '../../authorization/roleDefinitions.js';
import { REGISTRY_TYPE } from '../registryModel.js';
import { REGISTRY_PATH, requireRegistry } from '../registries.js';
import { NS } from '../children.js';
import { parseImportRequest } from './importRequest.js';
import { runImport, type ImportDeps } from './runImport.js';

export type { ImportDeps } from './runImport.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PULL_ACTION = `${NS}/registries/pull/read`;
const CONTENT_READ = `${NS}/registries/repositories/content/read`;

export function importImageRoute(deps: ImportDeps): ArmRoute {
  return {
    method: 'POST',
    path: `${REGISTRY_PATH}/importImage`,
    resourceType: 'registries',
    handle: (req, ctx) => startImport(req, ctx, deps),
  };
}

function startImport(req: ArmRequest, ctx: ArmContext, deps: ImportDeps): ArmResponse {
  const target = requireRegistry(req, ctx);
  const request = parseImportRequest(req.body);
  if (request.source.resourceId) {
    const source = requireSourceRegistry(ctx, request.source.resourceId, deps.rbacEnabled(), req.principal, target.id);
    if (deps.rbacEnabled()) requirePullOnSource(ctx, req.principal, target.id, source);
  }
  const fault = ctx.faults('acr:import', req.raw);
  if (fault?.status && !fault.lro) {
    throw new ArmError(
      fault.status,
      fault.errorCode ?? (fault.status === 429 ? 'TooManyRequests' : 'InternalServerError'),
      `The import could not be started (injected fault, HTTP ${fault.status}).`,
      fault.headers ?? {},
    );
  }
  const latency = deps.importLatencyMs();
  const clientRequestId = String(req.headers['x-ms-client-request-id'] ?? '');
  const operationId = `registries-${UUID.test(clientRequestId) ? clientRequestId.toLowerCase() : randomUUID()}`;
  return ctx.lro.start({
    req,
    namespace: NS,
    location: String(target.body.location),
    initialStatus: 202,
    headers: 'location',
    operationId,
    fault: fault || latency > 0 ? { ...fault, delayMs: (fault?.delayMs ?? 0) + latency } : null,
    complete: () =>
      runImport(ctx, deps, { targetId: target.id, operationId, request, skipBlobs: fault?.dropBlobs === true }),
  });
}

/**
 * The source registry named by resource id. Missing: with RBAC on, ARM's linked check fails first
 * (403 LinkedAuthorizationFailed, "…or the linked scope(s) are invalid"); without, 404.
 */
function requireSourceRegistry(
  ctx: ArmContext,
  resourceId: string,
  rbac: boolean,
  principal: ArmPrincipal,
  targetId: string,
): StoredResource {
  const parsed = parseResourceId(resourceId);
  const registry = parsed.resourceType?.toLowerCase() === 'registries' ? ctx.store.get(resourceId) : undefined;
  if (registry?.type === REGISTRY_TYPE) return registry;
  if (rbac) throw linkedAuthorizationFailed(principal, targetId, resourceId);
  throw resourceNotFound(REGISTRY_TYPE, parsed.name ?? resourceId, parsed.resourceGroup ?? '');
}

/** The caller must be able to pull from the source (AcrPull, Reader, … or ABAC repository read). */
function requirePullOnSource(ctx: ArmContext, principal: ArmPrincipal, targetId: string, source: StoredResource): void {
  const blocks = effectivePermissions(ctx.store, roleLookup(ctx.store), principal.objectId, source.id);
  if (allowsAction(blocks, PULL_ACTION) || allowsDataAction(blocks, CONTENT_READ)) return;
  throw linkedAuthorizationFailed(principal, targetId, source.id);
}

function linkedAuthorizationFailed(principal: ArmPrincipal, targetId: string, sourceId: string): ArmError {
  return new ArmError(
    403,
    'LinkedAuthorizationFailed',
    `The client '${principal.clientId}' with object id '${principal.objectId}' has permission to perform action '${NS}/registries/importImage/action' on scope '${targetId}'; however, it does not have permission to perform action(s) '${PULL_ACTION}' on the linked scope(s) '${sourceId}' (respectively) or the linked scope(s) are invalid.`,
  );
}

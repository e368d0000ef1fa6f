/**
 * What happens to every ARM request, in ARM's order: request ids → api-version present → authentication
 * → route → api-version valid → throttling → injected faults → body → RBAC → locks → handler.
 * Answers always carry x-ms-request-id and x-ms-correlation-request-id (the client's, when it sent one).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultHook, RequestLogger } from '../shared/contract.js';
import { randomId } from '../shared/ids.js';
import { header, readBody, requestUrl, sleep } from '../http/io.js';
import type { AccessTokenIssuer } from '../entra/accessTokens.js';
import { authenticate } from './auth.js';
import { ArmError, invalidRequestContent } from './errors.js';
import { decodeSegments } from './pathTemplate.js';
import type { ArmContext, ArmRequest, ArmResponse, HttpMethod } from './provider.js';
import { checkApiVersion, type ArmRouter, type RouteMatch } from './router.js';
import type { Throttle } from './throttle.js';
import { authorize, type RoleLookup } from './rbac.js';
import { enforceLocks } from './locks.js';
import { parseResourceId } from './resourceId.js';

export interface PipelineDeps {
  router: ArmRouter;
  context: ArmContext;
  tokens: AccessTokenIssuer;
  entraUrl: () => string;
  throttle: Throttle;
  faults: FaultHook;
  log: RequestLogger;
  rbacEnabled: () => boolean;
  roles: RoleLookup;
}

/** Header carrying ArmContext.internalCallSecret on the deployment engine's own requests. */
export const INTERNAL_CALL_HEADER = 'x-ms-emulator-internal-call';

const METHODS = new Set<HttpMethod>(['GET', 'PUT', 'PATCH', 'DELETE', 'POST', 'HEAD']);

export async function handleArmRequest(deps: PipelineDeps, raw: IncomingMessage, res: ServerResponse): Promise<void> {
  const baseHeaders: Record<string, string> = {
    'x-ms-request-id': randomId(),
    'x-ms-correlation-request-id': header(raw, 'x-ms-correlation-request-id') ?? randomId(),
  };
  const url = requestUrl(raw);
  const method = (raw.method ?? 'GET').toUpperCase() as HttpMethod;
  const log = { principal: undefined as string | undefined, kind: undefined as string | undefined };
  res.on('finish', () =>
    deps.log({
      service: 'arm',
      method,
      path: raw.url ?? url.pathname,
      status: res.statusCode,
      principal: log.principal,
      kind: log.kind,
    }),
  );
  let extraHeaders: Record<string, string> = {};
  try {
    const answer = await run(deps, raw, url, method, log, (h) => (extraHeaders = { ...extraHeaders, ...h }));
    send(res, answer.status, answer.body, { ...baseHeaders, ...extraHeaders, ...(answer.headers ?? {}) });
  } catch (err) {
    const error =
      err instanceof ArmError
        ? err
        : new ArmError(500, 'InternalServerError', `Internal emulator error: ${String(err)}`);
    send(res, error.status, error.body(), { ...baseHeaders, ...extraHeaders, ...error.extraHeaders });
  }
}

async function run(
  deps: PipelineDeps,
  raw: IncomingMessage,
  url: URL,
  method: HttpMethod,
  log: { principal?: string; kind?: string },
  addHeaders: (headers: Record<string, string>) => void,
): Promise<ArmResponse> {
  if (!METHODS.has(method))
    throw new ArmError(405, 'HttpMethodNotAllowed', `The requested resource does not support http method '${method}'.`);
  const apiVersion = url.searchParams.get('api-version');
  if (!apiVersion)
    throw new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );

  const principal = authenticate(header(raw, 'authorization'), deps.tokens, deps.context.armUrl, deps.entraUrl());
  log.principal = principal.objectId;

  const segments = decodeSegments(url.pathname);
  const path = `/${segments.join('/')}`;
  const match = deps.router.resolve(method, path, segments, apiVersion);
  const { route, provider } = match.registered;
  log.kind = route.kind ?? defaultKind(method);

  const body = await parseBody(raw, method);
  const req: ArmRequest = {
    method,
    path,
    query: url.searchParams,
    params: match.params,
    apiVersion,
    body,
    principal,
    headers: raw.headers,
    raw,
  };
  checkApiVersion(provider, route.resourceType, apiVersion, locationForMessage(req, deps.context));

  const subscriptionId = parseResourceId(path).subscriptionId ?? 'tenant';
  const internalCall = header(raw, INTERNAL_CALL_HEADER) === deps.context.internalCallSecret;
  if (!internalCall) addHeaders(deps.throttle.take(subscriptionId, principal.objectId, method));

  const fault = deps.faults(log.kind, raw);
  if (fault?.delayMs) await sleep(fault.delayMs);
  if (fault?.status) {
    throw new ArmError(
      fault.status,
      fault.errorCode ?? defaultFaultCode(fault.status),
      faultMessage(fault.status),
      fault.headers ?? {},
    );
  }

  const scope = route.scope ? route.scope(req) : defaultScope(req);
  if (deps.rbacEnabled() && !route.rbacExempt)
    authorize(deps.context.store, deps.roles, principal, actionOf(match, method, req), scope);
  if (!route.lockExempt && method !== 'GET' && method !== 'HEAD')
    enforceLocks(deps.context.store, scope, method === 'DELETE' ? 'delete' : 'write');

  return route.handle(req, deps.context);
}

function defaultKind(method: HttpMethod): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return 'arm:read';
    case 'DELETE':
      return 'arm:delete';
    case 'POST':
      return 'arm:action';
    default:
      return 'arm:write';
  }
}

/** RBAC action of the route, or ARM's convention: {namespace}/{type}/read|write|delete|{action}/action. */
export function actionOf(match: RouteMatch, method: HttpMethod, req: ArmRequest): string {
  const { route, provider } = match.registered;
  if (route.action) return route.action;
  const base = `${provider.namespace}/${route.resourceType}`;
  if (method === 'GET' || method === 'HEAD') return `${base}/read`;
  if (method === 'DELETE') return `${base}/delete`;
  if (method === 'POST') return `${base}/${req.path.split('/').pop() ?? ''}/action`;
  return `${base}/write`;
}

/** The resource the request acts on: its path, without a POST action's last segment. */
function defaultScope(req: ArmRequest): string {
  return req.method === 'POST' ? req.path.slice(0, req.path.lastIndexOf('/')) : req.path;
}

async function parseBody(raw: IncomingMessage, method: HttpMethod): Promise<unknown> {
  if (method === 'GET' || method === 'HEAD' || method === 'DELETE') return undefined;
  const text = (await readBody(raw)).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw invalidRequestContent((err as Error).message);
  }
}

/** The location ARM names in NoRegisteredProviderFound: the body's, the resource's, or its group's. */
function locationForMessage(req: ArmRequest, ctx: ArmContext): string {
  const fromBody = (req.body as { location?: unknown } | undefined)?.location;
  if (typeof fromBody === 'string') return fromBody;
  const existing = ctx.store.get(req.path)?.body.location;
  if (typeof existing === 'string') return existing;
  const parsed = parseResourceId(req.path);
  if (parsed.subscriptionId && parsed.resourceGroup) {
    const group = ctx.store.get(`/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup}`);
    if (typeof group?.body.location === 'string') return group.body.location;
  }
  return 'global';
}

function defaultFaultCode(status: number): string {
  if (status === 429) return 'TooManyRequests';
  if (status === 503) return 'ServiceUnavailable';
  if (status === 504) return 'GatewayTimeout';
  return status >= 500 ? 'InternalServerError' : 'BadRequest';
}

function faultMessage(status: number): string {
  if (status === 429)
    return 'The request was throttled. Please retry after the time given in the Retry-After header (injected fault).';
  return `The service could not process the request (injected fault, HTTP ${status}).`;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (body === undefined || status === 204) {
    res.writeHead(status, { ...headers, 'content-length': 0 });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

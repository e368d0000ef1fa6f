/**
 * The data plane of one registry: routes a request, logs it, applies the network rule and the
 * fault hook, then runs the route. Every error leaves as the registry error format.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RegistryControl } from '../../shared/contract.js';
import { TokenIssuer } from '../auth/tokens.js';
import type { RegistryStore } from '../store/registry-store.js';
import { UploadSessions } from '../store/uploads.js';
import { authorize } from './authorize.js';
import { handleBlob } from './blobs.js';
import type { DataPlaneHooks, RequestContext } from './context.js';
import { codeForStatus, RegistryError, sendError, sendJson } from './errors.js';
import { handleManifest } from './manifests.js';
import { handleCatalog, handleReferrers, handleTagList } from './listing.js';
import {
  handleAcrCatalog,
  handleAcrManifest,
  handleAcrManifests,
  handleAcrRepository,
  handleAcrTag,
  handleAcrTags,
} from './metadata.js';
import { matchRoute, type RouteMatch, type RouteName } from './routes.js';
import { handleExchange, handleToken } from './token-endpoints.js';
import { handleUpload, handleUploadStart } from './uploads.js';

type RouteHandler = (ctx: RequestContext) => void | Promise<void>;

const HANDLERS: Record<RouteName, RouteHandler> = {
  ping: handlePing,
  exchange: handleExchange,
  token: handleToken,
  catalog: handleCatalog,
  tagList: handleTagList,
  manifest: handleManifest,
  uploadStart: handleUploadStart,
  upload: handleUpload,
  blob: handleBlob,
  referrers: handleReferrers,
  acrCatalog: handleAcrCatalog,
  acrRepository: handleAcrRepository,
  acrTags: handleAcrTags,
  acrTag: handleAcrTag,
  acrManifests: handleAcrManifests,
  acrManifest: handleAcrManifest,
};

/** The operation kind for logs and faults, e.g. 'acr:blob-get' (see contract.ts FaultHook). */
export function operationKind(route: RouteName | undefined, method: string): string {
  const reading = method === 'GET' || method === 'HEAD';
  switch (route) {
    case 'ping':
      return 'acr:ping';
    case 'exchange':
    case 'token':
      return 'acr:token';
    case 'catalog':
    case 'acrCatalog':
      return 'acr:catalog';
    case 'tagList':
    case 'acrTags':
      return 'acr:tags';
    case 'manifest':
      return reading ? 'acr:manifest-get' : method === 'PUT' ? 'acr:manifest-put' : 'acr:delete';
    case 'blob':
      return reading ? 'acr:blob-get' : 'acr:delete';
    case 'uploadStart':
    case 'upload':
      return 'acr:blob-put';
    case 'referrers':
      return 'acr:referrers';
    case 'acrRepository':
    case 'acrTag':
      return method === 'DELETE' ? 'acr:delete' : 'acr:metadata';
    case 'acrManifests':
    case 'acrManifest':
      return 'acr:metadata';
    default:
      return 'acr:unknown';
  }
}

/**
 * The request handler for one registry's login server. `store` holds its content; `control`
 * answers auth and settings questions from ARM state, live.
 */
export function createDataPlaneHandler(
  control: RegistryControl,
  store: RegistryStore,
  hooks: DataPlaneHooks,
): (req: IncomingMessage, res: ServerResponse) => void {
  const now = hooks.now ?? (() => new Date());
  const issuer = new TokenIssuer(control, {
    secret: hooks.tokenSecret ?? randomBytes(32),
    now,
    accessTokenSeconds: hooks.accessTokenSeconds ?? 3600,
    refreshTokenSeconds: hooks.refreshTokenSeconds ?? 3 * 3600,
  });
  const uploads = new UploadSessions(store.blobs);
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'https://registry.invalid');
    const route = decodeAndMatch(url.pathname);
    const ctx: RequestContext = {
      req,
      res,
      url,
      isHead: req.method === 'HEAD',
      repository: route?.repository ?? '',
      reference: route?.reference ?? '',
      control,
      store,
      uploads,
      issuer,
      now,
      fault: undefined,
      principal: undefined,
    };
    const kind = operationKind(route?.name, req.method ?? 'GET');
    // Logged when the status line is written (before the client can see it, so tests reading the
    // log right after a response are deterministic); 'close' covers responses that never got one.
    let logged = false;
    const logOnce = (): void => {
      if (logged) return;
      logged = true;
      hooks.log({
        service: `acr:${control.name}`,
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        status: res.statusCode,
        principal: ctx.principal,
        kind,
      });
    };
    onHeadersWritten(res, logOnce);
    res.once('close', logOnce);
    void serve(ctx, route, kind, hooks).catch((error: unknown) => answerError(ctx, error));
  };
}

function onHeadersWritten(res: ServerResponse, callback: () => void): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    const result = writeHead(...args);
    callback();
    return result;
  }) as ServerResponse['writeHead'];
}

function decodeAndMatch(pathname: string): RouteMatch | undefined {
  try {
    return matchRoute(decodeURIComponent(pathname));
  } catch {
    return undefined; // malformed percent-encoding
  }
}

async function serve(ctx: RequestContext, route: RouteMatch | undefined, kind: string, hooks: DataPlaneHooks) {
  if (!ctx.control.publicNetworkAccessEnabled()) throw firewallDenial(ctx.req);
  if (!route) throw new RegistryError('UNSUPPORTED', { status: 404, message: 'no such endpoint' });
  const action = hooks.fault?.(kind, ctx.req);
  if (action?.delayMs) await sleep(action.delayMs);
  if (action?.status) {
    const code = action.errorCode ?? codeForStatus(action.status);
    throw new RegistryError(code, { status: action.status, headers: action.headers ?? {} });
  }
  ctx.fault = action;
  await HANDLERS[route.name](ctx);
}

/** ACR's wording for a caller its network rules refuse. */
function firewallDenial(req: IncomingMessage): RegistryError {
  const ip = (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
  return new RegistryError('DENIED', {
    message: `client with IP '${ip}' is not allowed access. Refer https://aka.ms/acr/firewall to grant access.`,
  });
}

function handlePing(ctx: RequestContext): void {
  if (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD') throw new RegistryError('UNSUPPORTED');
  authorize(ctx, 'any');
  sendJson(ctx.res, 200, {}, {}, ctx.isHead);
}

function answerError(ctx: RequestContext, error: unknown): void {
  ctx.req.resume();
  if (ctx.res.headersSent) {
    ctx.res.destroy(error instanceof Error ? error : undefined);
    return;
  }
  const registryError =
    error instanceof RegistryError ? error : new RegistryError('UNKNOWN', { message: describeUnexpected(error) });
  sendError(ctx.res, registryError, ctx.isHead);
}

function describeUnexpected(error: unknown): string {
  return error instanceof Error ? `internal error: ${error.message}` : 'internal error';
}

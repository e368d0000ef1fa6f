/**
 * The Entra ID listener: discovery, JWKS, the token endpoint, and the two fake OIDC issuers
 * (GitHub Actions under /github, Azure DevOps under /ado). Every request is logged as service 'entra'.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultHook, RequestLogger } from '../shared/contract.js';
import { header, readBody, requestUrl, sendJson, sleep } from '../http/io.js';
import { listenHttpsPreferring, type HttpsListener } from '../http/server.js';
import type { TlsMaterial } from '../tls/ca.js';
import { randomId } from '../shared/ids.js';
import type { Directory } from './directory.js';
import { EntraError, entraErrorBody } from './errors.js';
import { AccessTokenIssuer } from './accessTokens.js';
import type { SigningKey } from './keys.js';
import { openIdConfigurationV1, openIdConfigurationV2 } from './discovery.js';
import { grantToken } from './tokenEndpoint.js';
import { GITHUB_PREFIX, GithubActionsIssuer } from './oidcGithub.js';
import { ADO_PREFIX, AzureDevOpsIssuer, type AdoPipeline } from './oidcAdo.js';
import type { IssuerResponse, TrustedIssuer } from './oidcCommon.js';

export interface EntraServiceOptions {
  directory: Directory;
  keys: { entra: SigningKey; github: SigningKey; ado: SigningKey };
  tokenLifetimeSeconds: number;
  oidcTokenLifetimeSeconds: number;
  adoPipeline: AdoPipeline;
  knownResources: () => readonly string[];
  faults: FaultHook;
  log: RequestLogger;
}

export class EntraService {
  readonly tokens: AccessTokenIssuer;
  readonly github: GithubActionsIssuer;
  readonly ado: AzureDevOpsIssuer;
  /** More issuers whose tokens federated credentials may trust (tests can add their own). */
  readonly extraIssuers: TrustedIssuer[] = [];
  private tokenLifetime: number;
  private listener?: HttpsListener;

  constructor(private readonly options: EntraServiceOptions) {
    this.tokenLifetime = options.tokenLifetimeSeconds;
    const base = () => this.url;
    const oidcLifetime = () => options.oidcTokenLifetimeSeconds;
    this.tokens = new AccessTokenIssuer({
      key: options.keys.entra,
      tenantId: options.directory.tenantId,
      baseUrl: base,
      lifetimeSeconds: () => this.tokenLifetime,
    });
    this.github = new GithubActionsIssuer(options.keys.github, base, oidcLifetime);
    this.ado = new AzureDevOpsIssuer(options.keys.ado, base, oidcLifetime, options.adoPipeline);
  }

  get url(): string {
    if (!this.listener) throw new Error('Entra service is not started');
    return this.listener.url;
  }

  get port(): number | undefined {
    return this.listener?.port;
  }

  /** Lifetime of tokens issued from now on (seconds). Short values exercise clients' refresh logic. */
  setTokenLifetime(seconds: number): void {
    this.tokenLifetime = seconds;
  }

  async start(tls: TlsMaterial, preferredPort?: number): Promise<void> {
    this.listener = await listenHttpsPreferring(
      tls,
      (req, res) => this.handle(req, res),
      (err, _req, res) => this.fail(res, err),
      preferredPort,
    );
  }

  async stop(): Promise<void> {
    await this.listener?.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const kind = kindOf(path);
    const correlationId = header(req, 'client-request-id') ?? randomId();
    let principal: string | undefined;
    res.on('finish', () =>
      this.options.log({ service: 'entra', method, path: req.url ?? path, status: res.statusCode, principal, kind }),
    );
    const fault = this.options.faults(kind, req);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.status) {
      const error = new EntraError(
        fault.status,
        fault.errorCode ?? transientError(fault.status),
        90033,
        'A transient error has occurred. Please try again.',
      );
      sendJson(res, fault.status, entraErrorBody(error, correlationId, this.url), fault.headers);
      return;
    }
    if (path.startsWith(`${GITHUB_PREFIX}/`))
      return this.sendIssuer(res, this.github.handle(method, path, url, header(req, 'authorization')));
    if (path.startsWith(`${ADO_PREFIX}/`))
      return this.sendIssuer(res, this.ado.handle(method, path, url, header(req, 'authorization')));

    const segments = path.split('/').filter(Boolean);
    const tenant = segments[0] ?? '';
    const rest = segments.slice(1).join('/');
    const headers = {
      'client-request-id': correlationId,
      'x-ms-request-id': randomId(),
      'cache-control': 'no-store, no-cache',
    };
    try {
      if (method === 'POST' && (rest === 'oauth2/v2.0/token' || rest === 'oauth2/token')) {
        const form = new URLSearchParams((await readBody(req)).toString('utf8'));
        const grant = grantToken(
          this.tokenDeps(),
          tenant,
          form,
          header(req, 'authorization'),
          rest === 'oauth2/token' ? 'v1' : 'v2',
        );
        principal = grant.principal.objectId;
        sendJson(res, 200, grant.body, headers);
        return;
      }
      if (method === 'GET') {
        const body = this.discovery(tenant, rest);
        if (body) return sendJson(res, 200, body, headers);
      }
      sendJson(res, 404, { error: 'not_found', error_description: `No such endpoint: ${method} ${path}` }, headers);
    } catch (err) {
      if (!(err instanceof EntraError)) throw err;
      sendJson(res, err.status, entraErrorBody(err, correlationId, this.url), headers);
    }
  }

  private discovery(tenant: string, rest: string): unknown {
    const tenantId = this.options.directory.tenantId;
    const known = tenant === tenantId || tenant === 'common' || tenant === 'organizations';
    if (rest === 'v2.0/.well-known/openid-configuration' || rest === '.well-known/openid-configuration') {
      if (!known) {
        throw new EntraError(
          400,
          'invalid_tenant',
          90002,
          `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        );
      }
      const issuerTenant = tenant === tenantId ? tenantId : '{tenantid}';
      return rest.startsWith('v2.0')
        ? openIdConfigurationV2(this.url, tenant, issuerTenant)
        : openIdConfigurationV1(this.url, tenant, issuerTenant);
    }
    if (rest === 'discovery/v2.0/keys' || rest === 'discovery/keys') return { keys: [this.options.keys.entra.jwk] };
    return undefined;
  }

  private tokenDeps() {
    return {
      directory: this.options.directory,
      tokens: this.tokens,
      issuers: () => [this.github, this.ado, ...this.extraIssuers],
      knownResources: this.options.knownResources,
    };
  }

  private sendIssuer(res: ServerResponse, answer: IssuerResponse): void {
    sendJson(res, answer.status, answer.body, answer.headers);
  }

  private fail(res: ServerResponse, err: unknown): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const error = new EntraError(500, 'server_error', 90033, `Internal emulator error: ${String(err)}`);
    sendJson(res, 500, entraErrorBody(error, randomId(), this.listener?.url ?? ''));
  }
}

function kindOf(path: string): string {
  if (path.startsWith(`${GITHUB_PREFIX}/`)) return 'oidc:github';
  if (path.startsWith(`${ADO_PREFIX}/`)) return 'oidc:ado';
  return path.includes('/oauth2/') ? 'entra:token' : 'entra:discovery';
}

function transientError(status: number): string {
  return status === 429 || status >= 500 ? 'temporarily_unavailable' : 'invalid_request';
}

/**
 * A fake Azure DevOps OIDC provider, matching what @azure/identity's AzurePipelinesCredential sends:
 * `POST ${SYSTEM_OIDCREQUESTURI}?api-version=7.1&serviceConnectionId=<id>` with
 * `Authorization: Bearer <System.AccessToken>` and `X-TFS-FedAuthRedirect: Suppress`, answered with
 * `{ "oidcToken": "<jwt>" }`. Tokens carry sub `sc://ORG/PROJECT/CONNECTION` and aud api://AzureADTokenExchange.
 */
import { randomId } from '../shared/ids.js';
import type { SigningKey } from './keys.js';
import { bearerToken, mintIdToken, openIdDocument, type IssuerResponse, type TrustedIssuer } from './oidcCommon.js';

export interface AdoServiceConnection {
  id: string;
  name: string;
}

export interface AdoPipeline {
  organization: string;
  organizationId: string;
  project: string;
  projectId: string;
  /** Value of System.AccessToken for this pipeline run. */
  systemAccessToken: string;
  serviceConnections: AdoServiceConnection[];
}

export const ADO_PREFIX = '/ado';
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

export class AzureDevOpsIssuer implements TrustedIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly baseUrl: () => string,
    private readonly lifetimeSeconds: () => number,
    readonly pipeline: AdoPipeline,
  ) {}

  /** Per organization, like https://vstoken.dev.azure.com/{organizationId}. */
  get issuer(): string {
    return `${this.baseUrl()}${ADO_PREFIX}/${this.pipeline.organizationId}`;
  }

  publicKeys() {
    return [this.key.publicKey];
  }

  /** Value of SYSTEM_OIDCREQUESTURI. */
  get requestUri(): string {
    const { organization, projectId } = this.pipeline;
    return `${this.baseUrl()}${ADO_PREFIX}/${organization}/${projectId}/_apis/distributedtask/hubs/build/plans/${planId}/jobs/${planId}/oidctoken`;
  }

  subjectOf(connection: AdoServiceConnection): string {
    return `sc://${this.pipeline.organization}/${this.pipeline.project}/${connection.name}`;
  }

  addServiceConnection(name: string, id = randomId()): AdoServiceConnection {
    const connection = { id, name };
    this.pipeline.serviceConnections.push(connection);
    return connection;
  }

  mint(connection: AdoServiceConnection, expiresInSeconds = this.lifetimeSeconds()): string {
    return mintIdToken(
      this.key,
      { iss: this.issuer, sub: this.subjectOf(connection), aud: TOKEN_EXCHANGE_AUDIENCE },
      expiresInSeconds,
    );
  }

  handle(method: string, path: string, url: URL, authorization: string | undefined): IssuerResponse {
    if (method === 'GET' && path === `${ADO_PREFIX}/${this.pipeline.organizationId}/.well-known/openid-configuration`) {
      return { status: 200, body: openIdDocument(this.issuer, `${this.issuer}/.well-known/jwks`) };
    }
    if (method === 'GET' && path === `${ADO_PREFIX}/${this.pipeline.organizationId}/.well-known/jwks`) {
      return { status: 200, body: { keys: [this.key.jwk] } };
    }
    if (method === 'POST' && path.endsWith('/oidctoken')) return this.issueOidcToken(url, authorization);
    return { status: 404, body: vssError('The resource cannot be found.') };
  }

  private issueOidcToken(url: URL, authorization: string | undefined): IssuerResponse {
    if (bearerToken(authorization) !== this.pipeline.systemAccessToken) {
      return { status: 401, body: vssError('TF400813: The user is not authorized to access this resource.') };
    }
    const id = url.searchParams.get('serviceConnectionId') ?? '';
    const connection = this.pipeline.serviceConnections.find((c) => c.id === id);
    if (!connection) {
      return {
        status: 400,
        body: vssError(`Service connection '${id}' was not found or the pipeline is not authorized to use it.`),
      };
    }
    return { status: 200, body: { oidcToken: this.mint(connection) } };
  }
}

function vssError(message: string): Record<string, unknown> {
  return {
    $id: '1',
    innerException: null,
    message,
    typeName: 'Microsoft.VisualStudio.Services.WebApi.VssServiceException',
    typeKey: 'VssServiceException',
    errorCode: 0,
    eventId: 3000,
  };
}

const planId = '00000000-0000-0000-0000-000000000000';

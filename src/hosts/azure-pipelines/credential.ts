import type { TokenCredential } from '@azure/core-auth';
import {
  AzurePipelinesCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
} from '@azure/identity';
import type { CloudSettings } from '../../core/azure/clouds.js';
import { RelocationError } from '../../core/errors.js';
import { identityOptions, type IdentityOptions } from '../cli/credential.js';
import type { ServiceConnection } from './connection.js';

/** Constructors of the credentials a service connection can select (replaced by fakes in tests). */
export interface ServiceConnectionFactories {
  pipelines(
    tenantId: string,
    clientId: string,
    serviceConnectionId: string,
    systemAccessToken: string,
    options: IdentityOptions,
  ): TokenCredential;
  clientSecret(tenantId: string, clientId: string, secret: string, options: IdentityOptions): TokenCredential;
  clientCertificate(tenantId: string, clientId: string, pem: string, options: IdentityOptions): TokenCredential;
  managedIdentity(): TokenCredential;
}

export const PIPELINES_IDENTITY: ServiceConnectionFactories = {
  pipelines: (tenantId, clientId, connectionId, accessToken, options) =>
    new AzurePipelinesCredential(tenantId, clientId, connectionId, accessToken, options),
  clientSecret: (tenantId, clientId, secret, options) =>
    new ClientSecretCredential(tenantId, clientId, secret, options),
  clientCertificate: (tenantId, clientId, pem, options) =>
    new ClientCertificateCredential(tenantId, clientId, { certificate: pem }, options),
  managedIdentity: () => new ManagedIdentityCredential(),
};

export interface PipelineContext {
  /** System.AccessToken, if the agent gave it to the task. */
  systemAccessToken: string | undefined;
  /** SYSTEM_OIDCREQUESTURI: where the agent hands out OIDC tokens for service connections. */
  oidcRequestUri: string | undefined;
}

export const SUPPORTED_SCHEMES =
  'WorkloadIdentityFederation, ServicePrincipal (secret or certificate), ManagedServiceIdentity';

/** The credential for an Azure Resource Manager service connection, by its authorization scheme. */
export function serviceConnectionCredential(
  connection: ServiceConnection,
  cloud: CloudSettings,
  context: PipelineContext,
  factories: ServiceConnectionFactories = PIPELINES_IDENTITY,
): TokenCredential {
  const options = identityOptions(cloud);
  switch (connection.scheme) {
    case 'WorkloadIdentityFederation': {
      const { tenantId, clientId } = principal(connection);
      if (!context.systemAccessToken) {
        throw new RelocationError(
          'AUTH_CONFIG',
          `Service connection ${connection.id} uses workload identity federation, which needs System.AccessToken, and the task did not get it.`,
          'Map it into the step: add `env:` with `SYSTEM_ACCESSTOKEN: $(System.AccessToken)` to the task, and make sure the job may use the OAuth token.',
        );
      }
      if (!context.oidcRequestUri) {
        throw new RelocationError(
          'AUTH_CONFIG',
          `Service connection ${connection.id} uses workload identity federation, but SYSTEM_OIDCREQUESTURI is not set.`,
          'Run the task on an Azure Pipelines agent recent enough to issue OIDC tokens (3.227 or later).',
        );
      }
      return factories.pipelines(tenantId, clientId, connection.id, context.systemAccessToken, options);
    }
    case 'ServicePrincipal':
      return servicePrincipalCredential(connection, options, factories);
    case 'ManagedServiceIdentity':
      return factories.managedIdentity();
    default:
      throw new RelocationError(
        'AUTH_CONFIG',
        `Service connection ${connection.id} uses the authorization scheme "${connection.scheme ?? '(none)'}", which acr-relocate does not support.`,
        `Use an Azure Resource Manager service connection with one of: ${SUPPORTED_SCHEMES}.`,
      );
  }
}

function servicePrincipalCredential(
  connection: ServiceConnection,
  options: IdentityOptions,
  factories: ServiceConnectionFactories,
): TokenCredential {
  const { tenantId, clientId } = principal(connection);
  // Connections created before certificates were supported carry no authenticationType: a key.
  const type = connection.parameters['authenticationtype'] ?? 'spnKey';
  if (type === 'spnKey') {
    return factories.clientSecret(tenantId, clientId, required(connection, 'serviceprincipalkey'), options);
  }
  if (type === 'spnCertificate') {
    return factories.clientCertificate(
      tenantId,
      clientId,
      required(connection, 'serviceprincipalcertificate'),
      options,
    );
  }
  throw new RelocationError(
    'AUTH_CONFIG',
    `Service connection ${connection.id} is a service principal with authenticationType "${type}", which acr-relocate does not support.`,
    'Use a service principal with a secret (spnKey) or a certificate (spnCertificate), or workload identity federation.',
  );
}

function principal(connection: ServiceConnection): { tenantId: string; clientId: string } {
  return { tenantId: required(connection, 'tenantid'), clientId: required(connection, 'serviceprincipalid') };
}

function required(connection: ServiceConnection, key: string): string {
  const value = connection.parameters[key];
  if (!value) {
    throw new RelocationError(
      'AUTH_CONFIG',
      `Service connection ${connection.id} (${connection.scheme}) has no "${key}" authorization parameter.`,
      'Check the service connection in the project settings, or recreate it.',
    );
  }
  return value;
}

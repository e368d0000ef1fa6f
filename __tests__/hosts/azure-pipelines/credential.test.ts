import type { TokenCredential } from '@azure/core-auth';
import { resolveCloud } from '../../../src/core/azure/clouds.js';
import { RelocationError } from '../../../src/core/errors.js';
import type { ServiceConnection } from '../../../src/hosts/azure-pipelines/connection.js';
import {
  serviceConnectionCredential,
  type PipelineContext,
  type ServiceConnectionFactories,
} from '../../../src/hosts/azure-pipelines/credential.js';

function connection(scheme: string | undefined, parameters: Record<string, string>): ServiceConnection {
  return { id: 'conn-1', scheme, parameters, data: () => undefined };
}

function recording(): { made: Array<{ kind: string; args: unknown[] }>; factories: ServiceConnectionFactories } {
  const made: Array<{ kind: string; args: unknown[] }> = [];
  const credential =
    (kind: string) =>
    (...args: unknown[]): TokenCredential => {
      made.push({ kind, args });
      return { getToken: async () => null };
    };
  return {
    made,
    factories: {
      pipelines: credential('pipelines'),
      clientSecret: credential('secret'),
      clientCertificate: credential('certificate'),
      managedIdentity: credential('managed'),
    },
  };
}

const CONTEXT: PipelineContext = { systemAccessToken: 'sys-token', oidcRequestUri: 'https://dev.azure.local/oidc' };
const PUBLIC = { authorityHost: 'https://login.microsoftonline.com', disableInstanceDiscovery: false };
const PRINCIPAL = { tenantid: 'tenant', serviceprincipalid: 'app' };

function failure(conn: ServiceConnection, context: PipelineContext = CONTEXT): RelocationError {
  try {
    serviceConnectionCredential(conn, resolveCloud('AzureCloud'), context, recording().factories);
  } catch (error) {
    if (error instanceof RelocationError) return error;
    throw error;
  }
  throw new Error('expected a RelocationError');
}

describe('serviceConnectionCredential', () => {
  it('uses AzurePipelinesCredential for workload identity federation', () => {
    const { made, factories } = recording();
    serviceConnectionCredential(
      connection('WorkloadIdentityFederation', PRINCIPAL),
      resolveCloud('AzureCloud'),
      CONTEXT,
      factories,
    );
    expect(made).toEqual([{ kind: 'pipelines', args: ['tenant', 'app', 'conn-1', 'sys-token', PUBLIC] }]);
  });

  it('explains how to map System.AccessToken when the task lacks it', () => {
    const error = failure(connection('WorkloadIdentityFederation', PRINCIPAL), {
      ...CONTEXT,
      systemAccessToken: undefined,
    });
    expect(error.code).toBe('AUTH_CONFIG');
    expect(error.message).toContain('System.AccessToken');
    expect(error.hint).toContain('SYSTEM_ACCESSTOKEN: $(System.AccessToken)');
  });

  it('names SYSTEM_OIDCREQUESTURI when the agent does not issue OIDC tokens', () => {
    const error = failure(connection('WorkloadIdentityFederation', PRINCIPAL), {
      ...CONTEXT,
      oidcRequestUri: undefined,
    });
    expect(error.message).toContain('SYSTEM_OIDCREQUESTURI');
  });

  it('uses a client secret for a service principal with a key (also when authenticationType is absent)', () => {
    for (const parameters of [
      { ...PRINCIPAL, authenticationtype: 'spnKey', serviceprincipalkey: 'key' },
      { ...PRINCIPAL, serviceprincipalkey: 'key' },
    ]) {
      const { made, factories } = recording();
      serviceConnectionCredential(
        connection('ServicePrincipal', parameters),
        resolveCloud('AzureCloud'),
        CONTEXT,
        factories,
      );
      expect(made).toEqual([{ kind: 'secret', args: ['tenant', 'app', 'key', PUBLIC] }]);
    }
  });

  it('uses the PEM for a service principal with a certificate', () => {
    const { made, factories } = recording();
    const pem = '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----';
    serviceConnectionCredential(
      connection('ServicePrincipal', {
        ...PRINCIPAL,
        authenticationtype: 'spnCertificate',
        serviceprincipalcertificate: pem,
      }),
      resolveCloud('AzureChinaCloud'),
      CONTEXT,
      factories,
    );
    expect(made).toEqual([
      {
        kind: 'certificate',
        args: [
          'tenant',
          'app',
          pem,
          { authorityHost: 'https://login.chinacloudapi.cn', disableInstanceDiscovery: false },
        ],
      },
    ]);
  });

  it('pins a custom authority for every MSAL credential', () => {
    const cloud = resolveCloud('AzureCloud', { authorityHost: 'https://127.0.0.1:7443' });
    const { made, factories } = recording();
    serviceConnectionCredential(connection('WorkloadIdentityFederation', PRINCIPAL), cloud, CONTEXT, factories);
    serviceConnectionCredential(
      connection('ServicePrincipal', { ...PRINCIPAL, serviceprincipalkey: 'k' }),
      cloud,
      CONTEXT,
      factories,
    );
    for (const credential of made) {
      expect(credential.args.at(-1)).toEqual({
        authorityHost: 'https://127.0.0.1:7443',
        disableInstanceDiscovery: true,
      });
    }
  });

  it('uses the managed identity for ManagedServiceIdentity', () => {
    const { made, factories } = recording();
    serviceConnectionCredential(
      connection('ManagedServiceIdentity', { tenantid: 't' }),
      resolveCloud('AzureCloud'),
      CONTEXT,
      factories,
    );
    expect(made).toEqual([{ kind: 'managed', args: [] }]);
  });

  it('names a missing authorization parameter', () => {
    const error = failure(connection('ServicePrincipal', { tenantid: 'tenant', serviceprincipalid: 'app' }));
    expect(error.message).toContain('"serviceprincipalkey"');
  });

  it('refuses an unknown service principal authentication type', () => {
    const error = failure(connection('ServicePrincipal', { ...PRINCIPAL, authenticationtype: 'spnMagic' }));
    expect(error.message).toContain('spnMagic');
  });

  it.each(['PublishProfile', 'UsernamePassword', undefined])('lists the supported schemes for %s', (scheme) => {
    const error = failure(connection(scheme, PRINCIPAL));
    expect(error.code).toBe('AUTH_CONFIG');
    expect(error.hint).toContain('WorkloadIdentityFederation');
    expect(error.hint).toContain('ServicePrincipal');
    expect(error.hint).toContain('ManagedServiceIdentity');
  });
});

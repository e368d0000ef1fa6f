import type { TokenCredential } from '@azure/core-auth';
import { resolveCloud } from '../../../src/core/azure/clouds.js';
import { RelocationError } from '../../../src/core/errors.js';
import {
  environmentCredential,
  identityOptions,
  type EnvironmentCredentialFactories,
} from '../../../src/hosts/cli/credential.js';

interface Made {
  kind: string;
  args: unknown[];
}

function recording(): { made: Made[]; factories: EnvironmentCredentialFactories } {
  const made: Made[] = [];
  const credential =
    (kind: string) =>
    (...args: unknown[]): TokenCredential => {
      made.push({ kind, args });
      return { getToken: async () => null };
    };
  return {
    made,
    factories: {
      defaultChain: credential('default'),
      clientSecret: credential('secret'),
      clientCertificate: credential('certificate'),
      workloadIdentity: credential('workload'),
    },
  };
}

const EMULATOR = resolveCloud('AzureCloud', {
  armEndpoint: 'https://127.0.0.1:8443',
  authorityHost: 'https://127.0.0.1:8444',
});
const SP = { AZURE_TENANT_ID: 'tenant', AZURE_CLIENT_ID: 'app' };

describe('identityOptions', () => {
  it('pins the authority and disables instance discovery only for a custom authority', () => {
    expect(identityOptions(resolveCloud('AzureUSGovernment'))).toEqual({
      authorityHost: 'https://login.microsoftonline.us',
      disableInstanceDiscovery: false,
    });
    expect(identityOptions(EMULATOR)).toEqual({
      authorityHost: 'https://127.0.0.1:8444',
      disableInstanceDiscovery: true,
    });
  });
});

describe('environmentCredential', () => {
  it.each(['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'])(
    'uses DefaultAzureCredential with the authority of %s',
    (name) => {
      const { made, factories } = recording();
      const cloud = resolveCloud(name);
      environmentCredential(cloud, SP, factories);
      expect(made).toEqual([
        { kind: 'default', args: [{ authorityHost: cloud.authorityHost, disableInstanceDiscovery: false }] },
      ]);
    },
  );

  it('with a custom authority builds a client secret credential pinned to it', () => {
    const { made, factories } = recording();
    environmentCredential(EMULATOR, { ...SP, AZURE_CLIENT_SECRET: 's3cret' }, factories);
    expect(made).toEqual([
      {
        kind: 'secret',
        args: ['tenant', 'app', 's3cret', { authorityHost: 'https://127.0.0.1:8444', disableInstanceDiscovery: true }],
      },
    ]);
  });

  it('with a custom authority prefers a secret, then a certificate, then a federated token file', () => {
    const certificate = recording();
    environmentCredential(
      EMULATOR,
      {
        ...SP,
        AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem',
        AZURE_CLIENT_CERTIFICATE_PASSWORD: 'pw',
        AZURE_FEDERATED_TOKEN_FILE: '/t',
      },
      certificate.factories,
    );
    expect(certificate.made[0]?.kind).toBe('certificate');
    expect(certificate.made[0]?.args.slice(0, 3)).toEqual([
      'tenant',
      'app',
      { certificatePath: '/c.pem', certificatePassword: 'pw' },
    ]);

    const workload = recording();
    environmentCredential(EMULATOR, { ...SP, AZURE_FEDERATED_TOKEN_FILE: '/token' }, workload.factories);
    expect(workload.made).toEqual([
      {
        kind: 'workload',
        args: ['tenant', 'app', '/token', { authorityHost: 'https://127.0.0.1:8444', disableInstanceDiscovery: true }],
      },
    ]);
  });

  it('with a custom authority never falls back to developer tools or managed identity', () => {
    const { made, factories } = recording();
    let error: unknown;
    try {
      environmentCredential(EMULATOR, { AZURE_CLIENT_ID: 'app', AZURE_CLIENT_SECRET: 'x' }, factories);
    } catch (caught) {
      error = caught;
    }
    expect(made).toEqual([]);
    expect(error).toBeInstanceOf(RelocationError);
    expect((error as RelocationError).code).toBe('AUTH_CONFIG');
    expect((error as RelocationError).message).toContain('https://127.0.0.1:8444');
    expect((error as RelocationError).hint).toContain('AZURE_TENANT_ID');
  });
});

import type { TokenCredential } from '@azure/core-auth';
import { resolveCloud, type CloudSettings } from '../../../src/core/azure/clouds.js';
import { RelocationError } from '../../../src/core/errors.js';
import {
  gitHubCredential,
  type GitHubCredentialDeps,
  type GitHubSignIn,
} from '../../../src/hosts/github/credential.js';

const OIDC_ENV = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.local', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req' };

interface Recorded {
  assertion?: { tenantId: string; clientId: string; getAssertion: () => Promise<string>; options: unknown };
  environment?: CloudSettings;
  audiences: string[];
}

function deps(env: Record<string, string>): { recorded: Recorded; deps: GitHubCredentialDeps } {
  const recorded: Recorded = { audiences: [] };
  const credential: TokenCredential = { getToken: async () => null };
  let n = 0;
  return {
    recorded,
    deps: {
      env,
      getIDToken: async (audience) => {
        recorded.audiences.push(audience);
        n += 1;
        return `id-token-${n}`;
      },
      clientAssertion: (tenantId, clientId, getAssertion, options) => {
        recorded.assertion = { tenantId, clientId, getAssertion, options };
        return credential;
      },
      environment: (cloud) => {
        recorded.environment = cloud;
        return credential;
      },
    },
  };
}

function failure(signIn: GitHubSignIn, env: Record<string, string>): RelocationError {
  try {
    gitHubCredential(signIn, resolveCloud('AzureCloud'), deps(env).deps);
  } catch (error) {
    if (error instanceof RelocationError) return error;
    throw error;
  }
  throw new Error('expected a RelocationError');
}

describe('gitHubCredential', () => {
  it('exchanges a fresh GitHub ID token on every assertion', async () => {
    const { recorded, deps: d } = deps(OIDC_ENV);
    gitHubCredential({ clientId: 'app', tenantId: 'tenant' }, resolveCloud('AzureCloud'), d);
    expect(recorded.assertion?.tenantId).toBe('tenant');
    expect(recorded.assertion?.clientId).toBe('app');
    expect(recorded.audiences).toEqual([]); // nothing requested until Entra needs an assertion
    await expect(recorded.assertion?.getAssertion()).resolves.toBe('id-token-1');
    await expect(recorded.assertion?.getAssertion()).resolves.toBe('id-token-2');
    expect(recorded.audiences).toEqual(['api://AzureADTokenExchange', 'api://AzureADTokenExchange']);
  });

  it.each([
    ['AzureUSGovernment', 'api://AzureADTokenExchangeUSGov', 'https://login.microsoftonline.us'],
    ['AzureChinaCloud', 'api://AzureADTokenExchangeChina', 'https://login.chinacloudapi.cn'],
  ])('uses the audience and authority of %s', async (name, audience, authorityHost) => {
    const { recorded, deps: d } = deps(OIDC_ENV);
    gitHubCredential({ clientId: 'app', tenantId: 'tenant' }, resolveCloud(name), d);
    await recorded.assertion?.getAssertion();
    expect(recorded.audiences).toEqual([audience]);
    expect(recorded.assertion?.options).toEqual({ authorityHost, disableInstanceDiscovery: false });
  });

  it('takes the audience input over the cloud default', async () => {
    const { recorded, deps: d } = deps(OIDC_ENV);
    gitHubCredential({ clientId: 'app', tenantId: 'tenant', audience: 'api://custom' }, resolveCloud('AzureCloud'), d);
    await recorded.assertion?.getAssertion();
    expect(recorded.audiences).toEqual(['api://custom']);
  });

  it('pins a custom authority and disables instance discovery', () => {
    const { recorded, deps: d } = deps(OIDC_ENV);
    const cloud = resolveCloud('AzureCloud', { authorityHost: 'https://127.0.0.1:9443' });
    gitHubCredential({ clientId: 'app', tenantId: 'tenant' }, cloud, d);
    expect(recorded.assertion?.options).toEqual({
      authorityHost: 'https://127.0.0.1:9443',
      disableInstanceDiscovery: true,
    });
  });

  it('falls back to the environment credential without client-id and tenant-id', () => {
    const { recorded, deps: d } = deps({});
    const cloud = resolveCloud('AzureCloud');
    gitHubCredential({}, cloud, d);
    expect(recorded.environment).toBe(cloud);
    expect(recorded.assertion).toBeUndefined();
  });

  it.each([
    [{ clientId: 'app' }, 'client-id is set but tenant-id is not.'],
    [{ tenantId: 'tenant' }, 'tenant-id is set but client-id is not.'],
  ])('refuses half an OIDC configuration %j', (signIn, message) => {
    const error = failure(signIn, OIDC_ENV);
    expect(error.code).toBe('AUTH_CONFIG');
    expect(error.message).toBe(message);
  });

  it.each([
    [{}, 'ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN'],
    [{ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x' }, 'ACTIONS_ID_TOKEN_REQUEST_TOKEN not set'],
    [{ ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x' }, 'ACTIONS_ID_TOKEN_REQUEST_URL not set'],
  ])('names the missing id-token: write permission (%j)', (env, missing) => {
    const error = failure({ clientId: 'app', tenantId: 'tenant' }, env);
    expect(error.code).toBe('AUTH_CONFIG');
    expect(error.message).toContain(missing);
    expect(error.message).toContain('id-token: write');
    expect(error.hint).toContain('permissions:\n  id-token: write');
  });
});

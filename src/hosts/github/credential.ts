import type { TokenCredential } from '@azure/core-auth';
import { ClientAssertionCredential } from '@azure/identity';
import type { CloudSettings } from '../../core/azure/clouds.js';
import { RelocationError } from '../../core/errors.js';
import { environmentCredential, identityOptions, type IdentityOptions } from '../cli/credential.js';

/** The sign-in inputs of the action (raw text, unset = undefined). */
export interface GitHubSignIn {
  clientId?: string;
  tenantId?: string;
  audience?: string;
}

export interface GitHubCredentialDeps {
  env: Readonly<Record<string, string | undefined>>;
  /** core.getIDToken: a fresh OIDC token of the job for the audience. */
  getIDToken(audience: string): Promise<string>;
  clientAssertion(
    tenantId: string,
    clientId: string,
    getAssertion: () => Promise<string>,
    options: IdentityOptions,
  ): TokenCredential;
  /** The fallback when no OIDC sign-in is configured (DefaultAzureCredential, e.g. after azure/login). */
  environment(cloud: CloudSettings, env: Readonly<Record<string, string | undefined>>): TokenCredential;
}

export const GITHUB_IDENTITY: Omit<GitHubCredentialDeps, 'env' | 'getIDToken'> = {
  clientAssertion: (tenantId, clientId, getAssertion, options) =>
    new ClientAssertionCredential(tenantId, clientId, getAssertion, options),
  environment: (cloud, env) => environmentCredential(cloud, env),
};

const OIDC_VARIABLES = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'] as const;

/**
 * With client-id and tenant-id: GitHub OIDC. The job's ID token is exchanged for an Entra token,
 * and a new ID token is requested for every assertion because they expire within minutes, long
 * before a big import finishes. Without them: the environment's credential.
 */
export function gitHubCredential(
  signIn: GitHubSignIn,
  cloud: CloudSettings,
  deps: GitHubCredentialDeps,
): TokenCredential {
  const { clientId, tenantId } = signIn;
  if (!clientId && !tenantId) return deps.environment(cloud, deps.env);
  if (!clientId || !tenantId) {
    const [given, missing] = clientId ? ['client-id', 'tenant-id'] : ['tenant-id', 'client-id'];
    throw new RelocationError(
      'AUTH_CONFIG',
      `${given} is set but ${missing} is not.`,
      'Set both client-id and tenant-id to sign in with GitHub OIDC, or neither to use DefaultAzureCredential (for example after azure/login).',
    );
  }
  const missingVariables = OIDC_VARIABLES.filter((name) => !deps.env[name]);
  if (missingVariables.length > 0) {
    throw new RelocationError(
      'AUTH_CONFIG',
      `client-id and tenant-id are set, so acr-relocate signs in with GitHub OIDC, but this job cannot request an OIDC token (${missingVariables.join(' and ')} not set): the workflow lacks the id-token: write permission.`,
      'Grant it in the workflow or job:\n\npermissions:\n  id-token: write\n  contents: read\n',
    );
  }
  const audience = signIn.audience ?? cloud.oidcAudience;
  return deps.clientAssertion(tenantId, clientId, () => deps.getIDToken(audience), identityOptions(cloud));
}

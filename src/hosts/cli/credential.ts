import type { TokenCredential } from '@azure/core-auth';
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  WorkloadIdentityCredential,
} from '@azure/identity';
import type { CloudSettings } from '../../core/azure/clouds.js';
import { RelocationError } from '../../core/errors.js';

/** Options every credential gets: the cloud's authority, and no instance discovery for a custom one. */
export interface IdentityOptions {
  authorityHost: string;
  /**
   * MSAL asks the public cloud's discovery endpoint whether an authority is known; for Azure Stack
   * or the local emulator that request would leave the private network, so it is switched off.
   */
  disableInstanceDiscovery: boolean;
}

export function identityOptions(cloud: CloudSettings): IdentityOptions {
  return { authorityHost: cloud.authorityHost, disableInstanceDiscovery: cloud.customAuthority };
}

/** Constructors of the credentials the environment can select (replaced by fakes in tests). */
export interface EnvironmentCredentialFactories {
  defaultChain(options: IdentityOptions): TokenCredential;
  clientSecret(tenantId: string, clientId: string, secret: string, options: IdentityOptions): TokenCredential;
  clientCertificate(
    tenantId: string,
    clientId: string,
    certificate: { certificatePath: string; certificatePassword?: string },
    options: IdentityOptions,
  ): TokenCredential;
  workloadIdentity(
    tenantId: string,
    clientId: string,
    tokenFilePath: string,
    options: IdentityOptions,
  ): TokenCredential;
}

export const AZURE_IDENTITY: EnvironmentCredentialFactories = {
  defaultChain: (options) => new DefaultAzureCredential(options),
  clientSecret: (tenantId, clientId, secret, options) =>
    new ClientSecretCredential(tenantId, clientId, secret, options),
  clientCertificate: (tenantId, clientId, certificate, options) =>
    new ClientCertificateCredential(tenantId, clientId, certificate, options),
  workloadIdentity: (tenantId, clientId, tokenFilePath, options) =>
    new WorkloadIdentityCredential({ tenantId, clientId, tokenFilePath, ...options }),
};

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The credential configured by the environment (AZURE_* variables, managed identity, az login, ...).
 *
 * DefaultAzureCredential passes authorityHost and disableInstanceDiscovery on to the credentials
 * that sign in through MSAL (environment, workload identity), but its developer-tool members
 * (Azure CLI, PowerShell, azd, VS Code) ask their own tools, which talk to whatever cloud those are
 * logged in to. With a custom authority nothing may go to a public cloud, so only the MSAL-based
 * members are built, in DefaultAzureCredential's order, each pinned to the authority.
 */
export function environmentCredential(
  cloud: CloudSettings,
  env: Env,
  factories: EnvironmentCredentialFactories = AZURE_IDENTITY,
): TokenCredential {
  const options = identityOptions(cloud);
  if (!cloud.customAuthority) return factories.defaultChain(options);
  const tenantId = env.AZURE_TENANT_ID;
  const clientId = env.AZURE_CLIENT_ID;
  if (tenantId && clientId) {
    if (env.AZURE_CLIENT_SECRET) return factories.clientSecret(tenantId, clientId, env.AZURE_CLIENT_SECRET, options);
    if (env.AZURE_CLIENT_CERTIFICATE_PATH) {
      const certificate = {
        certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH,
        ...(env.AZURE_CLIENT_CERTIFICATE_PASSWORD
          ? { certificatePassword: env.AZURE_CLIENT_CERTIFICATE_PASSWORD }
          : {}),
      };
      return factories.clientCertificate(tenantId, clientId, certificate, options);
    }
    if (env.AZURE_FEDERATED_TOKEN_FILE) {
      return factories.workloadIdentity(tenantId, clientId, env.AZURE_FEDERATED_TOKEN_FILE, options);
    }
  }
  throw new RelocationError(
    'AUTH_CONFIG',
    `authority-host is set to ${cloud.authorityHost}, but no credential that signs in there is configured.`,
    'Set AZURE_TENANT_ID and AZURE_CLIENT_ID with AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH, or AZURE_FEDERATED_TOKEN_FILE). Azure CLI, PowerShell and managed identity sign-ins are not used with a custom authority, so no request goes to a public cloud.',
  );
}

/** The AZURE_* variables that hold secrets, masked as soon as a credential is built from them. */
export const SECRET_ENVIRONMENT_VARIABLES = ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PASSWORD'] as const;

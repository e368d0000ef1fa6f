import { RelocationError } from '../errors.js';

/** Where a cloud's identity provider, Resource Manager and registries live. */
export interface CloudSettings {
  name: CloudName;
  /** Entra ID authority host, e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** Resource Manager endpoint, e.g. https://management.azure.com */
  armEndpoint: string;
  /** Token scope for Resource Manager calls. */
  armScope: string;
  /**
   * Token scope for signing in to registries' data planes (the Entra token ACR's /oauth2/exchange
   * takes). ACR's own audience, which every registry accepts; an ARM-audience token is refused by a
   * registry whose policies.azureADAuthenticationAsArmPolicy is disabled. The audience is the same in
   * every cloud (the ACR service team's answer to the Azure SDKs, which default to it everywhere), so
   * a custom arm-endpoint (Azure Stack Hub, the local emulator) keeps it too.
   */
  acrScope: string;
  /** Suffix of registry login servers, e.g. azurecr.io */
  acrSuffix: string;
  /** Default audience of federated (OIDC) tokens exchanged for Entra tokens. */
  oidcAudience: string;
  /** True when the authority is not a public Azure cloud: MSAL must not try instance discovery. */
  customAuthority: boolean;
}

export const CLOUD_NAMES = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

/** ACR's data-plane audience: one Entra application, the same identifier URI in every cloud. */
const ACR_SCOPE = 'https://containerregistry.azure.net/.default';

const KNOWN: Record<CloudName, Omit<CloudSettings, 'name' | 'customAuthority'>> = {
  AzureCloud: {
    authorityHost: 'https://login.microsoftonline.com',
    armEndpoint: 'https://management.azure.com',
    armScope: 'https://management.azure.com/.default',
    acrScope: ACR_SCOPE,
    acrSuffix: 'azurecr.io',
    oidcAudience: 'api://AzureADTokenExchange',
  },
  AzureUSGovernment: {
    authorityHost: 'https://login.microsoftonline.us',
    armEndpoint: 'https://management.usgovcloudapi.net',
    armScope: 'https://management.usgovcloudapi.net/.default',
    acrScope: ACR_SCOPE,
    acrSuffix: 'azurecr.us',
    oidcAudience: 'api://AzureADTokenExchangeUSGov',
  },
  AzureChinaCloud: {
    authorityHost: 'https://login.chinacloudapi.cn',
    armEndpoint: 'https://management.chinacloudapi.cn',
    armScope: 'https://management.chinacloudapi.cn/.default',
    acrScope: ACR_SCOPE,
    acrSuffix: 'azurecr.cn',
    oidcAudience: 'api://AzureADTokenExchangeChina',
  },
};

export interface CloudOverrides {
  armEndpoint?: string;
  authorityHost?: string;
}

function normalizeEndpoint(value: string, label: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RelocationError('INPUT_INVALID', `${label} "${value}" is not a URL.`, `Give an absolute https:// URL.`);
  }
  if (url.protocol !== 'https:') {
    throw new RelocationError(
      'INPUT_INVALID',
      `${label} "${value}" must use https.`,
      'The Azure SDK only sends tokens over https; the local emulator serves https with its own CA (NODE_EXTRA_CA_CERTS).',
    );
  }
  return url.toString().replace(/\/$/, '');
}

/** Settings for the named cloud, with the Azure Stack / emulator overrides applied. */
export function resolveCloud(name: string | undefined, overrides: CloudOverrides = {}): CloudSettings {
  const cloudName = (name ?? 'AzureCloud') as CloudName;
  const known = KNOWN[cloudName];
  if (!known) {
    throw new RelocationError(
      'INPUT_INVALID',
      `Unknown Azure environment "${name}".`,
      `Use one of: ${CLOUD_NAMES.join(', ')}.`,
    );
  }
  const armEndpoint = overrides.armEndpoint
    ? normalizeEndpoint(overrides.armEndpoint, 'arm-endpoint')
    : known.armEndpoint;
  const authorityHost = overrides.authorityHost
    ? normalizeEndpoint(overrides.authorityHost, 'authority-host')
    : known.authorityHost;
  return {
    ...known,
    name: cloudName,
    armEndpoint,
    authorityHost,
    armScope: overrides.armEndpoint ? `${armEndpoint}/.default` : known.armScope,
    customAuthority: Boolean(overrides.authorityHost),
  };
}

/** Options of startEmulator() and what a running emulator reports about itself. */
import type { FaultRule } from './faults/rules.js';
import type { ThrottlingConfig } from './arm/throttle.js';
import type { ScenarioRequest } from './seed/scenarios-spec.js';

export type { ScenarioRequest } from './seed/scenarios-spec.js';

export interface EmulatorOptions {
  /** State directory (kept after stop). Default: a fresh temporary directory, removed by stop(). */
  stateDir?: string;
  /**
   * Where the TLS material lives (`<caDir>/tls`). Default: the state directory. Tests pass one shared
   * directory so every emulator of a run uses one CA (see emulator/README.md, "Trusting the CA").
   */
  caDir?: string;
  /** Seed for identities, names and fault decisions. Default 'acr-relocate'. */
  seed?: string;
  /**
   * Seed scenarios to run (once per state directory), in order. Default ['minimal']. Each entry is a
   * name, a text with parameters (`'large:repos=100,tags=10000'`, `'small,consumers:lock'`) or
   * `{ name, params }` (e.g. `{ name: 'large', params: { repositories: 100, tags: 10000 } }`); see
   * emulator/README.md "Seed scenarios". The source registry is `registries[0]` of connectionInfo().
   */
  scenarios?: ScenarioRequest[];
  /** Fault rules active from the start (after seeding). */
  faults?: FaultRule[];
  /** ARM throttling: false to disable, or limits to override. Default: Azure's limits, enabled. */
  throttling?: boolean | Partial<ThrottlingConfig>;
  /** Lifetime of issued access tokens. Default 3600 s. */
  tokenLifetimeSeconds?: number;
  /** Lifetime of tokens from the fake GitHub/Azure DevOps OIDC issuers. Default 300 s. */
  oidcTokenLifetimeSeconds?: number;
  /** Enforce RBAC on ARM requests. Default false. */
  rbac?: boolean;
  /** Long-running operations: duration (default 20 ms) and Retry-After seconds (default 0; null omits it). */
  lro?: { durationMs?: number; retryAfterSeconds?: number | null };
  /** Fixed extra duration of every importImage operation, for benchmarks. Default 0. */
  importLatencyMs?: number;
  /** ARM list page size (smaller $top still wins). Default 100. */
  pageSize?: number;
  /** Make this process trust the emulator's CA (for in-process tests); see tls/trust.ts. Default false. */
  trustCaInProcess?: boolean;
}

export interface RegistryInfo {
  name: string;
  resourceGroup: string;
  resourceId: string;
  location: string;
  loginServer: string;
  /** Admin user name when the admin user is enabled. */
  adminUser?: string;
  adminPassword?: string;
}

/** What `npm run emulator` prints as its first line, and GET /_emulator/info returns. */
export interface ConnectionInfo {
  tenantId: string;
  subscriptionId: string;
  clientId: string;
  clientSecret: string;
  authorityHost: string;
  armEndpoint: string;
  caFile: string;
  registries: RegistryInfo[];
}

export const DEFAULTS = {
  seed: 'acr-relocate',
  scenarios: ['minimal'],
  tokenLifetimeSeconds: 3600,
  oidcTokenLifetimeSeconds: 300,
  lroDurationMs: 20,
  lroRetryAfterSeconds: 0,
  pageSize: 100,
} as const;

/** The env file `--env-file` writes (dotenv syntax), for the action's own tests and the demo. */
export function envFileLines(info: ConnectionInfo): string {
  const values: Record<string, string> = {
    AZURE_TENANT_ID: info.tenantId,
    AZURE_CLIENT_ID: info.clientId,
    AZURE_CLIENT_SECRET: info.clientSecret,
    AZURE_AUTHORITY_HOST: info.authorityHost,
    AZURE_SUBSCRIPTION_ID: info.subscriptionId,
    ACR_RELOCATE_ARM_ENDPOINT: info.armEndpoint,
    ACR_RELOCATE_AUTHORITY_HOST: info.authorityHost,
    ACR_RELOCATE_SUBSCRIPTION_ID: info.subscriptionId,
    NODE_EXTRA_CA_CERTS: info.caFile,
    SSL_CERT_FILE: info.caFile,
  };
  return Object.entries(values)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join('\n')
    .concat('\n');
}

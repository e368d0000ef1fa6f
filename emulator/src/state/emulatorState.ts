/**
 * The emulator's own persistent state (<stateDir>/emulator.json): identities, subscriptions, listener
 * ports, OIDC fixtures and which seed scenarios already ran. Created from the seed on first start,
 * reused as is on restart, so a restarted emulator is the same tenant at the same URLs.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deterministicSecret, deterministicUuid } from '../shared/ids.js';
import type { DirectoryState } from '../entra/directory.js';
import type { SubscriptionInfo } from '../arm/providers/resources/subscriptions.js';
import type { AdoPipeline } from '../entra/oidcAdo.js';
import type { GithubJob } from '../entra/oidcGithub.js';

export interface EmulatorState {
  version: 1;
  seed: string;
  subscriptions: SubscriptionInfo[];
  directory: DirectoryState;
  /** Client id of the main service principal (Owner of every subscription). */
  mainClientId: string;
  ports: { arm?: number; entra?: number };
  github: GithubJob;
  ado: AdoPipeline;
  appliedScenarios: string[];
}

const FILE = 'emulator.json';

export function loadState(stateDir: string): EmulatorState | undefined {
  const file = join(stateDir, FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as EmulatorState) : undefined;
}

export function saveState(stateDir: string, state: EmulatorState): void {
  const file = join(stateDir, FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state, null, 2), { mode: 0o600 });
  renameSync(temp, file);
}

/** A fresh state derived from `seed`: the same seed always yields the same ids and secrets. */
export function initialState(seed: string): EmulatorState {
  const id = (name: string) => deterministicUuid(seed, name);
  const tenantId = id('tenant');
  const clientId = id('main-sp-client');
  const adoConnectionId = id('ado-service-connection');
  const github: GithubJob = {
    requestToken: deterministicSecret(seed, 'github-request-token'),
    repository: 'contoso/registry-move',
    ref: 'refs/heads/main',
  };
  const ado: AdoPipeline = {
    organization: 'contoso',
    organizationId: id('ado-organization'),
    project: 'registry-move',
    projectId: id('ado-project'),
    systemAccessToken: deterministicSecret(seed, 'ado-system-access-token'),
    serviceConnections: [{ id: adoConnectionId, name: 'acr-relocate' }],
  };
  return {
    version: 1,
    seed,
    subscriptions: [{ subscriptionId: id('subscription'), displayName: 'acr-relocate emulator', tenantId }],
    directory: {
      tenantId,
      principals: [
        {
          clientId,
          objectId: id('main-sp-object'),
          displayName: 'acr-relocate',
          secrets: [deterministicSecret(seed, 'main-sp-secret')],
          // Issuer URLs depend on the Entra port, so federated credentials are (re)written at start.
          federatedCredentials: [],
        },
      ],
    },
    mainClientId: clientId,
    ports: {},
    github,
    ado,
    appliedScenarios: [],
  };
}

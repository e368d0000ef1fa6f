import type { HostName } from '../../../src/core/inputs/types.js';
import type { Emulator } from '../../../emulator/src/index.js';
import { generateImage } from '../../../emulator/src/seed/images.js';
import { writeArtifact } from '../../../emulator/src/seed/images-store.js';
import { startTestEmulator, testCaFile } from '../../emulator/helpers/testEmulator.js';
import { expectRun } from './expectations.js';
import { HOSTS, runBundle, type Connection, type Scenario } from './harness.js';

/**
 * Commands that work, run through the committed bundles on every host against the emulator, each
 * host signing in its own way: GitHub with OIDC (the job's ID token exchanged for an Entra token),
 * Azure Pipelines with workload identity federation, the CLI with AZURE_* client-secret variables.
 */
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
  const source = emulator.registries()[0];
  writeArtifact(emulator.dataPlanes.get(source.name)!.store, 'app/web', generateImage('contract-web'), ['v1', 'v2']);
});
afterAll(() => emulator?.stop());

function signIn(host: HostName): Pick<Scenario, 'env' | 'connection' | 'inputs'> {
  const main = emulator.mainPrincipal();
  const common = { NODE_EXTRA_CA_CERTS: testCaFile() };
  const endpoints = { 'arm-endpoint': emulator.arm.armUrl, 'authority-host': emulator.entra.url };
  if (host === 'github') {
    return {
      env: {
        ...common,
        ACTIONS_ID_TOKEN_REQUEST_URL: emulator.entra.github.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.state.github.requestToken,
      },
      inputs: {
        ...endpoints,
        'client-id': main.clientId,
        'tenant-id': emulator.tenantId,
        'subscription-id': emulator.subscriptionId,
      },
    };
  }
  if (host === 'azure-pipelines') {
    const connection: Connection = {
      id: emulator.state.ado.serviceConnections[0].id,
      scheme: 'WorkloadIdentityFederation',
      parameters: { serviceprincipalid: main.clientId, tenantid: emulator.tenantId },
      data: { subscriptionid: emulator.subscriptionId, environment: 'AzureCloud' },
    };
    return {
      connection,
      env: {
        ...common,
        SYSTEM_OIDCREQUESTURI: emulator.entra.ado.requestUri,
        SYSTEM_ACCESSTOKEN: emulator.state.ado.systemAccessToken,
      },
      inputs: endpoints,
    };
  }
  return {
    env: {
      ...common,
      AZURE_CLIENT_ID: main.clientId,
      AZURE_CLIENT_SECRET: main.secrets[0] ?? '',
      AZURE_TENANT_ID: emulator.tenantId,
    },
    inputs: { ...endpoints, 'subscription-id': emulator.subscriptionId },
  };
}

describe('prepare through the committed bundles', () => {
  it.each(HOSTS)('writes the plan and reports outputs and a summary [%s]', async (host) => {
    const source = emulator.registries()[0];
    const auth = signIn(host);
    const run = await runBundle(host, {
      command: 'prepare',
      ...auth,
      inputs: {
        ...auth.inputs,
        'source-registry': source.resourceId,
        'target-registry': 'contractarget01',
        'target-location': 'westeurope',
      },
    });
    expectRun(run, {
      exitCode: 0,
      outputs: {
        'plan-path': expect.stringMatching(/relocation\/plan\.json$/),
        'plan-fingerprint': expect.stringMatching(/^sha256:[a-f0-9]{64}$/),
        'repository-count': '1',
        'manifest-count': '1',
        'tag-count': '2',
        'referrer-count': '0',
        'total-bytes': expect.stringMatching(/^[1-9]\d*$/),
        'checks-failed': '0',
      },
      summary: ['acr-relocate prepare', 'Prerequisite checks', '```mermaid'],
    });
    // The client secret never reaches a log, a summary or an output.
    expect(`${run.stdout}\n${run.stderr}\n${run.summary}\n${JSON.stringify(run.outputs)}`).not.toContain(
      emulator.mainPrincipal().secrets[0],
    );
  });
});

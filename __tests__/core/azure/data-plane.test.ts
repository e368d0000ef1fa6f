/**
 * Every data-plane client the commands create signs in with ACR's audience: against an emulator
 * registry whose authentication-as-ARM policy is disabled, they all work, while the Resource Manager
 * audience the clients used before is refused at the token exchange.
 */
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import type { AzureConnection } from '../../../src/core/azure/clients.js';
import { resolveCloud } from '../../../src/core/azure/clouds.js';
import { registryDataClient } from '../../../src/core/azure/data-plane.js';
import { registryClient } from '../../../src/core/import/session.js';
import { listAcrRepositories } from '../../../src/core/oci/acr-metadata.js';
import { RegistryClient } from '../../../src/core/oci/client.js';
import { dataClient } from '../../../src/core/verify/registries.js';
import { writeArtifact } from '../../../emulator/src/seed/images-store.js';
import { generateImage } from '../../../emulator/src/seed/images.js';
import {
  armOptions,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../emulator/helpers/testEmulator.js';

describe('registry data-plane clients and the authentication-as-ARM policy', () => {
  let emulator: Emulator;
  let connection: AzureConnection;
  let loginServer: string;
  const secrets: string[] = [];
  const onSecret = (value: string) => void secrets.push(value);
  const open: RegistryClient[] = [];
  const track = (client: RegistryClient) => (open.push(client), client);

  beforeAll(async () => {
    emulator = await startTestEmulator();
    const source = emulator.registries()[0]!;
    loginServer = source.loginServer;
    writeArtifact(emulator.dataPlanes.get(source.name)!.store, 'app/web', generateImage('audience'), ['v1']);
    connection = {
      credential: credentialOf(emulator),
      cloud: resolveCloud(undefined, { armEndpoint: emulator.arm.armUrl, authorityHost: emulator.entra.url }),
    };
    const arm = new ContainerRegistryManagementClient(
      connection.credential,
      emulator.subscriptionId,
      armOptions(emulator),
    );
    await arm.registries.beginUpdateAndWait(
      source.resourceGroup,
      source.name,
      { policies: { azureADAuthenticationAsArmPolicy: { status: 'disabled' } } },
      FAST_POLL,
    );
  });
  afterAll(async () => {
    open.forEach((client) => client.close());
    await emulator?.stop();
  });

  it.each([
    ['prepare (registryDataClient)', () => registryDataClient(connection, loginServer, onSecret)],
    ['verify and retire-source (dataClient)', () => dataClient(connection, loginServer, onSecret)],
    ['import-artifacts (registryClient)', () => registryClient(connection, loginServer, { onSecret })],
  ])('%s signs in with the ACR audience and reads the registry', async (_name, make) => {
    expect(await listAcrRepositories(track(make()))).toEqual(['app/web']);
    expect(secrets.length).toBeGreaterThan(0);
  });

  it('is refused at the exchange with the Resource Manager audience', async () => {
    const armAudience = track(
      new RegistryClient({
        url: `https://${loginServer}`,
        credentials: { kind: 'entra', credential: connection.credential, scope: connection.cloud.armScope },
      }),
    );
    await expect(listAcrRepositories(armAudience)).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringContaining('/oauth2/exchange'),
    });
  });
});

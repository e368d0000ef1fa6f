/**
 * ACR's token exchange on the full emulator (its Entra, ARM and data planes together): an Entra
 * token carries the audience it was requested for, the ACR audience is always accepted, and the
 * Resource Manager audience only while the registry's azureADAuthenticationAsArmPolicy allows it —
 * as ACR does ("disabled" means only ACR-audience tokens sign in).
 */
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import {
  accessToken,
  armOptions,
  credentialOf,
  FAST_POLL,
  httpsRequest,
  startTestEmulator,
  type Emulator,
} from '../../helpers/testEmulator.js';

const ACR_AUDIENCE = 'https://containerregistry.azure.net';

function audienceOf(token: string): unknown {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).aud;
}

describe('POST /oauth2/exchange and the authentication-as-ARM policy', () => {
  let emulator: Emulator;
  let registry: { name: string; resourceGroup: string; loginServer: string };
  let arm: ContainerRegistryManagementClient;

  const exchange = (token: string) =>
    httpsRequest(`https://${registry.loginServer}/oauth2/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'access_token',
        service: registry.loginServer,
        tenant: emulator.tenantId,
        access_token: token,
      }).toString(),
    });
  const setPolicy = (status: 'enabled' | 'disabled') =>
    arm.registries.beginUpdateAndWait(
      registry.resourceGroup,
      registry.name,
      { policies: { azureADAuthenticationAsArmPolicy: { status } } },
      FAST_POLL,
    );

  beforeAll(async () => {
    emulator = await startTestEmulator();
    registry = emulator.registries()[0]!;
    arm = new ContainerRegistryManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
  });
  afterAll(() => emulator?.stop());

  it('issues Entra tokens for the audience that was asked for', async () => {
    expect(audienceOf(await accessToken(emulator, ACR_AUDIENCE))).toBe(ACR_AUDIENCE);
    expect(audienceOf(await accessToken(emulator))).toBe(emulator.arm.armUrl);
  });

  it('accepts both audiences while the policy is enabled (the default)', async () => {
    const state = await arm.registries.get(registry.resourceGroup, registry.name);
    expect(state.policies?.azureADAuthenticationAsArmPolicy?.status).toBe('enabled');
    for (const token of [await accessToken(emulator, ACR_AUDIENCE), await accessToken(emulator)]) {
      const reply = await exchange(token);
      expect(reply.status).toBe(200);
      expect(typeof reply.body.refresh_token).toBe('string');
    }
  });

  it('refuses the Resource Manager audience with 401 UNAUTHORIZED once the policy is disabled, never the ACR one', async () => {
    await setPolicy('disabled');
    try {
      const refused = await exchange(await accessToken(emulator));
      expect(refused.status).toBe(401);
      expect(refused.body.errors[0]).toMatchObject({ code: 'UNAUTHORIZED' });
      expect(refused.body.refresh_token).toBeUndefined();
      const accepted = await exchange(await accessToken(emulator, ACR_AUDIENCE));
      expect(accepted.status).toBe(200);
      expect(typeof accepted.body.refresh_token).toBe('string');
    } finally {
      await setPolicy('enabled');
    }
    expect((await exchange(await accessToken(emulator))).status).toBe(200);
  });
});

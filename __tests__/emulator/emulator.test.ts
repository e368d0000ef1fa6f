import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerScenario } from '../../emulator/src/index.js';
import { accessToken, armRequest, httpsRequest, startTestEmulator, type Emulator } from './helpers/testEmulator.js';

let scenarioRuns = 0;
registerScenario('emulator-test-counter', async (ctx) => {
  scenarioRuns++;
  await ctx.createResourceGroup('rg-counter', 'eastus');
});

describe('startEmulator', () => {
  it('runs two instances side by side without sharing ports or state', async () => {
    const [a, b] = await Promise.all([startTestEmulator(), startTestEmulator({ seed: 'another-seed' })]);
    try {
      expect(new Set([a.arm.port, a.entra.port, b.arm.port, b.entra.port]).size).toBe(4);
      expect(a.tenantId).not.toBe(b.tenantId);
      expect(a.registries()[0]?.loginServer).not.toBe(b.registries()[0]?.loginServer);
      await armRequest(a, 'PUT', `/subscriptions/${a.subscriptionId}/resourcegroups/only-in-a`, {
        apiVersion: '2025-04-01',
        body: { location: 'eastus' },
      });
      const inB = await armRequest(b, 'GET', `/subscriptions/${b.subscriptionId}/resourcegroups/only-in-a`, {
        apiVersion: '2025-04-01',
      });
      expect(inB.status).toBe(404);
      // A token from one tenant is worthless on the other.
      const foreign = await armRequest(b, 'GET', '/subscriptions', {
        apiVersion: '2022-12-01',
        token: await accessToken(a),
      });
      expect(foreign.status).toBe(401);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('derives the same identities from the same seed', async () => {
    const first = await startTestEmulator({ scenarios: [] });
    const second = await startTestEmulator({ scenarios: [] });
    try {
      expect(second.connectionInfo()).toMatchObject({
        tenantId: first.tenantId,
        subscriptionId: first.subscriptionId,
        clientId: first.mainPrincipal().clientId,
        clientSecret: first.mainPrincipal().secrets[0],
      });
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('restarts from its state directory: resources, registries, listeners and earlier tokens survive; scenarios do not run twice', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'emulator-restart-'));
    try {
      const first = await startTestEmulator({ stateDir, scenarios: ['minimal', 'emulator-test-counter'] });
      const token = await accessToken(first);
      const registry = first.registries()[0];
      await first.stop();
      expect(scenarioRuns).toBe(1);

      const second = await startTestEmulator({ stateDir, scenarios: ['minimal', 'emulator-test-counter'] });
      try {
        expect(scenarioRuns).toBe(1);
        expect(second.registries()).toEqual(first.registries());
        const group = await armRequest(
          second,
          'GET',
          `/subscriptions/${second.subscriptionId}/resourcegroups/rg-counter`,
          { apiVersion: '2025-04-01', token },
        );
        expect(group.status).toBe(200);
        expect((await httpsRequest(`https://${registry?.loginServer ?? ''}/v2/`)).status).toBe(401);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('serves its connection info on the admin endpoint and refuses unknown scenarios', async () => {
    const emulator: Emulator = await startTestEmulator();
    try {
      const info = await httpsRequest(`${emulator.arm.armUrl}/_emulator/info`);
      expect(info.body).toEqual(emulator.connectionInfo());
      const requests = await httpsRequest(`${emulator.arm.armUrl}/_emulator/requests?service=arm`);
      expect(requests.body.entries).toEqual([]);
    } finally {
      await emulator.stop();
    }
    await expect(startTestEmulator({ scenarios: ['no-such-scenario'] })).rejects.toThrow(
      /unknown seed scenario 'no-such-scenario'/,
    );
  });
});

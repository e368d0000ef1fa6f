/** A deployment's own work on the caller's behalf is ARM's, not the caller's: it is not throttled. */
import { ResourceManagementClient } from '@azure/arm-resources';
import {
  armOptions,
  armRequest,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';
import { asDeployment } from './official.js';

const GROUP = 'rg-throttled';

/** A template of `count` role assignments: what-if reads each of them (internal GETs). */
function manyResources(scope: string, principalId: string, count: number) {
  return {
    properties: {
      mode: 'Incremental',
      template: {
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        resources: Array.from({ length: count }, (_, i) => ({
          type: 'Microsoft.Authorization/roleAssignments',
          apiVersion: '2022-04-01',
          name: `[guid('${scope}', '${principalId}', '${i}')]`,
          properties: {
            roleDefinitionId: `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')]`,
            principalId,
            principalType: 'ServicePrincipal',
          },
        })),
      },
    },
  };
}

describe('deployments under ARM throttling', () => {
  let emulator: Emulator;
  let resources: ResourceManagementClient;
  beforeAll(async () => {
    emulator = await startTestEmulator({
      throttling: { reads: { burst: 15, refillPerSecond: 1 }, writes: { burst: 50, refillPerSecond: 10 } },
    });
    resources = new ResourceManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    await resources.resourceGroups.createOrUpdate(GROUP, { location: 'westeurope' });
  });
  afterAll(() => emulator.stop());

  it("does not charge what-if's internal reads to the caller, whose own reads are still limited", async () => {
    const scope = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${GROUP}`;
    const before = emulator.requests.lastSeq();
    const result = await resources.deployments.beginWhatIfAndWait(
      GROUP,
      'many',
      asDeployment(manyResources(scope, emulator.mainPrincipal().objectId, 30)),
      FAST_POLL,
    );
    expect(result.status).toBe('Succeeded');
    // 30 internal reads alone would have emptied a bucket of 15.
    expect(result.changes).toHaveLength(30);
    // ... and the SDK's own requests (the POST and its polls) were not throttled either.
    expect(emulator.requests.list({ afterSeq: before, service: 'arm' }).filter((e) => e.status === 429)).toEqual([]);
    const replies = [];
    for (let i = 0; i < 20; i++)
      replies.push(
        await armRequest(emulator, 'GET', `/subscriptions/${emulator.subscriptionId}/resourcegroups/${GROUP}`, {
          apiVersion: '2025-04-01',
        }),
      );
    expect(replies.map((r) => r.status)).toContain(429);
  });

  it('ignores the internal-call header unless it carries the secret', async () => {
    const forged = [];
    for (let i = 0; i < 20; i++) {
      forged.push(
        await armRequest(emulator, 'GET', `/subscriptions/${emulator.subscriptionId}/resourcegroups/${GROUP}`, {
          apiVersion: '2025-04-01',
          headers: { 'x-ms-emulator-internal-call': 'guessed' },
        }),
      );
    }
    expect(forged.map((r) => r.status)).toContain(429);
  });

  // After the test above the caller's read bucket is empty: the what-if's polls are answered 429.
  it("the SDK's retry policy waits out a throttled poll's Retry-After and the what-if completes", async () => {
    const scope = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${GROUP}`;
    const before = emulator.requests.lastSeq();
    const result = await resources.deployments.beginWhatIfAndWait(
      GROUP,
      'after-throttling',
      asDeployment(manyResources(scope, emulator.mainPrincipal().objectId, 2)),
      FAST_POLL,
    );
    expect(result.changes).toHaveLength(2);
    const throttled = emulator.requests
      .list({ afterSeq: before, service: 'arm', method: 'GET' })
      .filter((e) => e.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
  });
});

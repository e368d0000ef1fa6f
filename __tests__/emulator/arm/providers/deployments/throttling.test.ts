/** A deployment's own work on the caller's behalf is ARM's, not the caller's: it is not throttled. */
import { ResourceManagementClient } from '@azure/arm-resources';
import {
  armOptions,
  armRequest,
  credentialOf,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';
import { DeploymentsClient } from './deploymentsClient.js';

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
  beforeAll(async () => {
    emulator = await startTestEmulator({
      throttling: { reads: { burst: 15, refillPerSecond: 1 }, writes: { burst: 50, refillPerSecond: 10 } },
    });
    const resources = new ResourceManagementClient(
      credentialOf(emulator),
      emulator.subscriptionId,
      armOptions(emulator),
    );
    await resources.resourceGroups.createOrUpdate(GROUP, { location: 'westeurope' });
  });
  afterAll(() => emulator.stop());

  it("does not charge what-if's internal reads to the caller, whose own reads are still limited", async () => {
    const deployments = new DeploymentsClient(credentialOf(emulator), emulator.subscriptionId, emulator.arm.armUrl);
    const scope = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${GROUP}`;
    const result = await deployments.whatIf(GROUP, 'many', manyResources(scope, emulator.mainPrincipal().objectId, 30));
    expect(result.status).toBe('Succeeded');
    // 30 internal reads alone would have emptied a bucket of 15.
    expect(result.properties.changes).toHaveLength(30);
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
});

/**
 * prepare's subnet prerequisite against the 'restricted' scenario: the source's subnets are those of
 * its private endpoints, read from Azure, and every mapped target subnet is looked up.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { prepare } from '../../../src/core/commands/prepare.js';
import { readPlan } from '../../../src/core/plan/io.js';
import type { RelocationPlan } from '../../../src/core/plan/model.js';
import { restrictedNetwork, type RestrictedNetwork } from '../../../emulator/src/seed/scenario-restricted.js';
import {
  armOptions,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../../emulator/helpers/testEmulator.js';
import { runIn } from '../../helpers/run-command.js';

describe('prepare: subnets of the source private endpoints (restricted scenario)', () => {
  let emulator: Emulator;
  let ids: RestrictedNetwork;

  beforeAll(async () => {
    emulator = await startTestEmulator({ scenarios: ['restricted:public=enabled'] });
    ids = restrictedNetwork(emulator.subscriptionId, emulator.state.seed);
    // As a user would for the move: let this runner through the source's firewall.
    const source = emulator.registries()[0]!;
    const acr = new ContainerRegistryManagementClient(
      credentialOf(emulator),
      emulator.subscriptionId,
      armOptions(emulator),
    );
    const current = await acr.registries.get(source.resourceGroup, source.name);
    const ipRules = [
      ...(current.networkRuleSet?.ipRules ?? []),
      { iPAddressOrRange: '127.0.0.1', action: 'Allow' as const },
    ];
    await acr.registries.beginUpdateAndWait(
      source.resourceGroup,
      source.name,
      { networkRuleSet: { defaultAction: 'Deny', ipRules } },
      FAST_POLL,
    );
  });
  afterAll(() => emulator.stop());

  async function planWith(inputs: Record<string, string> = {}) {
    const workspace = await mkdtemp(join(tmpdir(), 'prepare-network-'));
    const { result } = await runIn(
      emulator,
      prepare,
      'prepare',
      {
        'source-registry': emulator.registries()[0]!.resourceId,
        'target-registry': 'contososwc01',
        'target-location': 'swedencentral',
        'encryption-key': 'https://kv-target.vault.azure.net/keys/acr',
        ...inputs,
      },
      workspace,
    );
    const plan: RelocationPlan = await readPlan(join(workspace, 'relocation/plan.json'));
    return { plan, result, check: (id: string) => plan.checks.find((c) => c.id === id) };
  }

  it('without subnet-map: fails naming the subnet of the source private endpoint, and records it in the plan', async () => {
    const { plan, result, check } = await planWith();
    expect(check('subnet-mapping')).toMatchObject({
      status: 'fail',
      message: `No target subnet for ${ids.sourceSubnetId}.`,
    });
    expect(result.failure).toContain('subnet-mapping');
    expect(plan.children.privateEndpointConnections).toHaveLength(1);
    expect(plan.children.privateEndpointConnections[0]?.properties).toMatchObject({
      privateEndpoint: { id: ids.sourcePrivateEndpointId },
      privateEndpointSubnetId: ids.sourceSubnetId,
    });
    expect(check('private-endpoint-subnets')).toBeUndefined();
  });

  it('fails naming a mapped target subnet that does not exist', async () => {
    const missing = `${ids.targetVnetId}/subnets/snet-not-created-yet`;
    const { check } = await planWith({ 'subnet-map': `${ids.sourceSubnetId} => ${missing}` });
    expect(check('subnet-mapping')).toMatchObject({
      status: 'fail',
      message: `Mapped target subnet(s) do not exist: ${missing}.`,
    });
  });

  it('fails a mapped subnet outside the target region', async () => {
    const { check } = await planWith({ 'subnet-map': `${ids.sourceSubnetId} => ${ids.sourceSubnetId}` });
    expect(check('subnet-mapping')).toMatchObject({ status: 'fail', message: expect.stringContaining('(westeurope)') });
  });

  it('passes with a mapping to the seeded target subnet (ids compared without case), and the plan keeps the mapping', async () => {
    const { plan, result, check } = await planWith({
      'subnet-map': `${ids.sourceSubnetId.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/')} => ${ids.targetSubnetId}`,
    });
    expect(check('subnet-mapping')).toMatchObject({ status: 'pass' });
    expect(result.failure).toBeUndefined();
    expect(Object.values(plan.mapping.subnets)).toEqual([ids.targetSubnetId]);
  });

  it('warns, instead of failing, when a private endpoint cannot be read', async () => {
    emulator.faults.add([
      { kind: 'arm:read', path: '/privateEndpoints/', action: { status: 403, errorCode: 'AuthorizationFailed' } },
    ]);
    try {
      const { plan, check } = await planWith();
      expect(check('private-endpoint-subnets')).toMatchObject({
        status: 'warn',
        message: expect.stringContaining(`${ids.sourcePrivateEndpointId} (permission denied`),
      });
      expect(check('subnet-mapping')).toBeUndefined();
      expect(plan.children.privateEndpointConnections[0]?.properties.privateEndpointSubnetId).toBeUndefined();
    } finally {
      emulator.faults.clear();
    }
  });

  it('refuses a subnet-map entry that is not a subnet id before reading anything', async () => {
    await expect(planWith({ 'subnet-map': `${ids.sourceSubnetId} => snet-target` })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining('"snet-target" is not a subnet resource id'),
    });
  });
});

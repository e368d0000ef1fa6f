import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importArtifacts } from '../../../src/core/commands/import-artifacts.js';
import { prepare } from '../../../src/core/commands/prepare.js';
import { readPlan } from '../../../src/core/plan/io.js';
import type { RelocationPlan } from '../../../src/core/plan/model.js';
import type { Emulator } from '../../../emulator/src/index.js';
import {
  CLUSTERS,
  CONTAINER_APP_NAME,
  DIAGNOSTIC_SETTING_NAME,
  LOCK_NAME,
  WEB_APP_NAME,
} from '../../../emulator/src/seed/scenario-consumers.js';
import { restrictedNetwork } from '../../../emulator/src/seed/scenario-restricted.js';
import { smallItems } from '../../../emulator/src/seed/scenario-small-content.js';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { armOptions, credentialOf, FAST_POLL, startTestEmulator } from '../../emulator/helpers/testEmulator.js';
import { runIn } from '../../helpers/run-command.js';

async function planFor(
  emulator: Emulator,
  inputs: Record<string, string> = {},
): Promise<{ plan: RelocationPlan; failure?: string; secrets: Set<string>; workspace: string }> {
  const workspace = await mkdtemp(join(tmpdir(), 'prepare-scenario-'));
  const source = emulator.registries()[0];
  const { host, result } = await runIn(
    emulator,
    prepare,
    'prepare',
    {
      'source-registry': source.resourceId,
      'target-registry': 'contosoneu01',
      'target-location': 'northeurope',
      ...inputs,
    },
    workspace,
  );
  return {
    plan: await readPlan(join(workspace, 'relocation/plan.json')),
    failure: result.failure,
    secrets: host.secrets,
    workspace,
  };
}

/** As a user would for the move: let this runner's address through the source's firewall. */
async function allowThisRunner(emulator: Emulator): Promise<void> {
  const source = emulator.registries()[0];
  const registries = new ContainerRegistryManagementClient(
    credentialOf(emulator),
    emulator.subscriptionId,
    armOptions(emulator),
  );
  const current = await registries.registries.get(source.resourceGroup, source.name);
  const ipRules = [
    ...(current.networkRuleSet?.ipRules ?? []),
    { iPAddressOrRange: '127.0.0.1', action: 'Allow' as const },
  ];
  await registries.registries.beginUpdateAndWait(
    source.resourceGroup,
    source.name,
    { networkRuleSet: { defaultAction: 'Deny', ipRules } },
    FAST_POLL,
  );
}

describe('prepare: the small scenario, item by item', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({ scenarios: ['small'] });
  });
  afterAll(() => emulator.stop());

  it('records every seeded manifest by digest, with its tags, index children and referrers', async () => {
    const { plan, failure } = await planFor(emulator);
    expect(failure).toBeUndefined();
    const items = smallItems(emulator.state.seed);
    for (const item of items) {
      const repository = plan.artifacts.repositories.find((r) => r.name === item.repository);
      expect(repository).toBeDefined();
      const byDigest = new Map(repository!.manifests.map((m) => [m.digest, m]));
      const root = byDigest.get(item.artifact.root.digest);
      expect(root?.tags.slice().sort()).toEqual([...item.tags].sort());
      expect(root?.mediaType).toBe(item.artifact.root.mediaType);
      for (const manifest of item.artifact.manifests) expect(byDigest.has(manifest.digest)).toBe(true);
      const children = item.artifact.manifests
        .filter((m) => m.digest !== item.artifact.root.digest)
        .map((m) => m.digest);
      if (root?.children) expect(children).toEqual(expect.arrayContaining(root.children));
      for (const referrer of item.referrers ?? []) {
        expect(byDigest.get(referrer.root.digest)).toMatchObject({ tags: [], subject: item.artifact.root.digest });
      }
    }
    const seededManifests = new Set(
      items.flatMap((i) =>
        [...i.artifact.manifests, ...(i.referrers ?? []).flatMap((r) => r.manifests)].map(
          (m) => `${i.repository}@${m.digest}`,
        ),
      ),
    );
    const plannedManifests = plan.artifacts.repositories.flatMap((r) =>
      r.manifests.map((m) => `${r.name}@${m.digest}`),
    );
    expect(new Set(plannedManifests)).toEqual(seededManifests);
    expect(plan.artifacts.totals).toMatchObject({
      repositories: new Set(items.map((i) => i.repository)).size,
      tags: items.reduce((n, i) => n + i.tags.length, 0),
      referrers: items.reduce((n, i) => n + (i.referrers?.length ?? 0), 0),
    });
  });

  it('records the child resources, with webhook callbacks secret and masked', async () => {
    const { plan, secrets } = await planFor(emulator);
    expect(plan.children.replications.map((r) => r.location).sort()).toEqual(['northeurope', 'westeurope']);
    expect(plan.children.webhooks).toHaveLength(1);
    const webhook = plan.children.webhooks[0];
    expect(webhook.secret).toBe(true);
    expect(secrets).toContain(webhook.properties.serviceUri);
    for (const value of Object.values(webhook.properties.customHeaders as Record<string, string>))
      expect(secrets).toContain(value);
    expect(plan.children.scopeMaps.map((m) => m.name)).not.toContain('_repositories_pull');
    expect(plan.children.tokens).toHaveLength(1);
    expect(plan.children.tokens[0].properties.status).toBe('enabled');
    expect(plan.children.cacheRules).toHaveLength(1);
    expect(plan.children.credentialSets).toHaveLength(1);
    // Moving to northeurope, where the source already replicates: the target's home is not a replica.
    expect(plan.mapping.replicationLocations).toEqual([]);
  });

  it('fails loudly on a listing that keeps failing', async () => {
    emulator.faults.add([{ kind: 'acr:metadata', action: { status: 503 }, count: 10_000 }]);
    try {
      await expect(planFor(emulator)).rejects.toThrow(/503|unavailable/i);
    } finally {
      emulator.faults.clear();
    }
  });

  it('fails with the repository and both counts when the listing is short of what the registry reports', async () => {
    const source = emulator.registries()[0];
    const store = emulator.dataPlanes.get(source.name)!.store;
    const untagged = smallItems(emulator.state.seed).find(
      (i) => i.repository === 'team/app/api' && i.tags.length === 0,
    )!;
    store.setManifestAttributes('team/app/api', untagged.artifact.root.digest, { listEnabled: false });
    try {
      await expect(planFor(emulator)).rejects.toMatchObject({
        code: 'INVENTORY_INCOMPLETE',
        message: expect.stringContaining('team/app/api'),
      });
    } finally {
      store.setManifestAttributes('team/app/api', untagged.artifact.root.digest, { listEnabled: true });
    }
  });
});

describe('prepare: the consumers scenario', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({ scenarios: ['consumers:lock'] });
  });
  afterAll(() => emulator.stop());

  it('finds the AKS clusters, apps and principals that pull from the source, its diagnostic setting and lock', async () => {
    const { plan } = await planFor(emulator);
    expect(plan.consumers.aksClusters.map((c) => c.name).sort()).toEqual(CLUSTERS.map((c) => c.name).sort());
    for (const cluster of plan.consumers.aksClusters) {
      expect(cluster.kubeletObjectId).toBeTruthy();
      expect(cluster.roleAssignmentIds.length).toBeGreaterThan(0);
    }
    expect(plan.consumers.apps.map((a) => `${a.kind}:${a.name}`).sort()).toEqual([
      `containerapp:${CONTAINER_APP_NAME}`,
      `webapp:${WEB_APP_NAME}`,
    ]);
    const loginServer = plan.source.loginServer;
    for (const app of plan.consumers.apps)
      for (const image of app.images) expect(image.startsWith(`${loginServer}/`)).toBe(true);
    expect(plan.consumers.principals.some((p) => p.roleName === 'AcrPush')).toBe(true);
    expect(plan.consumers.principals.map((p) => p.principalId)).not.toEqual(
      expect.arrayContaining(plan.consumers.aksClusters.map((c) => c.kubeletObjectId)),
    );
    expect(plan.children.diagnosticSettings.map((d) => d.name)).toEqual([DIAGNOSTIC_SETTING_NAME]);
    expect(plan.children.locks.map((l) => l.name)).toEqual([LOCK_NAME]);
    expect(plan.checks.find((c) => c.id === 'source-locks')?.status).toBe('warn');
  });
});

describe('prepare: the restricted scenario', () => {
  let emulator: Emulator;
  afterEach(() => emulator?.stop());

  it('refuses plainly when this runner cannot reach a source with public access disabled', async () => {
    emulator = await startTestEmulator({ scenarios: ['restricted'] });
    await expect(
      planFor(emulator, { 'encryption-key': 'https://kv-target.vault.azure.net/keys/acr' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/not allowed access|denied/i),
    });
  });

  it('records the restricted settings and fails the checks a restricted source needs', async () => {
    emulator = await startTestEmulator({ scenarios: ['small', 'restricted:public=enabled:bypass=None'] });
    await allowThisRunner(emulator);
    const withoutKey = await planFor(emulator);
    expect(withoutKey.plan.source.settings).toMatchObject({
      zoneRedundancy: 'Enabled',
      networkRuleBypassOptions: 'None',
    });
    expect(withoutKey.plan.source.settings.networkRuleSet?.defaultAction).toBe('Deny');
    expect(withoutKey.plan.source.settings.networkRuleSet?.ipRules).toContainEqual({
      action: 'Allow',
      value: '127.0.0.1',
    });
    expect(withoutKey.plan.source.settings.encryption?.status).toBe('enabled');
    const status = (plan: RelocationPlan, id: string) => plan.checks.find((c) => c.id === id)?.status;
    expect(status(withoutKey.plan, 'customer-managed-key')).toBe('fail');
    expect(status(withoutKey.plan, 'availability-zones')).toBe('pass');
    // A Deny firewall that does not let trusted services through blocks server-side import.
    expect(status(withoutKey.plan, 'server-import')).toBe('fail');
    expect(withoutKey.failure).toMatch(/customer-managed-key/);
    const withKey = await planFor(emulator, { 'encryption-key': 'https://kv-target.vault.azure.net/keys/acr' });
    expect(status(withKey.plan, 'customer-managed-key')).toBe('pass');
    expect(withKey.plan.target.settings.encryption?.keyVaultProperties?.keyIdentifier).toBe(
      'https://kv-target.vault.azure.net/keys/acr',
    );
  });

  it('with copy-mode client: passes server-import on a firewall without the trusted-services bypass, and records the mode', async () => {
    emulator = await startTestEmulator({ scenarios: ['small', 'restricted:public=enabled:bypass=None'] });
    await allowThisRunner(emulator);
    const ids = restrictedNetwork(emulator.subscriptionId, emulator.state.seed);
    const inputs = {
      'target-location': 'swedencentral',
      'encryption-key': 'https://kv-target.vault.azure.net/keys/acr',
      'subnet-map': `${ids.sourceSubnetId} => ${ids.targetSubnetId}`,
    };
    const server = await planFor(emulator, inputs);
    expect(server.plan.copyMode).toBe('server');
    expect(server.plan.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['server-import']);

    const client = await planFor(emulator, { ...inputs, 'copy-mode': 'client' });
    expect(client.failure).toBeUndefined();
    expect(client.plan.copyMode).toBe('client');
    expect(client.plan.checks.find((c) => c.id === 'server-import')).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(
        /^copy-mode client: the runner copies the content.*network rules do not let trusted/,
      ),
    });
    expect(client.plan.checks.filter((c) => c.status === 'fail')).toEqual([]);

    // import-artifacts keeps to it: copy-mode server (the input's default) would fail on every image.
    const importWith = (extra: Record<string, string>) =>
      runIn(emulator, importArtifacts, 'import-artifacts', extra, client.workspace);
    await expect(importWith({})).rejects.toMatchObject({
      code: 'REFUSED',
      message: expect.stringContaining('prepared for copy-mode client'),
    });
    await expect(importWith({ 'copy-mode': 'server' })).rejects.toMatchObject({ code: 'REFUSED' });
  });
});

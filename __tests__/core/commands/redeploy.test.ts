import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { settingsOf } from '../../../src/core/prepare/settings.js';
import { RELOCATION_TAG } from '../../../src/core/prepare/checks.js';
import { readChildren } from '../../../src/core/azure/registry-reader.js';
import { madeAt, readRoleAssignments } from '../../../src/core/azure/access-reader.js';
import { roleAssignmentNameOf } from '../../../src/core/redeploy/template/names.js';
import type { RelocationPlan } from '../../../src/core/plan/model.js';
import { FAST_POLL } from '../../emulator/helpers/testEmulator.js';
import { HOOK_HEADER, HOOK_URI, startWorld, TARGET_RG, WORKSPACE_ID, type World } from '../redeploy/support/world.js';

/** The target's children as the plan would record them, with source ids rewritten to the target's. */
async function targetChildren(world: World, plan: RelocationPlan) {
  return readChildren(
    world.acr,
    { subscriptionId: plan.target.subscriptionId, resourceGroup: TARGET_RG, name: plan.target.name },
    () => undefined,
  );
}

describe('redeploy against the emulator', () => {
  let world: World;
  let planPath: string;
  let plan: RelocationPlan;

  beforeAll(async () => {
    world = await startWorld();
    ({ planPath, plan } = await world.prepare('acrrelotarget01'));
  });
  afterAll(() => world?.emulator.stop());

  it('dry run without the target resource group lists every resource as a Create and sends no write', async () => {
    const before = world.emulator.requests.lastSeq();
    const run = await world.redeploy(planPath, { 'dry-run': 'true' });
    expect(run.error).toBeUndefined();
    expect(world.nonReads(before)).toEqual([]);
    expect(run.result?.summary).toContain('Dry run: nothing was changed');
    expect(run.result?.summary).toMatch(/registries\/acrrelotarget01` \| Create/);
    expect(run.host.lines.join('\n')).toMatch(/webhooks\/buildhook\s+Create/);
    await expect(world.resources.resourceGroups.get(TARGET_RG)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('deploys the target: every setting and child resource round-trips from the plan', async () => {
    const run = await world.redeploy(planPath);
    expect(run.error).toBeUndefined();
    const outputs = run.result!.outputs;
    expect(outputs['target-resource-id']).toBe(plan.target.id);
    expect(outputs['deployment-name']).toBe(`acr-relocate-${plan.relocationId}`);
    expect(outputs['template-path']).toBe(join(world.workspace, 'relocation-acrrelotarget01/target.template.json'));

    const target = await world.acr.registries.get(TARGET_RG, plan.target.name);
    expect(outputs['target-login-server']).toBe(target.loginServer);
    expect(target.location).toBe('swedencentral');
    const { identity, ...settings } = settingsOf(target);
    const { identity: plannedIdentity, ...planned } = plan.target.settings;
    expect(settings).toEqual({ ...planned, tags: { ...planned.tags, [RELOCATION_TAG]: plan.relocationId } });
    expect(identity?.userAssignedIdentities).toEqual(plannedIdentity?.userAssignedIdentities);
    expect(settings.encryption?.keyVaultProperties?.keyIdentifier).toBe('https://tgt-kv.vault.azure.net/keys/acr/1');

    const children = await targetChildren(world, plan);
    expect(plan.mapping.replicationLocations).toContain('eastus');
    expect(children.replications.map((r) => r.location).sort()).toEqual(
      [...plan.mapping.replicationLocations, 'swedencentral'].sort(),
    );
    expect(children.webhooks).toHaveLength(1);
    expect(children.webhooks[0]).toMatchObject({
      name: 'buildhook',
      location: 'swedencentral',
      properties: {
        serviceUri: HOOK_URI,
        customHeaders: { Authorization: HOOK_HEADER },
        actions: ['push'],
        scope: 'app/*',
      },
    });
    expect(children.scopeMaps.map((m) => [m.name, m.properties.actions])).toEqual([
      ['readers', ['repositories/app/content/read']],
    ]);
    expect(children.tokens.map((t) => [t.name, t.properties.scopeMapId])).toEqual([
      ['ci-token', `${plan.target.id}/scopeMaps/readers`],
    ]);
    expect((await world.acr.tokens.get(TARGET_RG, plan.target.name, 'ci-token')).status).toBe('enabled');
    expect(children.credentialSets[0]).toMatchObject({
      name: 'dockerhub',
      properties: {
        loginServer: 'docker.io',
        authCredentials: [
          expect.objectContaining({ passwordSecretIdentifier: 'https://kv.vault.azure.net/secrets/pass' }),
        ],
      },
    });
    expect(children.cacheRules[0]).toMatchObject({
      name: 'hub-nginx',
      properties: {
        credentialSetResourceId: `${plan.target.id}/credentialSets/dockerhub`,
        targetRepository: 'hub/nginx',
      },
    });

    const diagnostics = await world.monitor.diagnosticSettings.list(plan.target.id);
    expect(diagnostics.value?.map((d) => [d.name, d.workspaceId, d.logs?.[0]?.category])).toEqual([
      ['to-law', WORKSPACE_ID, 'ContainerRegistryRepositoryEvents'],
    ]);
    const assignments = madeAt(await readRoleAssignments(world.auth, plan.target.id), plan.target.id);
    const source = plan.children.roleAssignments[0]!;
    expect(assignments.map((a) => [a.id.split('/').pop(), a.principalId, a.roleName])).toEqual([
      [
        roleAssignmentNameOf(plan.target.id, source.principalId, source.roleDefinitionId),
        source.principalId,
        'AcrPull',
      ],
    ]);
    expect(run.result!.summary).toMatch(/Tokens ci-token were created without passwords/);
    expect(run.host.everything()).not.toContain('hook-s3cr3t');
    expect(run.host.everything()).not.toContain('header-s3cr3t');
  });

  it('writes a reviewable template and a parameters file without the webhook secrets', async () => {
    const folder = join(world.workspace, 'relocation-acrrelotarget01');
    const template = await readFile(join(folder, 'target.template.json'), 'utf8');
    const parameters = await readFile(join(folder, 'target.parameters.json'), 'utf8');
    expect(JSON.parse(template).resources.length).toBeGreaterThan(8);
    for (const text of [template, parameters]) {
      expect(text).not.toContain('hook-s3cr3t');
      expect(text).not.toContain('header-s3cr3t');
    }
  });

  it('a re-run sends no write: only validate, what-if and the webhook callback read', async () => {
    const before = world.emulator.requests.lastSeq();
    const run = await world.redeploy(planPath);
    expect(run.error).toBeUndefined();
    const deployment = `/subscriptions/${plan.target.subscriptionId}/resourcegroups/${TARGET_RG}/providers/Microsoft.Resources/deployments/acr-relocate-${plan.relocationId}`;
    expect(world.nonReads(before)).toEqual([
      `POST ${deployment}/validate`,
      `POST ${deployment}/whatIf`,
      `POST ${plan.target.id}/webhooks/buildhook/getCallbackConfig`,
    ]);
    expect(run.result!.summary).toContain('already matches the plan');
  });

  it('a dry run on the deployed target shows no change and writes nothing', async () => {
    const before = world.emulator.requests.lastSeq();
    const run = await world.redeploy(planPath, { 'dry-run': 'true' });
    expect(run.error).toBeUndefined();
    expect(world.nonReads(before).every((r) => /\/(validate|whatIf|getCallbackConfig)$/.test(r))).toBe(true);
    expect(run.result!.summary).toContain('0 resource(s) would change');
  });
  it('puts back a webhook callback that drifted on the target (what-if cannot see it)', async () => {
    await world.acr.webhooks.update(
      TARGET_RG,
      plan.target.name,
      'buildhook',
      { serviceUri: 'https://127.0.0.1:9/elsewhere' },
      FAST_POLL,
    );
    const run = await world.redeploy(planPath);
    expect(run.error).toBeUndefined();
    expect(run.result!.summary).toMatch(/deployed \(1 resource\(s\) created or changed\)/);
    const callback = await world.acr.webhooks.getCallbackConfig(TARGET_RG, plan.target.name, 'buildhook');
    expect(callback.serviceUri).toBe(HOOK_URI);
  });

  it("puts back a drifted number: what-if's values are compared as Azure sends them", async () => {
    await world.acr.registries.update(
      TARGET_RG,
      plan.target.name,
      { policies: { retentionPolicy: { days: 7, status: 'enabled' } } },
      FAST_POLL,
    );
    const preview = await world.redeploy(planPath, { 'dry-run': 'true' });
    expect(preview.error).toBeUndefined();
    expect(preview.result!.summary).toContain('1 resource(s) would change');
    expect(preview.result!.summary).toMatch(
      /registries\/acrrelotarget01` \| Modify \| properties\.policies\.retentionPolicy\.days/,
    );
    const run = await world.redeploy(planPath);
    expect(run.error).toBeUndefined();
    expect((await world.acr.registries.get(TARGET_RG, plan.target.name)).policies?.retentionPolicy?.days).toBe(30);
  });
});

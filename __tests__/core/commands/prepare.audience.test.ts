/**
 * A relocation between registries that refuse ARM-audience tokens (azureADAuthenticationAsArmPolicy
 * disabled, as the built-in Azure Policy recommends): prepare, import-artifacts and verify sign in
 * to both data planes with ACR's audience, so the whole chain runs.
 */
import { importArtifacts } from '../../../src/core/commands/import-artifacts.js';
import { verify } from '../../../src/core/commands/verify.js';
import { loadReport } from '../../../src/core/verify/io.js';
import { FAST_POLL } from '../../emulator/helpers/testEmulator.js';
import { World } from '../verify/support/world.js';

let world: World;

async function refuseArmAudience(name: string, resourceGroup: string): Promise<void> {
  await world.arm.registries.beginUpdateAndWait(
    resourceGroup,
    name,
    { policies: { azureADAuthenticationAsArmPolicy: { status: 'disabled' } } },
    FAST_POLL,
  );
  const state = await world.arm.registries.get(resourceGroup, name);
  expect(state.policies?.azureADAuthenticationAsArmPolicy?.status).toBe('disabled');
}

beforeAll(async () => {
  world = await World.start();
  await refuseArmAudience(world.source.name, world.source.resourceGroup);
});
afterAll(() => world?.stop());

describe('registries with authentication-as-ARM disabled', () => {
  it('prepare inventories the source', async () => {
    const plan = await world.prepare({ 'copy-mode': 'client' });
    expect(plan.source.settings.policies.azureADAuthenticationAsArmPolicy).toEqual({ status: 'disabled' });
    expect(plan.artifacts.totals).toMatchObject({ repositories: 2, tags: 3, referrers: 1 });
    expect(plan.copyMode).toBe('client');
  });

  it('import-artifacts copies through both data planes, and verify proves it', async () => {
    await world.redeploy();
    await refuseArmAudience(world.target.name, world.target.resourceGroup);
    const imported = await world.run(importArtifacts, 'import-artifacts', { 'copy-mode': 'client' });
    expect(imported.result.failure).toBeUndefined();
    expect(imported.host.lines.filter((line) => line.startsWith('warning:'))).toEqual([]);
    expect(imported.result.outputs).toMatchObject({ 'failed-count': '0', 'conflict-count': '0' });
    expect(Number(imported.result.outputs['imported-count'])).toBeGreaterThan(0);

    const verified = await world.run(verify, 'verify', {});
    expect(verified.result.failure).toBeUndefined();
    const loaded = await loadReport(world.reportPath);
    if (!loaded.ok) throw new Error(loaded.reason);
    const manifests = world.plan.artifacts.totals.manifests;
    expect(loaded.report.result).toMatchObject({ verified: true, passed: true });
    expect(loaded.report.totals).toMatchObject({ manifests, verified: manifests, missing: 0 });
  });
});

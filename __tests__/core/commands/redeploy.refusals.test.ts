import { RELOCATION_TAG } from '../../../src/core/prepare/checks.js';
import { RelocationError } from '../../../src/core/errors.js';
import type { Registry } from '@azure/arm-containerregistry';
import { FAST_POLL } from '../../emulator/helpers/testEmulator.js';
import { startWorld, TARGET_LOCATION, TARGET_RG, type World } from '../redeploy/support/world.js';

describe('redeploy failures and refusals against the emulator', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
    await world.resources.resourceGroups.createOrUpdate(TARGET_RG, { location: TARGET_LOCATION });
  });
  afterAll(() => world?.emulator.stop());
  afterEach(() => world.emulator.faults.clear());

  /** A registry at the target's name, made outside this relocation. */
  const preexisting = (name: string, overrides: Partial<Registry> = {}) =>
    world.acr.registries.create(
      TARGET_RG,
      name,
      {
        location: TARGET_LOCATION,
        sku: { name: 'Premium' },
        zoneRedundancy: 'Enabled',
        encryption: {
          status: 'enabled',
          keyVaultProperties: { keyIdentifier: 'https://tgt-kv.vault.azure.net/keys/acr/1', identity: 'x' },
        },
        ...overrides,
      },
      FAST_POLL,
    );

  it('fails with the deployment error when a policy denies a resource, and a re-run completes it', async () => {
    const { planPath, plan } = await world.prepare('acrrelotarget02');
    world.emulator.faults.add([
      {
        id: 'deny',
        kind: 'arm:deployment',
        path: 'acrrelotarget02/webhooks/buildhook$',
        action: { status: 403, errorCode: 'RequestDisallowedByPolicy' },
      },
    ]);
    const failed = await world.redeploy(planPath);
    expect(failed.error).toBeInstanceOf(RelocationError);
    expect(failed.error!.message).toMatch(/ended Failed/);
    expect(failed.error!.message).toMatch(
      /RequestDisallowedByPolicy \(buildhook\): Resource 'buildhook' was disallowed by policy/,
    );
    expect((failed.error as RelocationError).hint).toMatch(/run redeploy again/);
    expect((await world.acr.registries.get(TARGET_RG, plan.target.name)).tags?.[RELOCATION_TAG]).toBe(
      plan.relocationId,
    );

    world.emulator.faults.clear();
    const again = await world.redeploy(planPath);
    expect(again.error).toBeUndefined();
    expect(again.result!.summary).toMatch(/deployed/);
    expect((await world.acr.webhooks.get(TARGET_RG, plan.target.name, 'buildhook')).actions).toEqual(['push']);
  });

  it("refuses a target that exists without this relocation's tag, and adopts it when told to", async () => {
    const { planPath, plan } = await world.prepare('acrrelotarget03');
    await preexisting('acrrelotarget03', { tags: { owner: 'someone' } });
    const before = world.emulator.requests.lastSeq();
    const refused = await world.redeploy(planPath);
    expect(refused.error).toMatchObject({ code: 'REFUSED' });
    expect(refused.error!.message).toMatch(
      /already exists in resource group rg-reloc-target with no acr-relocation tag/,
    );
    expect((refused.error as RelocationError).hint).toMatch(/--adopt-existing to true/);
    expect(world.nonReads(before)).toEqual([]);

    const adopted = await world.redeploy(planPath, { 'adopt-existing': 'true' });
    expect(adopted.error).toBeUndefined();
    expect(adopted.result!.summary).toMatch(/was adopted/);
    expect((await world.acr.registries.get(TARGET_RG, plan.target.name)).tags).toMatchObject({
      [RELOCATION_TAG]: plan.relocationId,
      team: 'platform',
    });
  });

  it('refuses a target of this relocation whose customer-managed key setting differs', async () => {
    const { planPath, plan } = await world.prepare('acrrelotarget04');
    await preexisting('acrrelotarget04', {
      tags: { [RELOCATION_TAG]: plan.relocationId },
      encryption: { status: 'disabled' },
    });
    const run = await world.redeploy(planPath);
    expect(run.error).toMatchObject({ code: 'CONFLICT' });
    expect(run.error!.message).toMatch(
      /has to be recreated: customer-managed key encryption is disabled, the plan needs enabled/,
    );
  });

  it('refuses a target of this relocation whose zone redundancy differs', async () => {
    const { planPath, plan } = await world.prepare('acrrelotarget05');
    await preexisting('acrrelotarget05', { tags: { [RELOCATION_TAG]: plan.relocationId }, zoneRedundancy: 'Disabled' });
    const run = await world.redeploy(planPath, { 'dry-run': 'true' });
    expect(run.error).toMatchObject({ code: 'CONFLICT' });
    expect(run.error!.message).toMatch(/has to be recreated: zone redundancy is Disabled, the plan needs Enabled/);
  });

  it('generates token passwords once, masked, and keeps them on re-runs', async () => {
    const { planPath, plan } = await world.prepare('acrrelotarget06');
    const run = await world.redeploy(planPath, { 'regenerate-token-passwords': 'true' });
    expect(run.error).toBeUndefined();
    const output = JSON.parse(run.host.outputs.get('token-passwords') ?? '{}');
    expect(Object.keys(output)).toEqual(['ci-token']);
    expect(output['ci-token']).toMatchObject({
      username: 'ci-token',
      password1: expect.any(String),
      password2: expect.any(String),
    });
    expect(run.host.secrets).toContain(output['ci-token'].password1);
    expect(run.host.secrets).toContain(run.host.outputs.get('token-passwords'));
    const token = await world.acr.tokens.get(TARGET_RG, plan.target.name, 'ci-token');
    expect(token.credentials?.passwords?.map((p) => p.name)).toEqual(['password1', 'password2']);

    const before = world.emulator.requests.lastSeq();
    const again = await world.redeploy(planPath, { 'regenerate-token-passwords': 'true' });
    expect(again.error).toBeUndefined();
    expect(world.nonReads(before).filter((r) => r.includes('generateCredentials'))).toEqual([]);
    expect(again.result!.summary).toMatch(/Token ci-token already had passwords on the target; they were kept/);
  });

  it("retries a throttled what-if and reports a failed validation with Azure's code", async () => {
    const { planPath } = await world.prepare('acrrelotarget08');
    world.emulator.faults.add([
      {
        id: 'throttle',
        kind: 'arm:action',
        path: '/whatIf',
        count: 1,
        action: { status: 429 },
        retryAfter: { form: 'seconds', seconds: 0 },
      },
    ]);
    const before = world.emulator.requests.lastSeq();
    const throttled = await world.redeploy(planPath, { 'dry-run': 'true' });
    expect(throttled.error).toBeUndefined();
    expect(
      world.emulator.requests.list({ afterSeq: before, method: 'POST', pathIncludes: '/whatIf' }).map((e) => e.status),
    ).toEqual([429, 202]);

    world.emulator.faults.set([
      { id: 'invalid', kind: 'arm:action', path: '/validate', action: { status: 400, errorCode: 'InvalidTemplate' } },
    ]);
    const invalid = await world.redeploy(planPath, { 'dry-run': 'true' });
    expect(invalid.error).toMatchObject({ code: 'REMOTE_ERROR' });
    expect(invalid.error!.message).toMatch(
      /^Validating deployment acr-relocate-[0-9a-f]{16} failed \(HTTP 400\):\nInvalidTemplate: /,
    );
  });

  it('refuses private endpoint inputs that are not subnet ids', async () => {
    const { planPath } = await world.prepare('acrrelotarget07');
    const run = await world.redeploy(planPath, { 'private-endpoint-subnet-ids': 'not-a-subnet' });
    expect(run.error).toMatchObject({ code: 'INPUT_INVALID' });
  });
});

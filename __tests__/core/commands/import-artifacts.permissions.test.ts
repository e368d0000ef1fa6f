/**
 * A missing permission stops import-artifacts early, against the emulator with Resource Manager's
 * role checks on: the first 403 that names a missing action (importImage on the target, or the
 * linked pull check on the source) stops new imports, at most the requests already in flight (the
 * concurrency window) reach ARM, and the run fails with ONE error naming the action and scope and
 * the count of manifests it did not attempt.
 */
import { credentialOf } from '../../emulator/helpers/testEmulator.js';
import { seedMany } from '../import/support/content.js';
import { BUILT_IN, builtInRole, customRole, identityWith } from '../import/support/identities.js';
import { startWorld, type World } from '../import/support/world.js';

const ITEMS = 12;
const WINDOW = 3;

describe('import-artifacts with an identity that may not import', () => {
  let world: World;
  let readerOnly: string;
  let noSourcePull: string;
  beforeAll(async () => {
    world = await startWorld();
    seedMany(world, 3, ITEMS / 3);
    await world.writePlan();
    const { emulator } = world;
    const subscription = `/subscriptions/${emulator.subscriptionId}`;
    readerOnly = await identityWith(emulator, 'reader only', [
      { role: builtInRole(emulator, BUILT_IN.reader), scope: subscription },
    ]);
    // May import into the target and read both registries' properties, but not pull from the source.
    const readRegistries = await customRole(emulator, 'read registries', [
      'Microsoft.ContainerRegistry/registries/read',
    ]);
    noSourcePull = await identityWith(emulator, 'importer without source pull', [
      { role: builtInRole(emulator, BUILT_IN.dataImporter), scope: world.target.id },
      { role: readRegistries, scope: world.source.id },
    ]);
    emulator.applySettings({ rbac: true });
  });
  afterAll(async () => world?.stop());

  async function runAs(clientId: string) {
    const seq = world.emulator.requests.lastSeq();
    const run = await world.runCommand({ 'max-concurrency': String(WINDOW) }, credentialOf(world.emulator, clientId));
    const posts = world.emulator.requests.list({
      afterSeq: seq,
      service: 'arm',
      method: 'POST',
      pathIncludes: '/importImage',
    });
    return { run, posts };
  }

  it('without importImage/action on the target: stops at the first 403, one error naming action and scope', async () => {
    const { run, posts } = await runAs(readerOnly);
    expect(run.exitCode).toBe(1);
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(posts.length).toBeLessThanOrEqual(WINDOW);
    expect(posts.every((p) => p.status === 403)).toBe(true);
    const failure = run.failure!;
    expect(failure).toContain(
      `import-artifacts stopped: importImage: permission denied (AuthorizationFailed): the identity lacks "Microsoft.ContainerRegistry/registries/importImage/action" on ${world.target.id}.`,
    );
    expect(failure).toContain(
      `${ITEMS - posts.length} manifest(s) not attempted, ${posts.length} refused with this error`,
    );
    expect(failure.match(/permission denied/g)).toHaveLength(1);
    expect(run.outputs).toMatchObject({ 'imported-count': '0', 'failed-count': String(ITEMS) });
    expect(run.summary).toContain('### Stopped');
    expect(world.target.store.listRepositories()).toEqual([]);
  });

  it('without pull on the source (LinkedAuthorizationFailed): the same, naming the source', async () => {
    const { run, posts } = await runAs(noSourcePull);
    expect(run.exitCode).toBe(1);
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(posts.length).toBeLessThanOrEqual(WINDOW);
    expect(run.failure).toContain(
      `import-artifacts stopped: importImage: permission denied (LinkedAuthorizationFailed): the identity lacks "Microsoft.ContainerRegistry/registries/pull/read" on ${world.source.id}.`,
    );
    expect(run.failure).toContain(`${ITEMS - posts.length} manifest(s) not attempted`);
  });
});

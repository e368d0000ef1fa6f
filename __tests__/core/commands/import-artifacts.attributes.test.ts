/**
 * Changeable attributes through import-artifacts against the emulator: a locked repository
 * (writeEnabled=false, deleteEnabled=false), a locked manifest and a hidden index child reach the target as
 * the plan recorded them, last; verify passes; a re-run sends nothing; a later run still imports into
 * the locked repository (the lock is lifted for it and applied again); freeze-source's own
 * writeEnabled=false on the source never reaches the target.
 */
import { generateImage, generateMultiArch } from '../../../emulator/src/seed/images.js';
import type { RegistryStore } from '../../../emulator/src/acr/index.js';
import { missingInTarget } from '../import/support/content.js';
import { recordImports } from '../import/support/import-log.js';
import { startWorld, type World } from '../import/support/world.js';

const LOCKED = { writeEnabled: false, deleteEnabled: false };

function attributesOf(store: RegistryStore, repository: string, digest?: string) {
  const holder = digest ? store.getManifest(repository, digest) : store.getRepository(repository);
  if (!holder) throw new Error(`${repository}${digest ? `@${digest}` : ''} is not in the store`);
  return { ...holder.attributes };
}

/** PATCHes of /acr/v1 attributes sent to the target since `seq`, as "path body-less" lines. */
function targetPatches(world: World, seq: number): string[] {
  return world.emulator.requests
    .list({ afterSeq: seq, method: 'PATCH', pathIncludes: '/acr/v1/' })
    .filter((e) => e.service.includes(world.target.name))
    .map((e) => e.path.replace(/\?.*$/, ''));
}

describe('locked repositories and manifests', () => {
  let world: World;
  const lockedImage = generateImage('locked-v1');
  const pinned = generateImage('open-pinned');
  const multi = generateMultiArch('open-multi');
  // Hidden (listEnabled=false): the listing leaves it out, in the source and then in the target.
  const hidden = multi.manifests.find((m) => m.digest !== multi.root.digest)!;
  beforeAll(async () => {
    world = await startWorld();
    world.seed('app/locked', lockedImage, ['v1']);
    world.seed('app/open', pinned, ['pinned']);
    world.seed('app/open', multi, ['multi']);
    world.seed('app/open', generateImage('open-latest'), ['latest']);
    world.source.store.setRepositoryAttributes('app/locked', LOCKED);
    world.source.store.setManifestAttributes('app/open', pinned.root.digest, LOCKED);
    world.source.store.setManifestAttributes('app/open', hidden.digest, { listEnabled: false });
    await world.writePlan();
  });
  afterAll(async () => world?.stop());

  it('gives the target the plan’s attributes, after the content; verify passes', async () => {
    const seq = world.emulator.requests.lastSeq();
    const run = await world.runCommand({ 'max-concurrency': '4' });
    expect(run.failure).toBeUndefined();
    expect(missingInTarget(world.source.store, world.target.store)).toEqual([]);
    expect(attributesOf(world.target.store, 'app/locked')).toMatchObject(LOCKED);
    expect(attributesOf(world.target.store, 'app/open')).toMatchObject({ writeEnabled: true, deleteEnabled: true });
    expect(attributesOf(world.target.store, 'app/open', pinned.root.digest)).toMatchObject(LOCKED);
    expect(attributesOf(world.target.store, 'app/open', hidden.digest)).toMatchObject({ listEnabled: false });
    expect(attributesOf(world.target.store, 'app/locked', lockedImage.root.digest)).toMatchObject({
      writeEnabled: true,
      deleteEnabled: true,
    });
    // Last: every attribute PATCH of a repository comes after its imports were accepted and verified.
    const entries = world.emulator.requests.list({ afterSeq: seq });
    const lastImport = Math.max(...entries.filter((e) => e.path.endsWith('/importImage')).map((e) => e.seq));
    const patches = entries.filter((e) => e.method === 'PATCH' && e.service.includes(world.target.name));
    expect(patches.map((e) => e.path.replace(/\?.*$/, '')).sort()).toEqual(
      [
        '/acr/v1/app/locked',
        `/acr/v1/app/open/_manifests/${pinned.root.digest}`,
        `/acr/v1/app/open/_manifests/${hidden.digest}`,
      ].sort(),
    );
    expect(patches.every((e) => e.seq > lastImport && e.status === 200)).toBe(true);
    expect(run.summary).toContain('### Changeable attributes');
    expect(run.summary).toContain('1 repositories and 2 manifests got the plan');

    const { run: verified, report } = await world.runVerify();
    expect(report.failures).toEqual([]);
    expect(report.result.verified).toBe(true);
    expect(verified.failure).toBeUndefined();
  });

  it('a re-run (even without the progress file) sends no import and no PATCH', async () => {
    const { rmSync } = await import('node:fs');
    rmSync(`${world.workspace}/relocation/import-progress.json`, { force: true });
    const seq = world.emulator.requests.lastSeq();
    const run = await world.runCommand({});
    expect(run.failure).toBeUndefined();
    expect(run.outputs).toMatchObject({ 'imported-count': '0', 'skipped-count': '4' });
    expect(world.emulator.requests.list({ afterSeq: seq, service: 'arm', method: 'POST' })).toEqual([]);
    expect(targetPatches(world, seq)).toEqual([]);
  });

  it('a later run imports new content into the locked repository: lifted, imported, locked again', async () => {
    const newer = generateImage('locked-v2');
    world.seed('app/locked', newer, ['v2']);
    await world.writePlan();
    const imports = recordImports(world.emulator);
    const seq = world.emulator.requests.lastSeq();
    const run = await world.runCommand({});
    expect(run.failure).toBeUndefined();
    expect(imports.map((i) => i.sourceImage)).toEqual([`app/locked@${newer.root.digest}`]);
    expect(targetPatches(world, seq)).toEqual(['/acr/v1/app/locked', '/acr/v1/app/locked']);
    const entries = world.emulator.requests.list({ afterSeq: seq });
    const at = (match: (path: string, method: string) => boolean) =>
      entries.filter((e) => match(e.path, e.method)).map((e) => e.seq);
    const [lift, relock] = at((p, m) => m === 'PATCH' && p.startsWith('/acr/v1/app/locked'));
    const [post] = at((p, m) => m === 'POST' && p.includes('/importImage'));
    expect(lift! < post! && post! < relock!).toBe(true);
    expect(attributesOf(world.target.store, 'app/locked')).toMatchObject(LOCKED);
    expect(world.target.store.getTag('app/locked', 'v2')?.digest).toBe(newer.root.digest);
    expect(run.summary).toMatch(/1 lock\(s\) in the target were lifted/);
    expect((await world.runVerify()).report.failures).toEqual([]);
  });

  it('client mode too (the registry refuses pushes into a locked repository: without the lift this fails)', async () => {
    const newest = generateImage('locked-v3');
    world.seed('app/locked', newest, ['v3']);
    await world.writePlan();
    const run = await world.runCommand({ 'copy-mode': 'client' });
    expect(run.failure).toBeUndefined();
    expect(run.outputs['imported-count']).toBe('1');
    expect(world.target.store.getTag('app/locked', 'v3')?.digest).toBe(newest.root.digest);
    expect(attributesOf(world.target.store, 'app/locked')).toMatchObject(LOCKED);
  });

  it('a repository with a failed item keeps waiting: what was lifted is put back, the rest is not applied', async () => {
    const broken = generateImage('locked-v4');
    world.seed('app/locked', broken, ['v4']);
    await world.writePlan();
    world.emulator.faults.set([{ id: 'refuse', kind: 'acr:import', action: { status: 400 } }]);
    try {
      const run = await world.runCommand({});
      expect(run.exitCode).toBe(1);
      expect(run.summary).toMatch(/1 repositories wait for their content/);
      expect(attributesOf(world.target.store, 'app/locked')).toMatchObject(LOCKED);
    } finally {
      world.emulator.faults.set([]);
    }
    expect((await world.runCommand({})).failure).toBeUndefined();
    expect(world.target.store.getTag('app/locked', 'v4')?.digest).toBe(broken.root.digest);
  });
});

describe('freeze-source with refresh', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
    world.seed('app/web', generateImage('frozen-web'), ['v1']);
    world.seed('app/locked', generateImage('frozen-locked'), ['v1']);
    world.source.store.setRepositoryAttributes('app/locked', LOCKED);
    await world.writePlan();
  });
  afterAll(async () => world?.stop());

  it('the target gets the plan’s writeEnabled, not the freeze’s false', async () => {
    const run = await world.runCommand({ 'freeze-source': 'true', refresh: 'true' });
    expect(run.failure).toBeUndefined();
    // The refreshed inventory saw writeEnabled=false everywhere: our own freeze.
    expect(attributesOf(world.source.store, 'app/web').writeEnabled).toBe(false);
    expect(attributesOf(world.target.store, 'app/web')).toMatchObject({ writeEnabled: true, deleteEnabled: true });
    expect(attributesOf(world.target.store, 'app/locked')).toMatchObject(LOCKED);
    expect((await world.runVerify()).report.failures).toEqual([]);
  });
});

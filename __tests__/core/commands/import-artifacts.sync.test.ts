/**
 * Delta sync and scale-out: a source tag moved during the run (drift), refresh (re-inventory),
 * freeze-source (and its undo), include-tags, and sharding n=4 giving the same target as one job.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateImage } from '../../../emulator/src/seed/images.js';
import { restoreSource } from '../../../src/core/import/freeze.js';
import { missingInTarget, seedMany, seedRichSource } from '../import/support/content.js';
import { recordImports } from '../import/support/import-log.js';
import { startWorld, type World } from '../import/support/world.js';

function snapshot(world: World): string[] {
  const lines: string[] = [];
  for (const repository of world.target.store.listRepositories().sort()) {
    for (const m of world.target.store.listManifests(repository)) lines.push(`${repository}@${m.digest}`);
    for (const t of world.target.store.listTags(repository)) lines.push(`${repository}:${t.name}=${t.digest}`);
  }
  return lines.sort();
}

describe('a source tag moved during the run', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ importLatencyMs: 300 });
    world.seed('app/web', generateImage('web-1'), ['latest']);
    world.seed('app/api', generateImage('api-1'), ['v1']);
    await world.writePlan();
  });
  afterAll(async () => world?.stop());

  it('the target gets the inventoried digest, and the move is reported as drift', async () => {
    const planned = world.source.store.getTag('app/web', 'latest')!.digest;
    const moved = generateImage('web-2');
    const imports = recordImports(world.emulator);
    const running = world.runCommand({});
    while (imports.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    world.seed('app/web', moved, ['latest']); // someone pushes while the import runs
    const run = await running;
    expect(run.exitCode).toBe(0);
    expect(world.target.store.getTag('app/web', 'latest')!.digest).toBe(planned);
    expect(run.summary).toContain('### Source changed during the run');
    expect(run.summary).toContain(moved.root.digest);
    expect(run.logs.some((l) => /warning: The source changed during the run \(1 tags moved/.test(l))).toBe(true);
  });

  it('refresh carries it: the moved tag follows the source (no force needed: this tool set it), new tags come too', async () => {
    world.seed('app/api', generateImage('api-2'), ['v2']);
    const run = await world.runCommand({ refresh: 'true' });
    expect(run.exitCode).toBe(0);
    expect(missingInTarget(world.source.store, world.target.store)).toEqual([]);
    expect(run.summary).toContain('### Source changed since prepare');
    expect(run.summary).not.toContain('### Source changed during the run');
  });
});

describe('freeze-source', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
    world.seed('app/web', generateImage('web'), ['v1']);
    world.seed('app/api', generateImage('api'), ['v1']);
    await world.writePlan();
    world.source.store.setRepositoryAttributes('app/api', { writeEnabled: false }); // frozen by someone else already
  });
  afterAll(async () => world?.stop());

  it('sets writeEnabled=false on the source repositories, records the previous values, and is undone by restore', async () => {
    const run = await world.runCommand({ 'freeze-source': 'true' });
    expect(run.exitCode).toBe(0);
    expect(world.source.store.getRepository('app/web')!.attributes.writeEnabled).toBe(false);
    const path = join(world.workspace, 'relocation', 'freeze.json');
    const record = JSON.parse(readFileSync(path, 'utf8'));
    expect(
      record.repositories.map((r: { name: string; previousWriteEnabled: boolean }) => [r.name, r.previousWriteEnabled]),
    ).toEqual([
      ['app/api', true], // the plan saw it writable: that is what a restore brings back
      ['app/web', true],
    ]);
    // Idempotent: a second freeze keeps the recorded values (not the frozen "false").
    await world.runCommand({ 'freeze-source': 'true' });
    expect(JSON.parse(readFileSync(path, 'utf8')).repositories).toEqual(record.repositories);
    expect(await restoreSource(world.client('source'), path)).toEqual(['app/api', 'app/web']);
    expect(world.source.store.getRepository('app/web')!.attributes.writeEnabled).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8')).restoredAt).toEqual(expect.any(String));
  });
});

describe('filters', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
    world.seed('app/web', generateImage('web-v1'), ['v1.0']);
    world.seed('app/web', generateImage('web-nightly'), ['nightly']);
    world.seed('tools/ci', generateImage('ci'), ['v1.0']);
    await world.writePlan();
  });
  afterAll(async () => world?.stop());

  it('include-tags and exclude-repositories: what is left out is reported, never silently dropped', async () => {
    const run = await world.runCommand({ 'include-tags': 'v1.*', 'exclude-repositories': 'tools/*' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['imported-count']).toBe('1');
    expect(world.target.store.getTag('app/web', 'v1.0')).toBeDefined();
    expect(world.target.store.getTag('app/web', 'nightly')).toBeUndefined();
    expect(run.summary).toMatch(/1 repositories excluded by filters/);
    expect(run.summary).toMatch(/1 tags left out by include-tags/);
    expect(run.summary).toContain('app/web:nightly');
  });
});

describe('sharding', () => {
  const worlds: World[] = [];
  afterAll(async () => Promise.all(worlds.map((w) => w.stop())));

  async function seeded(): Promise<World> {
    const world = await startWorld();
    worlds.push(world);
    seedRichSource(world);
    seedMany(world, 6, 2);
    await world.writePlan();
    return world;
  }

  it('n=4 jobs give the same final target as one job', async () => {
    const [single, sharded] = [await seeded(), await seeded()];
    expect((await single.runCommand({})).exitCode).toBe(0);
    const counts: number[] = [];
    for (const shard of ['1/4', '2/4', '3/4', '4/4']) {
      const run = await sharded.runCommand({ shard });
      expect(run.exitCode).toBe(0);
      counts.push(Number(run.outputs['imported-count']));
      expect(
        existsSync(join(sharded.workspace, 'relocation', `import-progress-${shard.replace('/', '-of-')}.json`)),
      ).toBe(true);
    }
    expect(counts.filter((c) => c > 0).length).toBeGreaterThan(1);
    expect(snapshot(sharded)).toEqual(snapshot(single));
    expect(missingInTarget(sharded.source.store, sharded.target.store)).toEqual([]);
  }, 120_000);
});

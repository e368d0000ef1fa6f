/**
 * import-artifacts end to end against the emulator, through the real entry (runCommand): a plan
 * built from a real inventory of a seeded source, then the command, then the target read back.
 */
import { generateImage } from '../../../emulator/src/seed/images.js';
import { writeArtifact } from '../../../emulator/src/seed/images-store.js';
import { listReferrers } from '../../../src/core/oci/referrers.js';
import { missingInTarget, referrersTag, seedOversized, seedRichSource } from '../import/support/content.js';
import { recordImports } from '../import/support/import-log.js';
import { startWorld, type World } from '../import/support/world.js';

describe('import-artifacts (server mode) against the emulator', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
    seedRichSource(world);
    await world.writePlan();
  });
  afterAll(async () => world?.stop());

  it('carries every tag, untagged manifest, index child and referrer by digest; a re-run sends no import', async () => {
    const imports = recordImports(world.emulator);
    const run = await world.runCommand({ 'max-concurrency': '8' });
    expect(run.failure).toBeUndefined();
    expect(run.exitCode).toBe(0);
    expect(missingInTarget(world.source.store, world.target.store)).toEqual([]);
    // By digest only, never by tag; one request per item (no throttling here).
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.every((i) => /@sha256:[a-f0-9]{64}$/.test(i.sourceImage))).toBe(true);
    expect(imports.every((i) => i.mode === 'NoForce')).toBe(true);
    expect(run.outputs).toMatchObject({
      'imported-count': String(imports.length),
      'skipped-count': '0',
      'failed-count': '0',
      'conflict-count': '0',
    });
    // Referrers reached the target's referrers API, and the tag schema index its tag.
    const signed = world.source.store.getTag('app/signed', 'v1')!.digest;
    const referrers = await listReferrers(world.client('target'), 'app/signed', signed);
    expect(referrers.source).toBe('api');
    expect(referrers.referrers.map((r) => r.artifactType).sort()).toEqual([
      'application/spdx+json',
      'application/vnd.cncf.notary.signature',
    ]);
    const schemaSubject = world.source.store.getTag('app/tagschema', 'v1')!.digest;
    expect(world.target.store.getTag('app/tagschema', referrersTag(schemaSubject))).toBeDefined();
    // Progress in items and bytes; the summary per repository.
    expect(run.progress.at(-1)!.text).toMatch(/\d+\/\d+ manifests \(100%\).* done, .*B of .*B/);
    expect(run.summary).toMatch(/\| `app\/signed` \| \d+ \| 0 \| 0 \| 0 \|/);

    const seq = world.emulator.requests.lastSeq();
    const again = await world.runCommand({});
    expect(again.exitCode).toBe(0);
    expect(world.emulator.requests.list({ service: 'arm', afterSeq: seq, method: 'POST' })).toEqual([]);
    expect(again.outputs).toMatchObject({ 'imported-count': '0', 'skipped-count': String(imports.length) });
  });

  it('a re-run without the progress file verifies what the target lists, and still imports nothing', async () => {
    const { rmSync } = await import('node:fs');
    rmSync(`${world.workspace}/relocation/import-progress.json`, { force: true });
    const seq = world.emulator.requests.lastSeq();
    const run = await world.runCommand({});
    expect(run.exitCode).toBe(0);
    expect(world.emulator.requests.list({ service: 'arm', afterSeq: seq, method: 'POST' })).toEqual([]);
    // Deep checks happened: manifests read back from the target by digest.
    const reads = world.emulator.requests.list({ afterSeq: seq, kind: 'acr:manifest-get' });
    expect(reads.length).toBeGreaterThan(0);
  });
});

describe('conflicts', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
    world.seed('app/web', generateImage('web'), ['v1', 'v2']);
    await world.writePlan();
  });
  afterAll(async () => world?.stop());

  it('NoForce: a target tag on another digest stops the item and is listed with both digests', async () => {
    const other = generateImage('someone-else');
    writeArtifact(world.target.store, 'app/web', other, ['v1']);
    const run = await world.runCommand({});
    const source = world.source.store.getTag('app/web', 'v1')!.digest;
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ 'conflict-count': '1', 'imported-count': '0' });
    expect(run.failure).toContain(`app/web:v1: the target has ${other.root.digest}, the source ${source}`);
    expect(run.summary).toContain('### Conflicts');
    expect(world.target.store.getTag('app/web', 'v1')!.digest).toBe(other.root.digest);
  });

  it('force: overwrites it (mode Force), and only then', async () => {
    const imports = recordImports(world.emulator);
    const run = await world.runCommand({ force: 'true' });
    expect(run.exitCode).toBe(0);
    expect(imports.map((i) => i.mode)).toEqual(['Force']);
    expect(missingInTarget(world.source.store, world.target.store)).toEqual([]);
  });
});

describe('an image with 51 manifests', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
    seedOversized(world);
    world.seed('small/app', generateImage('small'), ['v1']);
    await world.writePlan();
  });
  afterAll(async () => world?.stop());

  it('server mode refuses it up front (no import sent) and says to use client mode; the rest is imported', async () => {
    const imports = recordImports(world.emulator);
    const run = await world.runCommand({});
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ 'failed-count': '1', 'imported-count': '1' });
    expect(run.failure).toMatch(/big\/many@sha256:[a-f0-9]{64}: the image has 51 manifests; .*copy-mode: client/);
    expect(imports.map((i) => i.sourceImage.split('@')[0])).toEqual(['small/app']);
  });

  it('client mode copies it, byte for byte', async () => {
    const run = await world.runCommand({ 'copy-mode': 'client', 'include-repositories': 'big/*' });
    expect(run.failure).toBeUndefined();
    expect(missingInTarget(world.source.store, world.target.store)).toEqual([]);
    const root = world.source.store.getTag('big/many', 'all')!.digest;
    expect(world.target.store.readManifestBytes(root).equals(world.source.store.readManifestBytes(root))).toBe(true);
    expect(world.target.store.listManifests('big/many')).toHaveLength(51);
  });
});

describe('inputs and plan checks fail before any work', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
    world.seed('app/web', generateImage('web'), ['v1']);
    await world.writePlan();
  });
  afterAll(async () => world?.stop());

  it.each([
    [{ shard: '5/4' }, /--shard "5\/4" is not a shard/],
    [{ 'include-tags': '/[/' }, /--include-tags pattern .* is not a valid regular expression/],
    [{ 'plan-path': '../elsewhere/plan.json' }, /outside the workspace/],
    [{ 'copy-mode': 'magic' }, /copy-mode/],
  ])('%p', async (inputs, message) => {
    const seq = world.emulator.requests.lastSeq();
    const run = await world.runCommand(inputs as Record<string, string>);
    expect(run.exitCode).toBe(1);
    expect(run.failure).toMatch(message);
    expect(world.emulator.requests.list({ afterSeq: seq, service: 'arm' })).toEqual([]);
  });

  it('refuses a plan with failed checks', async () => {
    const { readFileSync } = await import('node:fs');
    const { writePlan } = await import('../../../src/core/plan/io.js');
    const plan = JSON.parse(readFileSync(world.planPath, 'utf8'));
    delete plan.fingerprint;
    plan.checks = [{ id: 'target-name-available', status: 'fail', message: 'taken' }];
    await writePlan(world.planPath, plan);
    const run = await world.runCommand({});
    expect(run.failure).toMatch(/CHECKS_FAILED.*target-name-available/);
  });
});

/**
 * copy-mode: client through the command, ACR to ACR on the emulator: a blob the source serves
 * corrupted (one flipped byte, the data plane's corruptBody fault) is detected while it streams and
 * never written to the target; a transient corruption is retried and the copy completes.
 */
import { generateImage, generateMultiArch } from '../../../emulator/src/seed/images.js';
import { missingInTarget } from '../import/support/content.js';
import { startWorld, type World } from '../import/support/world.js';

describe('client mode with a corrupted source blob', () => {
  let world: World;
  const victim = generateImage('victim', { appBytes: 200_000 });
  const layer = victim.blobs.at(-1)!.digest;
  beforeAll(async () => {
    world = await startWorld();
    world.seed('app/victim', victim, ['v1']);
    world.seed('app/other', generateMultiArch('other'), ['v1']);
    await world.writePlan();
  });
  afterAll(async () => world?.stop());

  it('detects it while streaming, never writes it, and fails only that item', async () => {
    world.emulator.faults.set([
      { id: 'corrupt', kind: 'acr:blob-get', method: 'GET', path: `/blobs/${layer}`, action: { corruptBody: true } },
    ]);
    const seq = world.emulator.requests.lastSeq();
    const run = await world.runCommand({ 'copy-mode': 'client' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ 'failed-count': '1', 'imported-count': '1' });
    expect(run.failure).toMatch(
      new RegExp(
        `app/victim@sha256:[a-f0-9]{64}: .*content digest sha256:[a-f0-9]{64} does not match the expected ${layer}`,
      ),
    );
    expect(world.target.store.hasBlob('app/victim', layer)).toBe(false);
    expect(world.target.store.listManifests('app/victim')).toEqual([]);
    // Never sent for committing: the target never had to refuse a digest (no 400 on a blob upload).
    const refused = world.emulator.requests
      .list({ afterSeq: seq, kind: 'acr:blob-put' })
      .filter((e) => e.status === 400);
    expect(refused).toEqual([]);
  });

  it('a transient corruption is retried and the copy completes', async () => {
    world.emulator.faults.set([
      {
        id: 'corrupt-once',
        kind: 'acr:blob-get',
        method: 'GET',
        path: `/blobs/${layer}`,
        count: 1,
        action: { corruptBody: true },
      },
    ]);
    const run = await world.runCommand({ 'copy-mode': 'client' });
    expect(run.failure).toBeUndefined();
    expect(missingInTarget(world.source.store, world.target.store)).toEqual([]);
  });
});

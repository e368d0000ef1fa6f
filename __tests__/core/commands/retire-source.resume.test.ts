/**
 * Interrupted runs of retire-source: a brownout that stopped half-way is finished with the values the
 * first run recorded; a deletion already under way is waited for without sending anything; a direct
 * delete (no brownout) sends exactly one DELETE and no request that could create a registry.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrownoutRecord } from '../../../src/core/retire/model.js';
import { RetireWorld } from '../retire/support/retire-world.js';

describe('an interrupted brownout, then a direct delete', () => {
  let rw: RetireWorld;
  beforeAll(async () => {
    rw = await RetireWorld.start();
  });
  afterAll(() => rw?.stop());

  it("finishes the brownout keeping the first run's recorded values, and restore puts those back", async () => {
    const recordPath = join(rw.world.workspace, 'relocation', 'retire-state.json');
    const report = JSON.parse(await readFile(rw.world.reportPath, 'utf8')) as { fingerprint: string };
    // The first run recorded app/web, closed it, and stopped before base and the network access.
    const interrupted: BrownoutRecord = {
      schemaVersion: 1,
      relocationId: rw.world.plan.relocationId,
      sourceId: rw.world.source.id,
      planFingerprint: rw.world.plan.fingerprint,
      reportFingerprint: report.fingerprint,
      disabledAt: new Date().toISOString(),
      previousPublicNetworkAccess: 'Enabled',
      repositories: [{ name: 'app/web', previous: { readEnabled: true, writeEnabled: true } }],
    };
    await writeFile(recordPath, JSON.stringify(interrupted));
    rw.world.source.store.setRepositoryAttributes('app/web', { readEnabled: false, writeEnabled: false });

    const { result } = await rw.retire({ 'retire-mode': 'disable' });
    expect(result.failure).toBeUndefined();
    expect(result.outputs.retired).toBe('disabled');
    const record = JSON.parse(await readFile(recordPath, 'utf8')) as BrownoutRecord;
    expect(record.disabledAt).toBe(interrupted.disabledAt);
    expect(record.repositories).toEqual([
      { name: 'app/web', previous: { readEnabled: true, writeEnabled: true } },
      { name: 'base', previous: { readEnabled: true, writeEnabled: true } },
    ]);
    expect(await rw.sourceNetworkAccess()).toBe('Disabled');

    expect((await rw.retire({ restore: 'true' })).result.outputs.retired).toBe('restored');
    expect(rw.world.source.store.getRepository('app/web')!.attributes).toMatchObject({
      readEnabled: true,
      writeEnabled: true,
    });
    expect(await rw.sourceNetworkAccess()).toBe('Enabled');
  });

  it('deletes the source directly with one DELETE, and nothing that could create a registry', async () => {
    await rw.verify();
    const seq = rw.world.emulator.requests.lastSeq();
    const { result } = await rw.retire({ 'retire-mode': 'delete' });
    expect(result.failure).toBeUndefined();
    expect(result.outputs.retired).toBe('deleted');
    const writes = rw.world.writesSince(seq);
    expect(writes.map((w) => `${w.method} ${w.path.split('?')[0]}`)).toEqual([
      `DELETE /subscriptions/${rw.world.emulator.subscriptionId}/resourceGroups/${rw.world.source.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${rw.world.source.name}`,
    ]);
    expect(await rw.sourceNetworkAccess()).toBeUndefined();
  });
});

describe('a deletion already under way', () => {
  let rw: RetireWorld;
  beforeAll(async () => {
    rw = await RetireWorld.start();
  });
  afterAll(() => rw?.stop());

  it('is waited for to its end without sending a single write request', async () => {
    const store = rw.world.emulator.arm.store;
    store.update(rw.world.source.id, (r) => {
      r.body = { ...r.body, properties: { ...(r.body.properties as object), provisioningState: 'Deleting' } };
    });
    const finish = setTimeout(() => store.deleteTree(rw.world.source.id), 100);
    try {
      const seq = rw.world.emulator.requests.lastSeq();
      const { result } = await rw.retire({ 'retire-mode': 'delete' });
      expect(result.failure).toBeUndefined();
      expect(result.outputs.retired).toBe('deleted');
      expect(result.summary).toContain('already under way finished');
      expect(rw.world.writesSince(seq)).toEqual([]);
    } finally {
      clearTimeout(finish);
    }
  });
});

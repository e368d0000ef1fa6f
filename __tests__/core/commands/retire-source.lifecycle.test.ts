/**
 * The whole retirement of a source, in order, against the emulator: brownout (disable), its re-run,
 * restore (exactly what was there), its re-run, brownout again, deletion from the brownout, and the
 * re-run of the deletion (success, nothing sent, nothing re-created).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryClient } from '../../../src/core/oci/client.js';
import { fingerprintOf } from '../../../src/core/plan/canonical.js';
import { headManifest } from '../../../src/core/oci/manifests.js';
import type { BrownoutRecord } from '../../../src/core/retire/model.js';
import { RetireWorld } from '../retire/support/retire-world.js';

let rw: RetireWorld;
let recordPath: string;

beforeAll(async () => {
  rw = await RetireWorld.start();
  recordPath = join(rw.world.workspace, 'relocation', 'retire-state.json');
  // A repository someone had locked against writes before the brownout: restore must keep it so.
  rw.world.source.store.setRepositoryAttributes('base', { writeEnabled: false });
});
afterAll(() => rw?.stop());

async function canPullFromSource(): Promise<boolean> {
  const client = new RegistryClient({
    url: rw.world.source.loginServer,
    credentials: { kind: 'entra', credential: rw.world.credential },
    caPem: rw.world.emulator.tls.caCertPem,
    retry: { maxAttempts: 1 },
  });
  try {
    return (await headManifest(client, 'app/web', 'v1')) !== undefined;
  } catch {
    return false;
  } finally {
    client.close();
  }
}

describe('retire-source against the emulator', () => {
  const before = { access: {} as Record<string, unknown> };

  it('disables the source (brownout) once every precondition passed, recording what it changed', async () => {
    before.access = rw.repositoryAccess();
    expect(before.access).toEqual({
      'app/web': { readEnabled: true, writeEnabled: true },
      base: { readEnabled: true, writeEnabled: false },
    });
    const { result } = await rw.retire({ 'retire-mode': 'disable' });
    expect(result.failure).toBeUndefined();
    expect(result.outputs.retired).toBe('disabled');
    expect(result.summary).toContain('is disabled (brownout)');
    expect(result.summary).not.toContain('❌');
    expect(await rw.sourceNetworkAccess()).toBe('Disabled');
    expect(rw.repositoryAccess()).toEqual({
      'app/web': { readEnabled: false, writeEnabled: false },
      base: { readEnabled: false, writeEnabled: false },
    });
    expect(await canPullFromSource()).toBe(false);
    const record = JSON.parse(await readFile(recordPath, 'utf8')) as BrownoutRecord;
    expect(record).toMatchObject({
      previousPublicNetworkAccess: 'Enabled',
      relocationId: rw.world.plan.relocationId,
      completedAt: expect.any(String),
    });
    expect(record.repositories).toEqual([
      { name: 'app/web', previous: { readEnabled: true, writeEnabled: true } },
      { name: 'base', previous: { readEnabled: true, writeEnabled: false } },
    ]);
  });

  it('does nothing when run again while the brownout is in place', async () => {
    const seq = rw.world.emulator.requests.lastSeq();
    const { result } = await rw.retire({ 'retire-mode': 'disable' });
    expect(result.outputs.retired).toBe('disabled');
    expect(result.summary).toContain('nothing changed');
    expect(rw.world.writesSince(seq)).toEqual([]);
  });

  it('restores exactly what was there, network access first', async () => {
    const seq = rw.world.emulator.requests.lastSeq();
    const { result } = await rw.retire({ restore: 'true' });
    expect(result.failure).toBeUndefined();
    expect(result.outputs.retired).toBe('restored');
    expect(await rw.sourceNetworkAccess()).toBe('Enabled');
    expect(rw.repositoryAccess()).toEqual(before.access);
    expect(await canPullFromSource()).toBe(true);
    const writes = rw.world.writesSince(seq);
    expect(writes[0]).toMatchObject({ service: 'arm', method: 'PATCH' });
    expect(writes.filter((w) => w.method === 'PATCH' && w.service !== 'arm' && w.status === 200)).toHaveLength(2);
  });

  it('does nothing when restore runs again', async () => {
    const seq = rw.world.emulator.requests.lastSeq();
    const { result } = await rw.retire({ restore: 'true' });
    expect(result.outputs.retired).toBe('restored');
    expect(result.summary).toContain('already restored');
    expect(rw.world.writesSince(seq)).toEqual([]);
  });

  it('deletes the source from a brownout, polling the deletion to its end', async () => {
    await rw.verify();
    expect((await rw.retire({ 'retire-mode': 'disable' })).result.outputs.retired).toBe('disabled');

    // Another (valid) report than the one the brownout acted on cannot vouch for the closed source.
    const approved = await readFile(rw.world.reportPath, 'utf8');
    const other = JSON.parse(approved) as Record<string, unknown>;
    other.createdAt = new Date().toISOString();
    other.fingerprint = fingerprintOf(other);
    await writeFile(rw.world.reportPath, JSON.stringify(other));
    const seq = rw.world.emulator.requests.lastSeq();
    const refused = await rw.retire({ 'retire-mode': 'delete' });
    expect(refused.result.failure).toMatch(/closed by a brownout .* which acted on another report/);
    expect(rw.world.writesSince(seq)).toEqual([]);
    await writeFile(rw.world.reportPath, approved);

    const { result } = await rw.retire({ 'retire-mode': 'delete' });
    expect(result.failure).toBeUndefined();
    expect(result.outputs.retired).toBe('deleted');
    expect(result.summary).toContain('is deleted');
    expect(result.summary).toContain('closed since');
    expect(await rw.sourceNetworkAccess()).toBeUndefined();
    expect(rw.world.emulator.registries().map((r) => r.name)).toEqual([rw.world.target.name]);
  });

  it('treats a source already gone as success on a re-run, and never re-creates it', async () => {
    const seq = rw.world.emulator.requests.lastSeq();
    const { result } = await rw.retire({ 'retire-mode': 'delete' });
    expect(result.failure).toBeUndefined();
    expect(result.outputs.retired).toBe('deleted');
    expect(result.summary).toContain('no longer exists');
    expect(rw.world.writesSince(seq)).toEqual([]);
    expect(rw.world.emulator.registries().map((r) => r.name)).toEqual([rw.world.target.name]);
  });

  it('refuses to restore a deleted source', async () => {
    const { result } = await rw.retire({ restore: 'true' });
    expect(result.outputs.retired).toBe('none');
    expect(result.failure).toMatch(/no longer exists/);
    expect(existsSync(recordPath)).toBe(true);
  });
});

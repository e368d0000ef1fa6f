/**
 * restore: true undoes everything acr-relocate changed on the source, against the emulator: a
 * freeze-source of import-artifacts alone, and a freeze followed by a brownout (which must record the
 * pre-freeze values, not the frozen "false"). Each repository ends exactly as it was before the
 * freeze — including one that was read-only already and must stay so; a second restore and a restore
 * with a wrong confirmation send no write request.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FreezeRecord } from '../../../src/core/import/freeze.js';
import type { BrownoutRecord } from '../../../src/core/retire/model.js';
import { RetireWorld } from '../retire/support/retire-world.js';

/** `base` is read-only before prepare sees it: the plan, the freeze and every restore must keep it so. */
function startWorld(): Promise<RetireWorld> {
  return RetireWorld.start((world) => world.source.store.setRepositoryAttributes('base', { writeEnabled: false }));
}

const BEFORE_FREEZE = {
  'app/web': { readEnabled: true, writeEnabled: true },
  base: { readEnabled: true, writeEnabled: false },
};
const FROZEN = {
  'app/web': { readEnabled: true, writeEnabled: false },
  base: { readEnabled: true, writeEnabled: false },
};

function paths(rw: RetireWorld) {
  const dir = join(rw.world.workspace, 'relocation');
  return { freeze: join(dir, 'freeze.json'), brownout: join(dir, 'retire-state.json') };
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

/** The write requests since `seq`, as "SERVICE METHOD path" (query left out). */
function writes(rw: RetireWorld, seq: number): string[] {
  return rw.world.writesSince(seq).map((w) => `${w.service} ${w.method} ${w.path.split('?')[0]}`);
}

/** Repository PATCHes the source's data plane accepted (a first attempt answered 401 by the auth challenge aside). */
function dataPlanePatches(rw: RetireWorld, seq: number): string[] {
  return rw.world
    .writesSince(seq)
    .filter((w) => w.service !== 'arm' && w.method === 'PATCH' && w.path.startsWith('/acr/v1/') && w.status === 200)
    .map((w) => w.path.split('?')[0]!);
}

async function expectNothingSentOnWrongConfirmation(rw: RetireWorld): Promise<void> {
  const before = rw.world.emulator.requests.lastSeq();
  const { result } = await rw.retire({ restore: 'true', 'confirm-source-registry': 'someotherregistry' });
  expect(result.outputs.retired).toBe('none');
  expect(result.failure).toMatch(/refused and changed nothing.*not the name of the source registry/);
  expect(writes(rw, before)).toEqual([]);
  // Refused before anything is read from Azure, either.
  expect(rw.world.emulator.requests.list({ afterSeq: before, service: 'arm' })).toEqual([]);
}

describe('restore after freeze-source alone (no brownout)', () => {
  let rw: RetireWorld;
  beforeAll(async () => {
    rw = await startWorld();
  });
  afterAll(() => rw?.stop());

  it('import-artifacts froze every repository and recorded the values before the freeze', async () => {
    expect(rw.repositoryAccess()).toEqual(BEFORE_FREEZE);
    await rw.freeze();
    expect(rw.repositoryAccess()).toEqual(FROZEN);
    const record = await readJson<FreezeRecord>(paths(rw).freeze);
    expect(record.repositories.map((r) => [r.name, r.previousWriteEnabled])).toEqual([
      ['app/web', true],
      ['base', false],
    ]);
  });

  it('refuses a wrong confirmation without sending anything, the source staying frozen', async () => {
    const recorded = await readFile(paths(rw).freeze, 'utf8');
    await expectNothingSentOnWrongConfirmation(rw);
    expect(rw.repositoryAccess()).toEqual(FROZEN);
    expect(await readFile(paths(rw).freeze, 'utf8')).toBe(recorded);
  });

  it('puts every repository back to its value before the freeze, with no verification report needed', async () => {
    await writeFile(rw.world.reportPath, '{ "not": "a report" }');
    const seq = rw.world.emulator.requests.lastSeq();
    const { result } = await rw.retire({ restore: 'true' });
    expect(result.failure).toBeUndefined();
    expect(result.outputs.retired).toBe('restored');
    expect(result.summary).toContain('is restored to what it was before acr-relocate changed it');
    expect(result.summary).toContain('to their values before the freeze');
    expect(rw.repositoryAccess()).toEqual(BEFORE_FREEZE);
    expect(await rw.sourceNetworkAccess()).toBe('Enabled');
    // No ARM write (there was no brownout): one data-plane PATCH per frozen repository.
    expect(writes(rw, seq).filter((w) => w.startsWith('arm '))).toEqual([]);
    expect(dataPlanePatches(rw, seq)).toHaveLength(2);
    expect((await readJson<FreezeRecord>(paths(rw).freeze)).restoredAt).toEqual(expect.any(String));
  });

  it('sends nothing when restore runs again', async () => {
    const seq = rw.world.emulator.requests.lastSeq();
    const { result } = await rw.retire({ restore: 'true' });
    expect(result.outputs.retired).toBe('restored');
    expect(result.summary).toContain('already restored');
    expect(writes(rw, seq)).toEqual([]);
    expect(rw.repositoryAccess()).toEqual(BEFORE_FREEZE);
  });
});

describe('restore after freeze-source then a brownout', () => {
  let rw: RetireWorld;
  beforeAll(async () => {
    rw = await startWorld();
  });
  afterAll(() => rw?.stop());

  /** The pipeline's order: import-artifacts with the freeze, verify, then the brownout. */
  async function freezeThenDisable(): Promise<void> {
    await rw.freeze();
    await rw.verify();
    const { result } = await rw.retire({ 'retire-mode': 'disable' });
    expect(result.failure).toBeUndefined();
    expect(result.outputs.retired).toBe('disabled');
  }

  it('the brownout records the values from before the freeze, not the frozen "false"', async () => {
    await freezeThenDisable();
    expect(await rw.sourceNetworkAccess()).toBe('Disabled');
    const record = await readJson<BrownoutRecord>(paths(rw).brownout);
    expect(record.repositories).toEqual([
      { name: 'app/web', previous: BEFORE_FREEZE['app/web'] },
      { name: 'base', previous: BEFORE_FREEZE.base },
    ]);
  });

  it('refuses a wrong confirmation without sending anything, the source staying closed', async () => {
    await expectNothingSentOnWrongConfirmation(rw);
    expect(await rw.sourceNetworkAccess()).toBe('Disabled');
    expect((await readJson<BrownoutRecord>(paths(rw).brownout)).restoredAt).toBeUndefined();
    expect((await readJson<FreezeRecord>(paths(rw).freeze)).restoredAt).toBeUndefined();
  });

  it('undoes the brownout, then the freeze: everything as it was before acr-relocate touched it', async () => {
    const seq = rw.world.emulator.requests.lastSeq();
    const { result } = await rw.retire({ restore: 'true' });
    expect(result.failure).toBeUndefined();
    expect(result.outputs.retired).toBe('restored');
    expect(await rw.sourceNetworkAccess()).toBe('Enabled');
    expect(rw.repositoryAccess()).toEqual(BEFORE_FREEZE);
    // Network access first; the brownout's restore already wrote the pre-freeze values, so the
    // freeze's restore sends nothing more.
    expect(writes(rw, seq)[0]).toMatch(/^arm PATCH /);
    expect(dataPlanePatches(rw, seq)).toHaveLength(2);
    expect(result.summary).toContain("2 already had it from the brownout's restore");
    expect((await readJson<BrownoutRecord>(paths(rw).brownout)).restoredAt).toEqual(expect.any(String));
    expect((await readJson<FreezeRecord>(paths(rw).freeze)).restoredAt).toEqual(expect.any(String));
  });

  it('sends nothing when restore runs again', async () => {
    const seq = rw.world.emulator.requests.lastSeq();
    const { result } = await rw.retire({ restore: 'true' });
    expect(result.outputs.retired).toBe('restored');
    expect(result.summary).toContain('already restored');
    expect(writes(rw, seq)).toEqual([]);
  });

  it('still unfreezes after a brownout recorded the frozen "false" (a record written before this was fixed)', async () => {
    await freezeThenDisable();
    const record = await readJson<BrownoutRecord>(paths(rw).brownout);
    const frozenAsPrevious = record.repositories.map((r) => ({
      ...r,
      previous: { ...r.previous, writeEnabled: false },
    }));
    await writeFile(paths(rw).brownout, JSON.stringify({ ...record, repositories: frozenAsPrevious }));

    const seq = rw.world.emulator.requests.lastSeq();
    const { result } = await rw.retire({ restore: 'true' });
    expect(result.failure).toBeUndefined();
    expect(rw.repositoryAccess()).toEqual(BEFORE_FREEZE);
    // The brownout's restore (both), then the freeze's for app/web only (base's recorded false was right).
    expect(dataPlanePatches(rw, seq)).toEqual(['/acr/v1/app/web', '/acr/v1/base', '/acr/v1/app/web']);
  });
});

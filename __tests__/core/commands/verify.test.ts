import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { copyManifest } from '../../../emulator/src/acr/store/copy.js';
import { writeArtifact } from '../../../emulator/src/seed/images-store.js';
import { generateImage } from '../../../emulator/src/seed/images.js';
import { verify } from '../../../src/core/commands/verify.js';
import { loadReport, markdownPathOf } from '../../../src/core/verify/io.js';
import type { VerifyReport } from '../../../src/core/verify/model.js';
import { FAST_POLL } from '../../emulator/helpers/testEmulator.js';
import { World } from '../verify/support/world.js';

let world: World;

beforeAll(async () => {
  world = await World.start();
  await world.relocate();
});
afterAll(() => world?.stop());
afterEach(() => world.importAll());

async function runVerify(inputs: Record<string, string> = {}) {
  const run = await world.run(verify, 'verify', inputs);
  const loaded = await loadReport(world.reportPath);
  if (!loaded.ok) throw new Error(loaded.reason);
  return { ...run, report: loaded.report };
}

const failure = (report: VerifyReport, reference: string) => report.failures.find((f) => f.reference === reference);

describe('verify against the emulator', () => {
  it('proves a complete relocation: every artifact by digest, settings equal, nothing written', async () => {
    const before = world.emulator.requests.lastSeq();
    const { result, report } = await runVerify();
    expect(report.failures).toEqual([]);
    expect(report.settings).toEqual([]);
    expect(report.drift).toEqual([]);
    const manifests = world.plan.artifacts.totals.manifests;
    expect(report.totals).toMatchObject({
      manifests,
      verified: manifests,
      tags: 3,
      referrers: 1,
      missing: 0,
      mismatched: 0,
    });
    expect(report.result).toEqual({ verified: true, passed: true, failOn: 'mismatch' });
    expect(report.planFingerprint).toBe(world.plan.fingerprint);
    expect(result.failure).toBeUndefined();
    expect(result.outputs).toEqual({
      verified: 'true',
      'report-path': world.reportPath,
      'report-fingerprint': report.fingerprint,
      'missing-count': '0',
      'mismatch-count': '0',
      'drift-count': '0',
    });
    expect(result.summary).toContain(`✅ ${manifests} of ${manifests} artifacts verified by digest`);
    expect(await readFile(markdownPathOf(world.reportPath), 'utf8')).toBe(result.summary);
    expect(world.writesSince(before)).toEqual([]);
  });

  it('names a missing tag', async () => {
    world.target.store.deleteTag('app/web', 'stable');
    const { result, report } = await runVerify();
    expect(failure(report, 'stable')).toMatchObject({
      repository: 'app/web',
      kind: 'missing-tag',
      expected: world.seeded.image.root.digest,
      actual: 'absent',
    });
    expect(report.totals.missing).toBe(1);
    expect(result.outputs['missing-count']).toBe('1');
    expect(result.outputs.verified).toBe('false');
    expect(result.failure).toMatch(/1 missing/);
    expect(result.summary).toContain('❌');
  });

  it('names a tag that resolves to another digest, with both digests', async () => {
    world.target.store.setTag('app/web', 'v1', world.seeded.untagged.root.digest);
    const { result, report } = await runVerify();
    expect(failure(report, 'v1')).toMatchObject({
      kind: 'wrong-digest',
      expected: world.seeded.image.root.digest,
      actual: world.seeded.untagged.root.digest,
    });
    expect(result.outputs['mismatch-count']).toBe('1');
  });

  it('names a missing index child and a missing referrer with its subject', async () => {
    const child = world.seeded.multi.manifests.find((m) => m.digest !== world.seeded.multi.root.digest)!;
    world.target.store.deleteManifest('base', child.digest);
    world.target.store.deleteManifest('app/web', world.seeded.signature.root.digest);
    const { report } = await runVerify();
    expect(failure(report, child.digest)).toMatchObject({
      repository: 'base',
      kind: 'missing-manifest',
      role: 'index-child',
    });
    expect(failure(report, world.seeded.signature.root.digest)).toMatchObject({
      kind: 'missing-manifest',
      role: 'referrer',
      subject: world.seeded.image.root.digest,
    });
  });

  it('names a changed setting with expected and actual', async () => {
    const rg = world.plan.target.resourceGroup;
    await world.arm.registries.beginUpdateAndWait(
      rg,
      world.target.name,
      { adminUserEnabled: !world.plan.target.settings.adminUserEnabled },
      FAST_POLL,
    );
    try {
      const { result, report } = await runVerify();
      expect(report.settings).toEqual([
        {
          resource: 'registry',
          path: 'adminUserEnabled',
          expected: String(world.plan.target.settings.adminUserEnabled),
          actual: String(!world.plan.target.settings.adminUserEnabled),
        },
      ]);
      expect(report.result.verified).toBe(false);
      expect(result.summary).toContain('adminUserEnabled');
    } finally {
      await world.arm.registries.beginUpdateAndWait(
        rg,
        world.target.name,
        { adminUserEnabled: world.plan.target.settings.adminUserEnabled },
        FAST_POLL,
      );
    }
  });

  it('names a changeable attribute the target lost', async () => {
    world.target.store.setRepositoryAttributes('base', { writeEnabled: false });
    try {
      const { report } = await runVerify();
      expect(report.failures).toEqual([
        expect.objectContaining({
          repository: 'base',
          kind: 'attributes',
          reference: '',
          expected: 'writeEnabled=true',
          actual: 'writeEnabled=false',
        }),
      ]);
    } finally {
      world.target.store.setRepositoryAttributes('base', { writeEnabled: true });
    }
  });

  it('reports drift apart from failures, with the command to carry it, and sees when it was carried', async () => {
    const newer = generateImage('verify/web-v2');
    writeArtifact(world.source.store, 'app/web', newer, ['v2']);
    world.source.store.setTag('app/web', 'stable', newer.root.digest);
    const outstanding = await runVerify({ 'fail-on': 'drift' });
    expect(outstanding.report.failures).toEqual([]);
    expect(outstanding.report.drift).toEqual([
      {
        repository: 'app/web',
        change: 'moved',
        tag: 'stable',
        digest: newer.root.digest,
        previousDigest: world.seeded.image.root.digest,
        inTarget: false,
      },
      { repository: 'app/web', change: 'added', tag: 'v2', digest: newer.root.digest, inTarget: false },
    ]);
    expect(outstanding.report.result).toMatchObject({ verified: true, passed: false });
    expect(outstanding.result.outputs['drift-count']).toBe('2');
    expect(outstanding.result.failure).toMatch(/refresh: true/);
    expect(outstanding.result.summary).toContain('run `import-artifacts` with `refresh: true`');

    const byDefault = await runVerify();
    expect(byDefault.result.failure).toBeUndefined();

    copyInto(world, 'app/web', newer.root.digest, ['v2', 'stable']);
    const carried = await runVerify({ 'fail-on': 'drift' });
    expect(carried.report.drift.map((d) => d.inTarget)).toEqual([true, true]);
    expect(carried.report.result).toMatchObject({ verified: true, passed: true });
    expect(carried.result.failure).toBeUndefined();
  });

  it('refuses a report path outside the workspace before signing in', async () => {
    await expect(world.run(verify, 'verify', { 'report-path': '../elsewhere.json' })).rejects.toThrow(
      /outside the workspace/,
    );
    expect(existsSync(world.reportPath)).toBe(true);
  });
});

function copyInto(w: World, repository: string, digest: string, tags: string[]) {
  copyManifest({ store: w.source.store, repository }, { store: w.target.store, repository }, digest, { tags });
}

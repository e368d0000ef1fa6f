/**
 * The engine and the per-item runner with an in-memory target and a scripted importer, on a virtual
 * clock: deadlines, resubmission, throttling, transient and permanent failures, conflicts, skips.
 */
import type { ProgressJournal } from '../../../src/core/import/progress-file.js';
import type { Step } from './support/fakes.js';
import { d, item, key, setup } from './support/engine-run.js';

describe('runImportEngine', () => {
  it('imports what the target lacks, verifies it, and a second run sends nothing', async () => {
    const items = [item('1', { closure: [d('a'), d('b')] }), item('2', { tags: [] })];
    const { run, importer, target } = setup(items);
    const first = await run();
    expect(first.items.map((i) => i.status)).toEqual(['imported', 'imported']);
    expect(importer.calls.map((c) => [c.tags, c.force])).toEqual([
      [['t1'], false],
      [[], false],
    ]);
    expect(target.tags.get('app')!.get('t1')).toBe(d('1'));
    const second = await run();
    expect(second.items.map((i) => i.status)).toEqual(['skipped', 'skipped']);
    expect(importer.writesSent).toBe(2);
    expect(second.stats.armWrites).toBe(2);
  });

  it('imports only the tags the target lacks', async () => {
    const { run, importer, target } = setup([item('1', { tags: ['a', 'b', 'c'] })]);
    target.put('app', [d('1')], { a: d('1') });
    await run();
    expect(importer.calls[0]!.tags).toEqual(['b', 'c']);
  });

  it('past the deadline: checks the target, resubmits, and succeeds', async () => {
    const { run, importer, timing } = setup([item('1')], { [key('1')]: ['hang', 'ok'] });
    const report = await run();
    expect(report.items[0]).toMatchObject({ status: 'imported', attempts: 2 });
    expect(report.stats.resubmits).toBe(1);
    expect(importer.calls).toHaveLength(2);
    expect(timing.sleeps).toContain(60_000);
  });

  it('past the deadline with the import done meanwhile: imported without resubmitting', async () => {
    const { run, importer } = setup([item('1')], { [key('1')]: ['complete-then-hang'] });
    const report = await run();
    expect(report.items[0]).toMatchObject({ status: 'imported', attempts: 1 });
    expect(importer.calls).toHaveLength(1);
  });

  it('resubmits at most twice after deadlines, then fails with the reason', async () => {
    const { run, importer } = setup([item('1')], { [key('1')]: ['hang', 'hang', 'hang', 'ok'] });
    const report = await run();
    expect(importer.calls).toHaveLength(3);
    expect(report.items[0]).toMatchObject({
      status: 'failed',
      attempts: 3,
      reason: expect.stringMatching(/no result within 60 s, 3 times/),
    });
  });

  it('on 429: slows down (AIMD), waits Retry-After, retries without counting an attempt', async () => {
    const items = ['1', '2', '3'].map((c) => item(c));
    const { run, timing } = setup(items, { [key('1')]: [{ throttle: 3_000 }, { throttle: undefined }, 'ok'] });
    const report = await run();
    expect(report.items.map((i) => i.status)).toEqual(['imported', 'imported', 'imported']);
    expect(report.items[0]!.attempts).toBe(1);
    expect(report.stats.throttled).toBe(2);
    expect(report.stats.decreases).toBeGreaterThanOrEqual(1);
    expect(report.stats.finalConcurrency).toBeLessThan(4);
    expect(timing.time).toBeGreaterThanOrEqual(3_000);
  });

  it('retries transient failures with jittered backoff, bounded', async () => {
    const ok = setup([item('1')], { [key('1')]: ['transient', 'failed-after-accept', 'ok'] });
    const report = await ok.run();
    expect(report.items[0]).toMatchObject({ status: 'imported', attempts: 3 });
    expect(ok.timing.sleeps.filter((ms) => ms === 750 || ms === 1_500)).toEqual([750, 1_500]);
    const bad = setup([item('1')], { [key('1')]: Array<Step>(10).fill('transient') });
    const failed = await bad.run();
    expect(failed.items[0]).toMatchObject({
      status: 'failed',
      attempts: 5,
      reason: expect.stringContaining('HTTP 503'),
    });
  });

  it('fails a permanent error at once, with its explanation', async () => {
    const { run, importer } = setup([item('1')], { [key('1')]: ['permanent'] });
    const report = await run();
    expect(importer.calls).toHaveLength(1);
    expect(report.items[0]).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/403 AuthorizationFailed.*Hint: grant the role/),
    });
  });

  it('stops an item whose target tag points elsewhere (NoForce), lists both digests, imports the rest', async () => {
    const { run, importer, target } = setup([item('1'), item('2')]);
    target.put('app', [d('9')], { t1: d('9') });
    const report = await run();
    expect(report.items[0]).toMatchObject({
      status: 'conflict',
      conflicts: [{ tag: 't1', sourceDigest: d('1'), targetDigest: d('9') }],
    });
    expect(report.items[1]!.status).toBe('imported');
    expect(importer.calls.map((c) => c.item.digest)).toEqual([d('2')]);
  });

  it('force overwrites the conflicting tag (mode Force) and reports it', async () => {
    const { run, importer, target } = setup([item('1')], {}, { force: true });
    target.put('app', [d('9')], { t1: d('9') });
    const report = await run();
    expect(importer.calls[0]).toMatchObject({ tags: ['t1'], force: true });
    expect(report.items[0]).toMatchObject({ status: 'imported', overwritten: ['t1'] });
    expect(target.tags.get('app')!.get('t1')).toBe(d('1'));
  });

  it('moves a tag this tool put there in an earlier delta sync without force (refresh)', async () => {
    const { run, importer, target } = setup([item('2', { tags: ['latest'], previousDigests: { latest: d('1') } })]);
    target.put('app', [d('1')], { latest: d('1') });
    const report = await run();
    expect(importer.calls[0]).toMatchObject({ tags: ['latest'], force: true });
    expect(report.items[0]).toMatchObject({ status: 'imported', overwritten: ['latest'] });
  });

  it('a 409 that is our own earlier attempt is a success, not a conflict', async () => {
    const { run } = setup([item('1')], { [key('1')]: ['complete-then-conflict'] });
    expect((await run()).items[0]).toMatchObject({ status: 'imported' });
  });

  it('an import that left content out is imported again, then verified', async () => {
    const { run, importer } = setup([item('1', { closure: [d('a')] })], { [key('1')]: ['incomplete', 'ok'] });
    const report = await run();
    expect(report.items[0]).toMatchObject({ status: 'imported', attempts: 2 });
    expect(importer.calls[1]!.tags).toEqual([]);
    expect(report.stats.resubmits).toBe(1);
  });

  it('skips listed items the progress file vouches for, verifies the others first', async () => {
    const journal: ProgressJournal & { added: string[] } = {
      added: [],
      has: (_r, digest) => digest === d('1'),
      add(repository, digest) {
        this.added.push(`${repository}@${digest}`);
      },
      flush: async () => undefined,
    };
    const { run, importer, target } = setup([item('1'), item('2'), item('3')], {}, { journal });
    target.put('app', [d('1'), d('2'), d('3')], { t1: d('1'), t2: d('2'), t3: d('3') });
    target.manifests.get('app')!.delete(d('3'));
    target.put('app', [], {});
    const report = await run();
    expect(report.items.map((i) => i.status)).toEqual(['skipped', 'skipped', 'imported']);
    expect(target.verifications).toBe(1 + 1); // item 2 verified (listing only), item 3 verified after import
    expect(importer.calls.map((c) => c.item.digest)).toEqual([d('3')]);
    expect(journal.added.sort()).toEqual([`app@${d('1')}`, `app@${d('2')}`, `app@${d('3')}`]);
  });

  it('a referrer whose subject failed is not attempted', async () => {
    const subject = item('1');
    const referrer = item('2', { tags: [], subject: d('1'), dependsOn: key('1'), phase: 1 });
    const { run, importer } = setup([subject, referrer], { [key('1')]: ['permanent'] });
    const report = await run();
    expect(report.items[1]).toMatchObject({ status: 'failed', reason: expect.stringContaining('its subject') });
    expect(importer.calls).toHaveLength(1);
  });

  it('refuses images beyond the manifest limit up front, pointing at client mode', async () => {
    const closure = Array.from({ length: 50 }, (_, i) => `sha256:${i.toString(16).padStart(64, '0')}`);
    const { run, importer } = setup([item('1', { closure })], {}, { knobs: { manifestLimit: 50 } });
    const report = await run();
    expect(importer.calls).toHaveLength(0);
    expect(report.items[0]).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/51 manifests.*copy-mode: client/s),
    });
  });
});

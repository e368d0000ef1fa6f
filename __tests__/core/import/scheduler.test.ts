/**
 * A failure every item would hit (a 403 naming a missing permission) stops the run: no new item
 * starts, the ones in flight finish, no in-flight item submits again, and the rest are settled as
 * not attempted — on the engine with fakes and a virtual clock.
 */
import type { Step } from './support/fakes.js';
import { item, key, setup } from './support/engine-run.js';

const MANY = Array.from({ length: 10 }, (_, i) => item(i.toString(16)));
const forbiddenAll = Object.fromEntries(MANY.map((it) => [key(it.digest.slice(-1)), ['forbidden' as Step]]));

describe('a failure that stops the run', () => {
  it('sends at most the window, settles the rest as not attempted, and reports it once', async () => {
    const { run, importer } = setup(MANY, forbiddenAll, { knobs: { maxConcurrency: 3, importTimeoutMs: 60_000 } });
    const report = await run();
    expect(importer.calls.length).toBeGreaterThanOrEqual(1);
    expect(importer.calls.length).toBeLessThanOrEqual(3);
    const failed = report.items.filter((i) => i.status === 'failed');
    expect(failed.length).toBe(importer.calls.length);
    expect(failed.every((i) => i.halted === true)).toBe(true);
    expect(report.items.filter((i) => i.status === 'not-attempted')).toHaveLength(10 - importer.calls.length);
    expect(report.halted).toEqual({
      message: expect.stringContaining('lacks "importImage/action" on /t'),
      hint: 'grant it',
      notAttempted: 10 - importer.calls.length,
      failed: importer.calls.length,
    });
  });

  it('an ordinary permanent failure does not stop the run', async () => {
    const { run, importer } = setup(MANY.slice(0, 4), { [key('0')]: ['permanent'] });
    const report = await run();
    expect(importer.calls).toHaveLength(4);
    expect(report.halted).toBeUndefined();
    expect(report.items.map((i) => i.status)).toEqual(['failed', 'imported', 'imported', 'imported']);
  });

  it('an item in flight waiting out a 429 does not submit again; a waiting referrer is not attempted', async () => {
    const subject = item('1');
    const referrer = item('2', { tags: [], subject: subject.digest, dependsOn: key('1'), phase: 1 });
    const throttled = item('3');
    const { run, importer } = setup(
      [subject, throttled, referrer],
      { [key('1')]: ['forbidden'], [key('3')]: [{ throttle: 5_000 }, 'ok'] },
      { knobs: { maxConcurrency: 3, importTimeoutMs: 60_000 } },
    );
    const report = await run();
    expect(importer.calls.map((c) => c.item.digest)).toEqual([subject.digest, throttled.digest]);
    expect(report.items.map((i) => [i.digest, i.status])).toEqual([
      [subject.digest, 'failed'],
      [throttled.digest, 'not-attempted'],
      [referrer.digest, 'not-attempted'],
    ]);
  });
});

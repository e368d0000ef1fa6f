import type { ProgressUpdate } from '../../src/hosts/host.js';
import { progressUpdate, ProgressReporter } from '../../src/core/progress.js';

function recorder(intervalMs: number): {
  updates: ProgressUpdate[];
  progressIntervalMs: number;
  progress(u: ProgressUpdate): void;
} {
  const updates: ProgressUpdate[] = [];
  return { updates, progressIntervalMs: intervalMs, progress: (update) => updates.push(update) };
}

describe('progressUpdate', () => {
  it('computes percent, rate and ETA and renders the text line', () => {
    const update = progressUpdate('Importing', 'imports', 120, 400, 10_000);
    expect(update.percent).toBe(30);
    expect(update.ratePerSecond).toBeCloseTo(12);
    expect(update.etaSeconds).toBeCloseTo(280 / 12);
    expect(update.text).toBe('Importing 120/400 imports (30%) 12.0/s ETA 24s');
  });

  it('says done at the end and has no ETA', () => {
    const update = progressUpdate('Importing', 'imports', 400, 400, 20_000);
    expect(update.percent).toBe(100);
    expect(update.text).toMatch(/ done$/);
  });

  it('has no ETA before anything is done, and a zero total is complete', () => {
    expect(progressUpdate('Copying', 'blobs', 0, 10, 1000).etaSeconds).toBeUndefined();
    expect(progressUpdate('Copying', 'blobs', 0, 0, 1000).percent).toBe(100);
  });

  it('formats long ETAs in minutes and hours', () => {
    expect(progressUpdate('x', 'items', 1, 1000, 1000).text).toContain('ETA 16m39s');
    expect(progressUpdate('x', 'items', 1, 100_000, 1000).text).toContain('ETA 27h46m');
  });
});

describe('ProgressReporter', () => {
  it('renders the first tick, then at most once per interval, and always at finish', () => {
    let now = 0;
    const host = recorder(10_000);
    const reporter = new ProgressReporter(host, 'Importing', 1000, 'imports', () => now);
    for (let i = 0; i < 1000; i++) {
      now += 100; // a tick every 100 ms: 100 s in all
      reporter.tick();
    }
    reporter.finish();
    // first tick + one per 10 s over 100 s + the final render
    expect(host.updates.length).toBeGreaterThanOrEqual(10);
    expect(host.updates.length).toBeLessThanOrEqual(12);
    const times = host.updates.map((u) => u.done);
    expect(times[0]).toBe(1);
    expect(host.updates.at(-1)?.done).toBe(1000);
    expect(host.updates.at(-1)?.percent).toBe(100);
  });

  it('paces by the host: a short interval renders more often', () => {
    let now = 0;
    const fast = recorder(150);
    const reporter = new ProgressReporter(fast, 'Tags', 100, 'tags', () => now);
    for (let i = 0; i < 100; i++) {
      now += 50;
      reporter.tick();
    }
    expect(fast.updates.length).toBeGreaterThanOrEqual(30);
    expect(fast.updates.length).toBeLessThanOrEqual(35);
  });

  it('takes absolute counts and a replaced total from callers that count themselves', () => {
    let now = 0;
    const host = recorder(0);
    const reporter = new ProgressReporter(host, 'Inventory', 0, 'repositories', () => now);
    reporter.setTotal(8);
    now += 1000;
    reporter.update(6);
    expect(host.updates.at(-1)).toMatchObject({ done: 6, total: 8, percent: 75 });
    reporter.update(8);
    reporter.finish();
    expect(host.updates.at(-1)?.text).toMatch(/8\/8 repositories \(100%\).* done$/);
  });
});

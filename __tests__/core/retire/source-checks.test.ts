import type { MonitorClient } from '@azure/arm-monitor';
import { fingerprintOf } from '../../../src/core/plan/canonical.js';
import { idlePrecondition, readUsage } from '../../../src/core/retire/source-checks.js';
import { expectedContent } from '../../../src/core/retire/target-check.js';
import type { VerifyReport } from '../../../src/core/verify/model.js';
import { sampleReport } from '../verify/support/report-fixture.js';

function monitor(series: Record<string, number[]>, calls: unknown[] = []): MonitorClient {
  return {
    metrics: {
      list: async (resourceUri: string, options: unknown) => {
        calls.push([resourceUri, options]);
        return {
          value: Object.entries(series).map(([name, totals]) => ({
            name: { value: name },
            timeseries: [{ data: totals.map((total) => ({ timeStamp: new Date(), total })) }],
          })),
        };
      },
    },
  } as unknown as MonitorClient;
}

const draft = sampleReport();
const report: VerifyReport = { ...draft, fingerprint: fingerprintOf(draft) };

describe('usage of the source', () => {
  it('sums SuccessfulPullCount and SuccessfulPushCount over the window since verify started', async () => {
    const calls: unknown[] = [];
    const now = new Date('2026-11-26T00:30:00.000Z');
    const usage = await readUsage(
      monitor({ SuccessfulPullCount: [0, 2, 1], SuccessfulPushCount: [0, 0, 0] }, calls),
      '/s',
      new Date(report.startedAt),
      now,
    );
    expect(usage).toEqual({ pulls: 3, pushes: 0, from: report.startedAt, to: now.toISOString() });
    expect(calls).toEqual([
      [
        '/s',
        {
          metricnames: 'SuccessfulPullCount,SuccessfulPushCount',
          timespan: `${report.startedAt}/${now.toISOString()}`,
          interval: 'PT1M',
          aggregation: 'Total',
        },
      ],
    ]);
  });

  it('asks for hours beyond a day (Azure Monitor caps the points of one query)', async () => {
    const calls: Array<[string, { interval: string }]> = [];
    await readUsage(monitor({}, calls), '/s', new Date('2026-11-20T00:00:00Z'), new Date('2026-11-26T00:00:00Z'));
    expect(calls[0]![1].interval).toBe('PT1H');
  });

  it('passes an idle source and refuses a used one, listing the counts', async () => {
    const now = new Date('2026-11-26T00:30:00.000Z');
    expect(
      (await idlePrecondition(monitor({ SuccessfulPullCount: [0], SuccessfulPushCount: [0] }), '/s', report, now))
        .passed,
    ).toBe(true);
    const used = await idlePrecondition(
      monitor({ SuccessfulPullCount: [5], SuccessfulPushCount: [1] }),
      '/s',
      report,
      now,
    );
    expect(used).toMatchObject({
      passed: false,
      message: expect.stringMatching(
        /5 successful pull\(s\) and 1 push\(es\) between 2026-11-26T00:00:00.000Z and 2026-11-26T00:30:00.000Z/,
      ),
    });
  });
});

describe('expectedContent of the target', () => {
  const d = (c: string) => `sha256:${c.repeat(64)}`;
  const m = { mediaType: 'x', size: 1 };
  const repository = {
    name: 'app',
    reportedTagCount: 2,
    reportedManifestCount: 3,
    manifests: [
      { ...m, digest: d('a'), tags: ['v1', 'latest'] },
      { ...m, digest: d('b'), tags: [] },
      { ...m, digest: d('e'), tags: ['gone'] },
    ],
  };

  it("is the plan's tags and digests with the carried source changes applied", () => {
    const expected = expectedContent(repository, [
      { repository: 'app', change: 'moved', tag: 'latest', digest: d('c'), previousDigest: d('a'), inTarget: true },
      { repository: 'app', change: 'added', tag: 'v2', digest: d('f'), inTarget: true },
      { repository: 'app', change: 'removed', tag: 'gone', digest: d('e'), inTarget: false },
      { repository: 'app', change: 'removed', digest: d('b'), inTarget: false },
      { repository: 'other', change: 'added', tag: 'x', digest: d('9'), inTarget: true },
    ]);
    expect(Object.fromEntries(expected.tags)).toEqual({ v1: d('a'), latest: d('c'), v2: d('f') });
    expect([...expected.digests].sort()).toEqual([d('a'), d('c'), d('e'), d('f')]);
  });
});

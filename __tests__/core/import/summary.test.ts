import { compareSnapshots, NO_DRIFT } from '../../../src/core/import/drift.js';
import type { ImportReport, ItemResult } from '../../../src/core/import/model.js';
import { importFailure, importOutputs } from '../../../src/core/import/outcome.js';
import { renderSummary } from '../../../src/core/import/summary.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;

function result(
  status: ItemResult['status'],
  repository: string,
  c: string,
  extra: Partial<ItemResult> = {},
): ItemResult {
  return { repository, digest: d(c), tags: [], status, attempts: 1, bytes: 2048, ...extra };
}

function report(items: ItemResult[]): ImportReport {
  return {
    mode: 'server',
    items,
    filtered: {
      excludedRepositories: ['legacy/x'],
      otherShardRepositories: 3,
      excludedTags: ['app:nightly'],
      excludedManifests: [],
    },
    stats: { armWrites: 5, throttled: 2, decreases: 1, resubmits: 1, finalConcurrency: 8, elapsedMs: 1500 },
  };
}

const CONTEXT = { source: 'src.azurecr.io', target: 'dst.azurecr.io', shard: { index: 1, count: 1 }, drift: NO_DRIFT };

describe('outputs and failure', () => {
  const items = [
    result('imported', 'app', '1'),
    result('skipped', 'app', '2'),
    result('failed', 'app', '3', { reason: `app@${d('3')}: HTTP 403. Hint: grant AcrPull` }),
    result('conflict', 'app', '4', {
      conflicts: [
        { tag: 'v1', sourceDigest: d('4'), targetDigest: d('9') },
        { tag: 'v2', sourceDigest: d('4'), targetDigest: d('9') },
      ],
    }),
  ];

  it('counts items, and conflicting tags', () => {
    expect(importOutputs(report(items))).toEqual({
      'imported-count': '1',
      'skipped-count': '1',
      'failed-count': '1',
      'conflict-count': '2',
    });
  });

  it('fails the run listing each failed item and each conflicting tag with both digests', () => {
    const text = importFailure(report(items))!;
    expect(text).toContain(`- app@${d('3')}: HTTP 403. Hint: grant AcrPull`);
    expect(text).toContain(`- app:v1: the target has ${d('9')}, the source ${d('4')}`);
    expect(text).toContain(`- app:v2: the target has ${d('9')}`);
    expect(importFailure(report([items[0]!, items[1]!]))).toBeUndefined();
  });

  it('keeps a long failure list readable', () => {
    const many = Array.from({ length: 80 }, (_, i) => result('failed', `r${i}`, '1', { reason: `r${i} failed` }));
    const text = importFailure(report(many))!;
    expect(text).toContain('… and 30 more (see the summary)');
  });
});

describe('renderSummary', () => {
  it('tables per repository, conflicts and failures; registry strings are escaped', () => {
    const evil = 'app/x|y';
    const markdown = renderSummary(
      report([
        result('imported', 'app/web', '1'),
        result('failed', evil, '2', { reason: 'boom <script>alert(1)</script> | [link](http://x)' }),
        result('conflict', 'app/web', '3', { conflicts: [{ tag: 'v1', sourceDigest: d('3'), targetDigest: d('9') }] }),
      ]),
      CONTEXT,
    );
    expect(markdown).toContain('| `app/web` | 1 | 0 | 0 | 1 |');
    expect(markdown).toContain('`app/x\\|y`');
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('](http');
    expect(markdown).toContain(`\`${d('9')}\``);
    expect(markdown).toMatch(/1 repositories excluded by filters/);
    expect(markdown).toMatch(/3 repositories belong to other shards/);
    expect(markdown).toMatch(
      /5 import request\(s\), 2 throttled \(429\), concurrency halved 1 time\(s\), ending at 8; 1 resubmission/,
    );
  });

  it('reports drift with both digests', () => {
    const carried = new Map([
      [
        'app',
        new Map([
          ['latest', d('1')],
          ['old', d('2')],
        ]),
      ],
    ]);
    const now = new Map([
      [
        'app',
        new Map([
          ['latest', d('3')],
          ['new', d('4')],
        ]),
      ],
    ]);
    const drift = compareSnapshots(carried, now);
    expect(drift).toEqual({
      moved: [{ repository: 'app', tag: 'latest', carried: d('1'), now: d('3') }],
      added: [{ repository: 'app', tag: 'new', digest: d('4') }],
      removed: [{ repository: 'app', tag: 'old', carried: d('2') }],
    });
    const markdown = renderSummary(report([]), { ...CONTEXT, drift });
    expect(markdown).toContain('### Source changed during the run');
    expect(markdown).toContain(`${d('1')} → ${d('3')}`);
  });
});

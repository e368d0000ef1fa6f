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

  it('a stopped run fails with ONE error and the count of what it left; not attempted counts as failed', () => {
    const halted = {
      ...report([
        result('imported', 'app', '1'),
        result('failed', 'app', '2', { reason: `app@${d('2')}: permission denied`, halted: true }),
        result('failed', 'app', '3', { reason: `app@${d('3')}: permission denied`, halted: true }),
        result('not-attempted', 'app', '4', { reason: 'not attempted' }),
        result('not-attempted', 'lib', '5', { reason: 'not attempted' }),
        result('failed', 'lib', '6', { reason: `lib@${d('6')}: Source image not found.` }),
      ]),
      halted: {
        message:
          'importImage: permission denied (AuthorizationFailed): the identity lacks "X/importImage/action" on /t.',
        hint: 'Grant it.',
        notAttempted: 2,
        failed: 2,
      },
    };
    expect(importOutputs(halted)['failed-count']).toBe('5');
    const text = importFailure(halted)!;
    expect(text.split('\n').slice(0, 3)).toEqual([
      'import-artifacts stopped: importImage: permission denied (AuthorizationFailed): the identity lacks "X/importImage/action" on /t.',
      '2 manifest(s) not attempted, 2 refused with this error (the first and those already in flight); 1 imported, 0 already there.',
      'Hint: Grant it.',
    ]);
    expect(text.match(/permission denied/g)).toHaveLength(1);
    expect(text).toContain(`- lib@${d('6')}: Source image not found.`);
    const markdown = renderSummary(halted, CONTEXT);
    expect(markdown).toContain('### Stopped');
    expect(markdown).toContain('**2** not attempted');
    expect(markdown).toContain('| `app` | 1 | 0 | 2 | 0 | 1 |');
    expect(markdown).not.toContain(`\`app@${d('2')}\``); // counted under Stopped, not listed one by one
  });

  it('attributes that could not be applied fail the run; the summary counts what was carried', () => {
    const attributes = {
      repositoriesUpdated: 1,
      manifestsUpdated: 2,
      lifted: 1,
      trusted: 0,
      waiting: ['app/partial'],
      failures: ['app/locked: the plan’s changeable attributes could not be applied: denied'],
    };
    const done = { ...report([result('imported', 'app', '1')]), attributes };
    expect(importFailure(done)).toContain(
      '- app/locked: the plan’s changeable attributes could not be applied: denied',
    );
    const markdown = renderSummary(done, CONTEXT);
    expect(markdown).toContain('### Changeable attributes');
    expect(markdown).toContain('1 repositories and 2 manifests got the plan');
    expect(markdown).toContain('1 lock(s) in the target were lifted');
    expect(markdown).toContain('1 repositories wait for their content');
    expect(markdown).toContain('Tag attributes are not recorded in the plan');
    const quiet = { ...attributes, repositoriesUpdated: 0, manifestsUpdated: 0, lifted: 0, waiting: [], failures: [] };
    expect(renderSummary({ ...done, attributes: quiet }, CONTEXT)).not.toContain('Changeable attributes');
    expect(importFailure({ ...done, attributes: quiet })).toBeUndefined();
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

import { incompleteInventory, type RepositoryProblem } from '../../../src/core/inventory/problems.js';

describe('incompleteInventory', () => {
  it('names every repository with reported and listed numbers, escaping registry-supplied text', () => {
    const problems: RepositoryProblem[] = [
      { kind: 'counts', repository: 'app', reported: { tags: 3, manifests: 5 }, listed: { tags: 3, manifests: 4 } },
      {
        kind: 'tags',
        repository: 'web',
        onlyInTagList: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
        onlyInManifests: ['z'],
        onTwoManifests: ['moved'],
      },
      { kind: 'vanished', repository: 'gone', detail: 'no longer exists' },
      { kind: 'catalog', appeared: ['x\n##vso[task.complete]'], disappeared: [] },
    ];
    const error = incompleteInventory('reg.azurecr.io', problems);
    expect(error.code).toBe('INVENTORY_INCOMPLETE');
    expect(error.message.split('\n')).toEqual([
      'The inventory of reg.azurecr.io is not provably complete (4 problem(s)):',
      '  - "app": the registry reports 3 tags and 5 manifests, the listings gave 3 tags and 4 manifests',
      '  - "web": tags/list has "a", "b", "c", "d", "e" and 2 more but no listed manifest carries them; ' +
        'manifests carry "z" but tags/list does not show them; "moved" appeared on two manifests (moved while listed)',
      '  - "gone": no longer exists',
      '  - the catalog changed during the inventory (appeared: "x\\n##vso[task.complete]")',
    ]);
    expect(error.hint).toContain('listEnabled=false');
    expect(error.hint).not.toContain('readEnabled');
  });

  it('caps the list and explains readEnabled when content is unreadable', () => {
    const problems: RepositoryProblem[] = Array.from({ length: 30 }, (_, i) => ({
      kind: 'unreadable',
      repository: `r${i}`,
      digests: [],
    }));
    const error = incompleteInventory('reg', problems);
    expect(error.message.split('\n')).toHaveLength(1 + 25 + 1);
    expect(error.message).toContain('  - and 5 more');
    expect(error.hint).toContain('readEnabled=false');
  });
});

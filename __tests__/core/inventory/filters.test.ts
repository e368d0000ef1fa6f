import { filterRepositories } from '../../../src/core/inventory/filters.js';

const names = ['a/b/c', 'app', 'team/api', 'team/api/v2', 'team/web', 'tools'];

describe('filterRepositories', () => {
  it('keeps everything when no pattern is given', () => {
    expect(filterRepositories(names, {})).toEqual({ included: names, excluded: [], unmatchedIncludes: [] });
    expect(filterRepositories(names, { include: [''], exclude: [''] }).included).toEqual(names);
  });

  it('includes by any pattern, then excludes; * stops at /, ** does not', () => {
    const result = filterRepositories(names, { include: ['team/*', 'a/**', 'ghost/*'], exclude: ['*/web'] });
    expect(result.included).toEqual(['a/b/c', 'team/api']);
    expect(result.excluded).toEqual(['app', 'team/api/v2', 'team/web', 'tools']);
    expect(result.unmatchedIncludes).toEqual(['ghost/*']);
  });

  it('treats ! and # as ordinary characters, not negation or comments', () => {
    expect(filterRepositories(names, { include: ['!app'] }).included).toEqual([]);
    expect(filterRepositories(names, { exclude: ['#app'] }).excluded).toEqual([]);
  });
});

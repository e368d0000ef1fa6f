import { compileTagFilter } from '../../../src/core/import/tag-filter.js';

describe('compileTagFilter', () => {
  it('keeps every tag without patterns', () => {
    expect(compileTagFilter([])).toBeUndefined();
    expect(compileTagFilter(['', '  '])).toBeUndefined();
  });

  it('matches globs', () => {
    const keep = compileTagFilter(['v1.*', 'release-*'])!;
    expect(['v1.0', 'v1.2.3', 'release-2026', 'v2.0', 'latest'].filter(keep)).toEqual([
      'v1.0',
      'v1.2.3',
      'release-2026',
    ]);
  });

  it('matches /regex/ patterns, with the i flag', () => {
    const keep = compileTagFilter(['/^v\\d+\\.\\d+$/', '/^STABLE$/i'])!;
    expect(['v1.0', 'v1.0.1', 'stable', 'Stable-2'].filter(keep)).toEqual(['v1.0', 'stable']);
  });

  it('refuses an invalid regular expression up front', () => {
    expect(() => compileTagFilter(['/(unclosed/'], '--include-tags')).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID', message: expect.stringContaining('--include-tags') }),
    );
  });
});

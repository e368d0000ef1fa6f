import { unifiedDiff } from '../../../../src/core/rewire/files/diff.js';

describe('unifiedDiff', () => {
  it('is empty when nothing changed', () => {
    expect(unifiedDiff('a.yaml', 'x\n', 'x\n')).toBe('');
  });

  it('prints hunks with three lines of context, merging close changes (as diff -u does)', () => {
    const before = [
      'l1',
      'l2',
      'l3',
      'l4 old',
      'l5',
      'l6 old',
      'l7',
      'l8',
      'l9',
      'l10',
      'l11',
      'l12',
      'l13',
      'l14 old',
      '',
    ].join('\n');
    const after = before.replace(/old/g, 'new');
    expect(unifiedDiff('k8s/a.yaml', before, after)).toBe(
      [
        '--- a/k8s/a.yaml',
        '+++ b/k8s/a.yaml',
        '@@ -1,9 +1,9 @@',
        ' l1',
        ' l2',
        ' l3',
        '-l4 old',
        '+l4 new',
        ' l5',
        '-l6 old',
        '+l6 new',
        ' l7',
        ' l8',
        ' l9',
        '@@ -11,4 +11,4 @@',
        ' l11',
        ' l12',
        ' l13',
        '-l14 old',
        '+l14 new',
        '',
      ].join('\n'),
    );
  });

  it('groups a run of changed lines and marks a missing final newline', () => {
    expect(unifiedDiff('Dockerfile', 'FROM a\nFROM b', 'FROM x\nFROM y')).toBe(
      [
        '--- a/Dockerfile',
        '+++ b/Dockerfile',
        '@@ -1,2 +1,2 @@',
        '-FROM a',
        '-FROM b',
        '\\ No newline at end of file',
        '+FROM x',
        '+FROM y',
        '\\ No newline at end of file',
        '',
      ].join('\n'),
    );
  });

  it('refuses a change in the number of lines (a host rewrite never makes one)', () => {
    expect(() => unifiedDiff('a', 'a\n', 'a\nb\n')).toThrow(/Programming error/);
  });
});

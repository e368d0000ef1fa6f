import { fenced, renderRewireSummary, type RewireReport } from '../../../src/core/rewire/summary.js';

const report = (overrides: Partial<RewireReport> = {}): RewireReport => ({
  dryRun: false,
  endpoints: {
    source: { id: '/s', loginServer: 'src.azurecr.io', exists: true },
    target: { id: '/t', loginServer: 'tgt.azurecr.io', exists: true, abac: false },
  },
  rows: [],
  grants: [],
  files: { examined: 0, changes: [], findings: [], skipped: [] },
  commands: [],
  ...overrides,
});

describe('rewire summary', () => {
  it('fences content so that backticks inside cannot close the block', () => {
    expect(fenced('diff', '+ a ``` b\n')).toBe('````diff\n+ a ``` b\n````');
    expect(fenced('sh', 'x')).toBe('```sh\nx\n```');
  });

  it('escapes what comes from Azure or the repository in table cells', () => {
    const markdown = renderRewireSummary(
      report({
        rows: [{ kind: 'File', name: 'a|b<script>.yaml', before: '[x](http://evil)', after: 'tgt', status: 'updated' }],
        files: {
          examined: 1,
          changes: [],
          findings: [{ path: 'c.yaml', line: 3, text: 'image: `x` | y', reason: 'templated value; not edited' }],
          skipped: [{ path: 'd|e', reason: 'binary file: not read' }],
        },
      }),
    );
    expect(markdown).toContain('| File | a\\|b\\<script\\>.yaml | \\[x\\]\\(http://evil\\) | tgt | updated |  |');
    expect(markdown).toContain('| c.yaml:3 | templated value; not edited | ``image: `x` \\| y`` |');
    expect(markdown).not.toContain('<script>');
  });

  it('puts the diff in a collapsed block and says when it is a dry run', () => {
    const diff = '--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-src\n+tgt\n';
    const markdown = renderRewireSummary(
      report({
        dryRun: true,
        files: {
          examined: 1,
          changes: [{ path: 'x', content: '', replaced: 1, diff, executable: false }],
          findings: [],
          skipped: [],
        },
      }),
    );
    expect(markdown).toContain('**Dry run: nothing was changed.**');
    expect(markdown).toContain(`<details><summary>Diff</summary>\n\n\`\`\`diff\n${diff}\`\`\`\n\n</details>`);
    expect(markdown).toContain('### Files \\(1 of 1 examined would change\\)');
  });
});

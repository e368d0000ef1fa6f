import { code, escapeMarkdown, table } from '../../../src/core/report/markdown.js';
import { flowchart, mermaidLabel } from '../../../src/core/report/mermaid.js';

describe('markdown', () => {
  it('escapes table breakers, HTML and link syntax in registry-supplied text', () => {
    const nasty = 'repo|x\n<img src=x onerror=alert(1)>[a](http://evil)';
    const out = escapeMarkdown(nasty);
    expect(out).not.toMatch(/(^|[^\\])\|/);
    expect(out).not.toContain('\n');
    expect(out).not.toMatch(/(^|[^\\])</);
    expect(out).toContain('\\[a\\]\\(http://evil\\)');
  });

  it('renders a table whose rows keep their column count whatever the cells hold', () => {
    const md = table(
      ['repository', 'tags'],
      [
        ['a|b', 3],
        ['c\nd', undefined],
      ],
    );
    const lines = md.split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line.split(/(?<!\\)\|/).length).toBe(4);
  });

  it('fences code spans longer than any backtick run inside', () => {
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x')).toBe('`` `x ``');
  });
});

describe('mermaid', () => {
  it('cannot be broken out of by a label', () => {
    expect(mermaidLabel('a"]\n--> x[evil')).toBe('a#34;#93; --#62; x#91;evil');
  });

  it('draws nodes and labelled edges with safe ids', () => {
    const chart = flowchart(
      [
        { id: 'src', label: 'source', shape: 'cylinder' },
        { id: 'aks/1', label: 'aks' },
      ],
      [{ from: 'aks/1', to: 'src', label: 'AcrPull' }],
    );
    expect(chart).toBe(
      ['```mermaid', 'flowchart LR', '  src[("source")]', '  aks_1["aks"]', '  aks_1 -->|"AcrPull"| src', '```'].join(
        '\n',
      ),
    );
  });
});

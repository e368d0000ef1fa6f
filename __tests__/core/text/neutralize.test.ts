import { neutralize, neutralizeLine } from '../../../src/core/text/neutralize.js';

const ZWSP = '\u200b';

describe('neutralizeLine', () => {
  it('breaks a GitHub workflow command at the start of a line', () => {
    expect(neutralizeLine('::error::pwned')).toBe(`:${ZWSP}:error::pwned`);
    expect(neutralizeLine('  ::add-mask::x')).toBe(`  :${ZWSP}:add-mask::x`);
  });

  it('leaves :: elsewhere in a line alone (GitHub only reads commands at the start)', () => {
    expect(neutralizeLine('repo/a::b tag')).toBe('repo/a::b tag');
  });

  it('breaks Azure Pipelines logging commands anywhere in a line, in any case', () => {
    expect(neutralizeLine('tag ##vso[task.setvariable variable=x]1')).toBe(
      `tag #${ZWSP}#vso[task.setvariable variable=x]1`,
    );
    expect(neutralizeLine('##VSO[task.complete result=Succeeded]')).toBe(
      `#${ZWSP}#VSO[task.complete result=Succeeded]`,
    );
    expect(neutralizeLine('##[group]x')).toBe(`#${ZWSP}#[group]x`);
  });

  it('drops terminal control characters but keeps tabs', () => {
    expect(neutralizeLine('a\u001b[2Jb\u0007c\td')).toBe('a[2Jbc\td');
    expect(neutralizeLine('x\u009by')).toBe('xy');
  });

  it('keeps ordinary text unchanged', () => {
    const text = 'Importing 3/10 manifests (30%) myregistry.azurecr.io/app:1.0 => sha256:abc';
    expect(neutralizeLine(text)).toBe(text);
  });

  it('cannot be undone by a control character hidden inside the command', () => {
    const line = neutralizeLine(':\u0000:error::x');
    expect(line.startsWith('::')).toBe(false);
  });
});

describe('neutralize', () => {
  it('neutralises every line of a message, whatever its line endings', () => {
    const text = neutralize('ok\r\n::warning::a\r##vso[task.complete]\n::set-output name=x::y');
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(line.startsWith('::')).toBe(false);
      expect(line).not.toMatch(/##vso\[/i);
    }
  });
});

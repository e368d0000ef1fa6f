import { bicepCode, dockerfileCode, hclCode, type Range } from '../../../../src/core/rewire/files/comments.js';

function code(text: string, ranges: Range[]): string {
  return ranges.map(([from, to]) => text.slice(from, to)).join('');
}

describe('comment-free ranges', () => {
  it('Dockerfile: whole-line comments only', () => {
    const text = '# syntax=docker/dockerfile:1\nFROM a # not a comment in a Dockerfile\n  # indented comment\nRUN x\n';
    expect(code(text, dockerfileCode(text))).toBe('\nFROM a # not a comment in a Dockerfile\n\nRUN x\n');
  });

  it("Bicep: // and /* */ outside strings, escaped quotes and ''' strings", () => {
    const text = "var a = 'http://x' // c1\nvar b = 'it\\'s // no'\n/* c2 */var c = '''\n// kept\n'''\n";
    expect(code(text, bicepCode(text))).toBe(
      "var a = 'http://x' \nvar b = 'it\\'s // no'\nvar c = '''\n// kept\n'''\n",
    );
  });

  it('Terraform: #, // and /* */ outside strings and heredocs', () => {
    const text = 'a = "x#y" # c1\nb = <<-EOT\n  # kept\n  EOT\n// c2\nc = 1 /* c3 */\n';
    expect(code(text, hclCode(text))).toBe('a = "x#y" \nb = <<-EOT\n  # kept\n  EOT\n\nc = 1 \n');
  });

  it('an unclosed string or comment ends at the line or the text, never loops', () => {
    expect(code('a = "open\n# c\n', hclCode('a = "open\n# c\n'))).toBe('a = "open\n\n');
    expect(code('x /* open', bicepCode('x /* open'))).toBe('x ');
  });
});

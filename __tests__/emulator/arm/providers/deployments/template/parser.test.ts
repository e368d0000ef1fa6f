import { classify, parseExpression } from '../../../../../../emulator/src/arm/providers/deployments/template/parser.js';
import { TemplateError } from '../../../../../../emulator/src/arm/providers/deployments/template/values.js';

describe('template expression parser', () => {
  it('tells expressions from literals, with [[ escaping', () => {
    expect(classify("[parameters('a')]")).toEqual({ expression: "parameters('a')" });
    expect(classify("[[parameters('a')]")).toEqual({ literal: "[parameters('a')]" });
    expect(classify('plain [text]')).toEqual({ literal: 'plain [text]' });
    expect(classify('[not closed')).toEqual({ literal: '[not closed' });
    expect(classify('')).toEqual({ literal: '' });
  });

  it('parses nested calls, property access, indexers, strings with escaped quotes and integers', () => {
    expect(parseExpression("concat('it''s', toLower(parameters('x')).name[0], -3)")).toEqual({
      kind: 'call',
      name: 'concat',
      args: [
        { kind: 'string', value: "it's" },
        {
          kind: 'index',
          target: {
            kind: 'property',
            target: {
              kind: 'call',
              name: 'toLower',
              args: [{ kind: 'call', name: 'parameters', args: [{ kind: 'string', value: 'x' }] }],
            },
            name: 'name',
          },
          index: { kind: 'number', value: 0 },
        },
        { kind: 'number', value: -3 },
      ],
    });
  });

  it('parses zero-argument calls, user-function namespaces and whitespace', () => {
    expect(parseExpression(' resourceGroup( ) . location ')).toEqual({
      kind: 'property',
      target: { kind: 'call', name: 'resourceGroup', args: [] },
      name: 'location',
    });
    expect(parseExpression("contoso.uniqueName('x')")).toEqual({
      kind: 'call',
      name: 'contoso.uniqueName',
      args: [{ kind: 'string', value: 'x' }],
    });
    expect(parseExpression("variables('o')['key with space']")).toMatchObject({
      kind: 'index',
      index: { kind: 'string', value: 'key with space' },
    });
  });

  it.each([
    ["concat('a'", "expected token 'RightParenthesis' and actual 'EndOfData'"],
    ["concat('a' 'b')", "expected token 'RightParenthesis' and actual 'String'"],
    ["'unterminated", "the string literal starting at position '0' is not terminated"],
    ['parameters', "expected token 'LeftParenthesis' and actual 'EndOfData'"],
    ["a('x') b", "expected token 'EndOfData' and actual 'Identifier'"],
    ["a('x') # 1", "the character '#' at position '7' is not expected"],
    ["x('a').", "expected token 'Identifier' and actual 'EndOfData'"],
    ["x('a')[0", "expected token 'RightSquareBracket' and actual 'EndOfData'"],
    ['(1)', "expected token 'Identifier' and actual 'LeftParenthesis'"],
  ])('rejects %s with ARM wording', (source, detail) => {
    let error: unknown;
    try {
      parseExpression(source);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).message).toBe(`Unable to parse language expression '${source}': ${detail}.`);
    expect((error as TemplateError).code).toBe('InvalidTemplate');
  });
});

/**
 * The ARM template expression language: a JSON string that starts with '[' and ends with ']' is an
 * expression ("[concat('a', parameters('b'))]"); one that starts with '[[' is the literal text without
 * its first '['. Inside: function calls (names case-insensitive, `ns.fn` for user functions), string
 * literals in single quotes ('' escapes a quote), integers, property access (.name) and indexers ([x]).
 * Parse errors use ARM's wording: "Unable to parse language expression '…': expected token … and actual …".
 */
import { TemplateError } from './values.js';

export type Expression =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'call'; name: string; args: Expression[] }
  | { kind: 'property'; target: Expression; name: string }
  | { kind: 'index'; target: Expression; index: Expression };

type TokenKind =
  | 'Identifier'
  | 'String'
  | 'Integer'
  | 'LeftParenthesis'
  | 'RightParenthesis'
  | 'LeftSquareBracket'
  | 'RightSquareBracket'
  | 'Comma'
  | 'Dot'
  | 'EndOfData';

interface Token {
  kind: TokenKind;
  text: string;
  value?: string | number;
}

const PUNCTUATION: Record<string, TokenKind> = {
  '(': 'LeftParenthesis',
  ')': 'RightParenthesis',
  '[': 'LeftSquareBracket',
  ']': 'RightSquareBracket',
  ',': 'Comma',
  '.': 'Dot',
};

/** What a template string is: literal text, or an expression to evaluate. */
export function classify(text: string): { literal: string } | { expression: string } {
  if (text.startsWith('[[')) return { literal: text.slice(1) };
  if (text.length >= 2 && text.startsWith('[') && text.endsWith(']')) return { expression: text.slice(1, -1) };
  return { literal: text };
}

export function parseExpression(source: string): Expression {
  const parser = new Parser(source, tokenize(source));
  const expression = parser.expression();
  parser.expect('EndOfData');
  return expression;
}

function parseError(source: string, detail: string): TemplateError {
  return new TemplateError(`Unable to parse language expression '${source}': ${detail}.`);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i] as string;
    if (/\s/.test(char)) {
      i++;
    } else if (PUNCTUATION[char]) {
      tokens.push({ kind: PUNCTUATION[char], text: char });
      i++;
    } else if (char === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= source.length)
          throw parseError(source, `the string literal starting at position '${i}' is not terminated`);
        if (source[j] === "'") {
          if (source[j + 1] !== "'") break;
          value += "'";
          j += 2;
        } else {
          value += source[j];
          j++;
        }
      }
      tokens.push({ kind: 'String', text: source.slice(i, j + 1), value });
      i = j + 1;
    } else if (/[-+\d]/.test(char)) {
      const match = /^[-+]?\d+/.exec(source.slice(i));
      if (!match) throw parseError(source, `the character '${char}' at position '${i}' is not expected`);
      tokens.push({ kind: 'Integer', text: match[0], value: Number(match[0]) });
      i += match[0].length;
    } else if (/[A-Za-z_$]/.test(char)) {
      const match = /^[A-Za-z_$][\w$]*/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'Identifier', text: match[0], value: match[0] });
      i += match[0].length;
    } else {
      throw parseError(source, `the character '${char}' at position '${i}' is not expected`);
    }
  }
  tokens.push({ kind: 'EndOfData', text: '' });
  return tokens;
}

class Parser {
  private position = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  expression(): Expression {
    let expression = this.primary();
    for (;;) {
      if (this.accept('Dot')) {
        const name = this.expect('Identifier');
        expression = { kind: 'property', target: expression, name: String(name.value) };
      } else if (this.accept('LeftSquareBracket')) {
        const index = this.expression();
        this.expect('RightSquareBracket');
        expression = { kind: 'index', target: expression, index };
      } else {
        return expression;
      }
    }
  }

  expect(kind: TokenKind): Token {
    const token = this.peek();
    if (token.kind !== kind) throw parseError(this.source, `expected token '${kind}' and actual '${token.kind}'`);
    this.position++;
    return token;
  }

  private primary(): Expression {
    const token = this.peek();
    if (token.kind === 'String') {
      this.position++;
      return { kind: 'string', value: String(token.value) };
    }
    if (token.kind === 'Integer') {
      this.position++;
      return { kind: 'number', value: Number(token.value) };
    }
    if (token.kind !== 'Identifier')
      throw parseError(this.source, `expected token 'Identifier' and actual '${token.kind}'`);
    this.position++;
    let name = String(token.value);
    // User-defined functions are called as namespace.name(...).
    if (
      this.peek().kind === 'Dot' &&
      this.tokens[this.position + 1]?.kind === 'Identifier' &&
      this.tokens[this.position + 2]?.kind === 'LeftParenthesis'
    ) {
      this.position++;
      name = `${name}.${String(this.expect('Identifier').value)}`;
    }
    this.expect('LeftParenthesis');
    const args: Expression[] = [];
    if (!this.accept('RightParenthesis')) {
      do args.push(this.expression());
      while (this.accept('Comma'));
      this.expect('RightParenthesis');
    }
    return { kind: 'call', name, args };
  }

  private peek(): Token {
    return this.tokens[this.position] as Token;
  }

  private accept(kind: TokenKind): boolean {
    if (this.peek().kind !== kind) return false;
    this.position++;
    return true;
  }
}

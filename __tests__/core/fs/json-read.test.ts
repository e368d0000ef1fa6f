import { parseJsonBytes } from '../../../src/core/fs/json-read.js';

const documents: Array<[string, string]> = [
  ['an indented plan-like document', JSON.stringify({ a: [1, { b: 'c' }], d: { e: [] } }, null, 2)],
  ['compact nesting', '{"x":[[1,2],[3,[4,{"y":null}]]],"z":{}}'],
  ['escapes, quotes and brackets inside strings', '{"k\\"[{":"v\\\\\\"}]\\u00e9","\\\\":["]","}",","]}'],
  ['unicode beyond ASCII', '{"名前":"ünïcødé 🚀","emoji":["😀"]}'],
  ['duplicate keys (the last wins, in the first position)', '{"a":1,"b":2,"a":3}'],
  ['__proto__ as an own property', '{"__proto__":{"polluted":true},"ok":1}'],
  ['numbers of every shape', '[0,-0,1.5e-7,-12E+3,1e400,123456789012345678901234567890]'],
  ['literals and whitespace everywhere', ' \r\n\t{ "t" : true , "f":false,\n"n" : null , "e" : [ ] , "o" : { } }\n '],
  ['a top-level scalar', ' "just a string" '],
  ['a top-level number', '42'],
];

describe('parseJsonBytes', () => {
  it.each(documents)('reads %s exactly as JSON.parse does, whole or walked member by member', (_name, text) => {
    const expected: unknown = JSON.parse(text);
    for (const slice of [1, 8, 1 << 20]) {
      const parsed = parseJsonBytes(Buffer.from(text, 'utf8'), slice);
      expect(parsed).toEqual(expected);
      expect(JSON.stringify(parsed)).toBe(JSON.stringify(expected)); // same key order too
    }
  });

  it('makes "__proto__" an own property, never the prototype', () => {
    const parsed = parseJsonBytes(Buffer.from('{"__proto__":{"polluted":true}}'), 1) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const broken: Array<[string, string]> = [
    ['empty input', ''],
    ['whitespace only', '  \n'],
    ['a truncated object', '{"a":[1,2'],
    ['a truncated string', '{"a":"bc'],
    ['trailing data', '{"a":1} {"b":2}'],
    ['a missing comma', '{"a":1 "b":2}'],
    ['a missing colon', '{"a" 1}'],
    ['an unquoted key', '{a:1}'],
    ['a trailing comma', '[1,2,]'],
    ['a bad literal deep inside', '{"a":{"b":[1,tru]}}'],
    ['mismatched brackets', '{"a":[1,2}]'],
    ['a lone comma', '[,]'],
    ['single quotes', "{'a':1}"],
  ];
  it.each(broken)('refuses %s, as JSON.parse does', (_name, text) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    for (const slice of [1, 8, 1 << 20]) {
      expect(() => parseJsonBytes(Buffer.from(text, 'utf8'), slice)).toThrow(SyntaxError);
    }
  });

  it('reads a multi-megabyte document through the member walk, equal to JSON.parse', () => {
    const document = {
      schemaVersion: 1,
      artifacts: {
        repositories: Array.from({ length: 300 }, (_, r) => ({
          name: `team/app-${r}`,
          manifests: Array.from({ length: 40 }, (_, m) => ({ digest: `sha256:${r}-${m}`, tags: [`v${m}`], size: m })),
        })),
      },
    };
    const text = JSON.stringify(document, null, 2);
    expect(text.length).toBeGreaterThan(1 << 20);
    expect(parseJsonBytes(Buffer.from(text, 'utf8'))).toEqual(document);
  });
});

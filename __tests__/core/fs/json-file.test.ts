import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitPrettyJson, writeJsonFileAtomic } from '../../../src/core/fs/json-file.js';

function pretty(value: unknown): string {
  const pieces: string[] = [];
  emitPrettyJson(value, (piece) => pieces.push(piece));
  return pieces.join('');
}

describe('emitPrettyJson', () => {
  const samples: Array<[string, unknown]> = [
    ['scalars', [1, -0, 1e21, 'x', true, false, null]],
    ['empty containers at every depth', { a: [], b: {}, c: [[], [{}]], d: { e: { f: [] } } }],
    ['dropped members and nulled items', { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1], e: 1 }],
    ['an object left empty by dropped members', { only: undefined, nested: { gone: undefined } }],
    ['non-finite numbers', { nan: Number.NaN, inf: [Number.POSITIVE_INFINITY] }],
    ['escapes and unicode', { 'key "q"\n': 'line\nbreak \u2028 \ud800 ünï 🚀', '\\': '\t' }],
    ['toJSON (Date, nested, with its key)', { when: new Date(0), custom: { toJSON: (key: string) => `k=${key}` } }],
    ['a top-level scalar', 'plain'],
    ['an array of objects', [{ a: 1 }, { b: [1, 2, { c: null }] }]],
  ];
  it.each(samples)('prints %s exactly as JSON.stringify(value, null, 2)', (_name, value) => {
    expect(pretty(value)).toBe(JSON.stringify(value, null, 2));
  });
});

describe('writeJsonFileAtomic', () => {
  it('writes the indented document and a final newline, over several blocks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'json-file-'));
    const path = join(dir, 'nested', 'plan.json');
    const document = { items: Array.from({ length: 30_000 }, (_, i) => ({ digest: `sha256:${i}`, tags: ['v1'] })) };
    await writeJsonFileAtomic(path, document);
    const text = readFileSync(path, 'utf8');
    expect(text.length).toBeGreaterThan(2 * (1 << 20));
    expect(text).toBe(`${JSON.stringify(document, null, 2)}\n`);
  });

  it('leaves the old file untouched and no temporary file behind when serialising fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'json-file-'));
    const path = join(dir, 'plan.json');
    writeFileSync(path, 'old');
    const broken = { big: Array.from({ length: 50_000 }, (_, i) => ({ i })), bad: BigInt(1) };
    await expect(writeJsonFileAtomic(path, broken)).rejects.toThrow(/BigInt/);
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['plan.json']);
  });
});

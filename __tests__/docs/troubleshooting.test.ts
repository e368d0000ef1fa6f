/**
 * docs/troubleshooting.md quotes the messages users see (each in a ```text block, `<…>` for what
 * varies). A quote is only useful while the product still says it: every fixed part of every quote must
 * be found in the code that produces it (src/, and emulator/src/ for what Azure itself answers).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeBlocks, readRepoFile, ROOT } from './support/markdown.js';

/** Shorter fixed parts (`, `, ` on `) say nothing about the product. */
const MIN_FRAGMENT = 12;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Code text with string concatenations across lines joined and whitespace collapsed. */
function normalizeSource(text: string): string {
  return text.replace(/(['"`])\s*\+\s*(['"`])/g, '').replace(/\s+/g, ' ');
}

/**
 * The fixed parts of a quoted message: what is left once labels, error codes, placeholders, numbers and
 * quoted data (names, actions, subjects) are taken out, cut where messages are put together (`: `, `; `,
 * parentheses), so each part is one piece of text in the code.
 */
function fixedFragments(quote: string): string[] {
  return quote
    .split('\n')
    .map((line) => line.replace(/^\s*(error: |Error: |Hint: )/, ''))
    .flatMap((line) => line.split(/<[^<>]*>|…|\[[A-Z_]+\]|"[^"]*"|'[^']*'|\d+|: |; |\(|\)/))
    .map((part) =>
      part
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/[.,:]+$/, ''),
    )
    .filter((part) => part.length >= MIN_FRAGMENT);
}

describe('fixedFragments', () => {
  it('drops labels, codes and placeholders and keeps what the code must say', () => {
    expect(
      fixedFragments(
        'error: [PLAN_INVALID] <path> was changed after prepare (fingerprint <a>): "x" is gone in 12 places.\nHint: Run prepare again.',
      ),
    ).toEqual(['was changed after prepare', 'Run prepare again']);
  });
});

describe('docs/troubleshooting.md', () => {
  const markdown = readRepoFile('docs/troubleshooting.md');
  const quotes = codeBlocks(markdown).filter((block) => block.language === 'text');
  const corpus = normalizeSource(
    [...sourceFiles('src'), ...sourceFiles('emulator/src')].map((file) => readFileSync(file, 'utf8')).join('\n'),
  );

  it('quotes the messages of every situation the guide promises', () => {
    expect(quotes.length).toBeGreaterThanOrEqual(20);
    for (const heading of [
      'id-token: write',
      'AADSTS700213',
      '403 on import',
      'Private endpoints',
      'Export policy disabled',
      'ABAC',
      'Throttling',
      'INVENTORY_INCOMPLETE',
      'check failed',
      'plan changed after review',
      'retire-source refusals',
      'CanNotDelete lock',
      'Schema1',
      'More than 50 manifests',
    ])
      expect([heading, markdown.includes(heading)]).toEqual([heading, true]);
  });

  it.each(quotes.map((q) => [q.line, q.text] as const))('the quote at line %i is what the code says', (_line, text) => {
    const fragments = fixedFragments(text);
    expect(fragments.length).toBeGreaterThan(0);
    for (const fragment of fragments) expect([fragment, corpus.includes(fragment)]).toEqual([fragment, true]);
  });
});

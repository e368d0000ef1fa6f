/**
 * The README is what a newcomer copies from: the quick start must be exactly the two commands, and every
 * YAML snippet must be the example pipeline it names, byte for byte (examples/ are tested against
 * action.yml and task.json; a copy that drifted from them would not be).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../src/core/inputs/types.js';
import { codeBlocks, readRepoFile, ROOT } from './support/markdown.js';

const readme = readRepoFile('README.md');
const blocks = codeBlocks(readme);

describe('README.md', () => {
  it('opens its quick start with exactly `npm ci && npm run demo` and `npm test`', () => {
    const section = readme.slice(readme.indexOf('\n## Quick start\n'));
    expect(readme).toContain('\n## Quick start\n');
    const [first] = codeBlocks(section);
    expect(first).toMatchObject({ language: 'sh', text: 'npm ci && npm run demo\nnpm test\n' });
  });

  it('marks every YAML snippet with the example file it comes from', () => {
    const yaml = blocks.filter((block) => /^ya?ml$/.test(block.language));
    expect(yaml.length).toBeGreaterThanOrEqual(2);
    for (const block of yaml)
      expect([block.line, block.marker]).toEqual([block.line, expect.stringMatching(/^snippet: /)]);
  });

  it('shows both example pipelines', () => {
    const sources = blocks.flatMap((block) => /^snippet: (\S+)$/.exec(block.marker ?? '')?.[1] ?? []);
    expect(sources).toEqual(
      expect.arrayContaining(['examples/github/relocate.yml', 'examples/azure-pipelines/relocate.yml']),
    );
  });

  it.each(blocks.filter((block) => block.marker?.startsWith('snippet: ')).map((b) => [b.marker!.slice(9), b] as const))(
    'has %s byte for byte',
    (source, block) => {
      expect(source.startsWith('examples/')).toBe(true);
      expect(existsSync(join(ROOT, source))).toBe(true);
      expect(block.text).toBe(readRepoFile(source));
    },
  );

  it('lists every command in its command table and in its permissions table', () => {
    for (const command of COMMANDS) {
      const rows = readme.split('\n').filter((line) => line.startsWith(`| \`${command}\``));
      expect([command, rows.length]).toEqual([command, 2]);
    }
  });
});

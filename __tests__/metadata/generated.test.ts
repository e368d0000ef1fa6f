import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedFiles, type GeneratedFile } from '../../scripts/metadata/files.js';
import { repoRoot } from '../../scripts/metadata/project.js';

const root = repoRoot();

describe('generated metadata is in step with the input table', () => {
  let files: GeneratedFile[] = [];

  beforeAll(async () => {
    files = await generatedFiles(root);
  });

  it('generates action.yml, six task.json files, vss-extension.json, docs/commands.md and the icons', () => {
    const paths = files.map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining(['action.yml', 'vss-extension.json', 'docs/commands.md', 'images/icon.png']),
    );
    expect(paths.filter((path) => path.endsWith('/task.json'))).toHaveLength(6);
  });

  it('matches every committed file byte for byte (run `npm run generate` after changing the table)', () => {
    const stale = files
      .filter((file) => !existsSync(join(root, file.path)) || !readFileSync(join(root, file.path)).equals(file.content))
      .map((file) => file.path);
    expect(stale).toEqual([]);
  });
});

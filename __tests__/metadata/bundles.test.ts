import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/metadata/project.js';
import { buildBundles, bundleDirs, listFiles } from '../../scripts/package.js';

const root = repoRoot();

/**
 * The committed bundles are what GitHub and Azure Pipelines run. Rebuild them from the current
 * source into a temp folder: any difference means someone changed source without `npm run package`.
 */
describe('committed bundles', () => {
  let folder = '';
  let built: string[] = [];

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'acr-bundles-'));
    built = await buildBundles(folder, root);
  }, 300_000);

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('are exactly what the source produces (run `npm run package`)', () => {
    const committed = bundleDirs()
      .filter((dir) => existsSync(join(root, dir)))
      .flatMap((dir) => listFiles(join(root, dir)).map((file) => file.slice(root.length + 1)))
      // dist/ holds dist/cli/: those files are in `built` as the CLI bundle's.
      .filter((file) => !built.includes(file));
    const stale = built.filter(
      (file) =>
        !existsSync(join(root, file)) || !readFileSync(join(root, file)).equals(readFileSync(join(folder, file))),
    );
    expect({ stale, extra: committed }).toEqual({ stale: [], extra: [] });
  });
});

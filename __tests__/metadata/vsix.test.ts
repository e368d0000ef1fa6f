import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/metadata/project.js';
import { createVsix } from '../../scripts/vsix.js';
import { readZip } from './zip.js';

const root = repoRoot();

describe('the .vsix that tfx builds from the repository', () => {
  let entries = new Map<string, Buffer>();
  let folder = '';

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'acr-vsix-'));
    entries = readZip(readFileSync(await createVsix(folder, root)));
  }, 120_000);

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const taskFolders = readdirSync(join(root, 'tasks'));

  it('contributes one task per task folder', () => {
    const manifest = JSON.parse((entries.get('extension.vsomanifest') as Buffer).toString('utf8')) as {
      contributions: Array<{ type: string; properties: { name: string } }>;
    };
    const tasks = manifest.contributions.filter((c) => c.type === 'ms.vss-distributed-task.task');
    expect(tasks.map((c) => c.properties.name).sort()).toEqual(taskFolders.map((name) => `tasks/${name}`).sort());
  });

  it.each(taskFolders)('holds %s with its task.json, bundle and lib.json', (name) => {
    for (const file of ['task.json', 'dist/index.js', 'dist/lib.json', 'dist/package.json', 'icon.png']) {
      expect([...entries.keys()]).toContain(`tasks/${name}/${file}`);
    }
    const taskJson = JSON.parse((entries.get(`tasks/${name}/task.json`) as Buffer).toString('utf8')) as {
      name: string;
    };
    expect(taskJson.name).toBe(name);
    expect(
      entries.get(`tasks/${name}/dist/index.js`)?.equals(readFileSync(join(root, 'tasks', name, 'dist/index.js'))),
    ).toBe(true);
  });

  it('has no second task.json inside a task (tfx would take it for a broken task)', () => {
    const taskJsons = [...entries.keys()].filter((entry) => entry.endsWith('/task.json'));
    expect(taskJsons.sort()).toEqual(taskFolders.map((name) => `tasks/${name}/task.json`).sort());
  });
});

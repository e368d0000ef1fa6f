import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProgressFile } from '../../../src/core/import/progress-file.js';
import { ImportProgress } from '../../../src/core/import/progress.js';
import type { ProgressUpdate } from '../../../src/hosts/host.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const clock = { now: () => 0 };

describe('ProgressFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'progress-file-'));

  it('remembers verified items across runs of the same plan and target', async () => {
    const path = join(dir, 'a.json');
    const first = await ProgressFile.open(path, 'fp-1', '/subs/x/registries/T', clock);
    first.add('app', d('1'));
    await first.flush();
    const second = await ProgressFile.open(path, 'fp-1', '/subs/x/registries/t', clock);
    expect(second.has('app', d('1'))).toBe(true);
    expect(second.has('app', d('2'))).toBe(false);
  });

  it('ignores a file of another plan or target, or one it cannot read', async () => {
    const path = join(dir, 'b.json');
    const file = await ProgressFile.open(path, 'fp-1', 'target', clock);
    file.add('app', d('1'));
    await file.flush();
    expect((await ProgressFile.open(path, 'fp-2', 'target', clock)).has('app', d('1'))).toBe(false);
    expect((await ProgressFile.open(path, 'fp-1', 'other', clock)).has('app', d('1'))).toBe(false);
    writeFileSync(path, '{ not json');
    expect((await ProgressFile.open(path, 'fp-1', 'target', clock)).has('app', d('1'))).toBe(false);
  });

  it('writes at most every interval while running, and everything on flush', async () => {
    const path = join(dir, 'c.json');
    let now = 0;
    const file = await ProgressFile.open(path, 'fp', 'target', { now: () => now }, 1_000);
    file.add('app', d('1'));
    await file.flush();
    now = 500;
    file.add('app', d('2'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(JSON.parse(readFileSync(path, 'utf8')).verified.app).toEqual([d('1')]);
    await file.flush();
    expect(JSON.parse(readFileSync(path, 'utf8')).verified.app).toEqual([d('1'), d('2')]);
  });
});

describe('ImportProgress', () => {
  it('renders items, percent and bytes at the host pace, and always the last', () => {
    const updates: ProgressUpdate[] = [];
    let now = 0;
    const progress = new ImportProgress(
      { progress: (u) => updates.push(u), progressIntervalMs: 1_000 },
      'Importing',
      () => now,
    );
    progress.start(4, 4 * 1024 * 1024);
    now = 100;
    progress.tick(1024 * 1024);
    now = 1_500;
    progress.tick(1024 * 1024);
    now = 1_600;
    progress.tick(1024 * 1024);
    progress.tick(1024 * 1024);
    progress.finish();
    expect(updates.map((u) => u.text)).toEqual([
      'Importing 0/4 manifests (0%) 0.0/s, 0 B of 4.0 MiB',
      'Importing 2/4 manifests (50%) 1.3/s ETA 2s, 2.0 MiB of 4.0 MiB',
      'Importing 4/4 manifests (100%) 2.5/s done, 4.0 MiB of 4.0 MiB',
    ]);
  });
});

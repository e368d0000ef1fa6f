import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RelocationError } from '../../src/core/errors.js';
import { resolveTaskCommand } from '../../src/entrypoints/task-command.js';

describe('resolveTaskCommand', () => {
  let folder = '';
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'acr-task-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  function taskJson(content: string): string {
    const path = join(folder, 'task.json');
    writeFileSync(path, content);
    return path;
  }

  it('reads the command from the task name and registers task.json for messages', () => {
    const registered: string[] = [];
    const path = taskJson(JSON.stringify({ name: 'AcrRelocateImportArtifacts' }));
    const task = resolveTaskCommand(path, { setResourcePath: (p) => registered.push(p) });
    expect(task.command).toBe('import-artifacts');
    expect(task.resolve()).toBe('import-artifacts');
    expect(registered).toEqual([path]);
  });

  it.each([
    ['a missing task.json', null],
    ['a task.json that is not JSON', '{'],
    ['another task', JSON.stringify({ name: 'SomethingElse' })],
  ])('turns %s into the run failure instead of a crash', (_what, content) => {
    const path = content === null ? join(folder, 'task.json') : taskJson(content);
    const task = resolveTaskCommand(path, { setResourcePath: () => {} });
    expect(task.command).toBeUndefined();
    expect(() => task.resolve()).toThrow(RelocationError);
    expect(() => task.resolve()).toThrow(/task folder is broken/);
  });
});

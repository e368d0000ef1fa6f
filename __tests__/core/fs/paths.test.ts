import { mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveInsideWorkspace } from '../../../src/core/fs/paths.js';

describe('resolveInsideWorkspace', () => {
  let workspace: string;
  beforeEach(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'ws-'));
  });

  it('resolves relative paths inside the workspace, existing or not', () => {
    expect(resolveInsideWorkspace(workspace, 'relocation/plan.json', 'plan-path')).toMatch(/relocation\/plan\.json$/);
  });

  it.each(['../plan.json', '/etc/passwd', 'a/../../b', '.'])('refuses %s with the input name', (path) => {
    expect(() => resolveInsideWorkspace(workspace, path, 'plan-path')).toThrow(/plan-path .* is outside the workspace/);
  });

  it('refuses a symlink that points out of the workspace', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'out-'));
    await mkdir(join(workspace, 'relocation'));
    await symlink(outside, join(workspace, 'relocation', 'link'));
    expect(() => resolveInsideWorkspace(workspace, 'relocation/link/plan.json', 'plan-path')).toThrow(
      /outside the workspace/,
    );
  });
});

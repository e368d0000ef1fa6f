import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { TaskCommand } from 'azure-pipelines-task-lib/taskcommand.js';
import { cliOutputLines, gitHubCommands, gitHubOutputFile, vsoCommands, vsoOutputs } from './parse.js';

describe('gitHubOutputFile', () => {
  it('reads what @actions/core writes, multi-line values included', () => {
    const folder = mkdtempSync(join(tmpdir(), 'acr-gh-out-'));
    const file = join(folder, 'output');
    const saved = process.env.GITHUB_OUTPUT;
    try {
      writeFileSync(file, '');
      process.env.GITHUB_OUTPUT = file;
      core.setOutput('plan-path', 'relocation/plan.json');
      core.setOutput('notes', 'line 1\nline 2');
      core.setOutput('empty', '');
      expect(gitHubOutputFile(readFileSync(file, 'utf8'))).toEqual({
        'plan-path': 'relocation/plan.json',
        notes: 'line 1\nline 2',
        empty: '',
      });
    } finally {
      if (saved === undefined) delete process.env.GITHUB_OUTPUT;
      else process.env.GITHUB_OUTPUT = saved;
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a heredoc that is never closed', () => {
    expect(() => gitHubOutputFile('x<<EOF\nvalue\n')).toThrow(/no closing EOF/);
  });
});

describe('gitHubCommands', () => {
  it('parses workflow commands with escaped data and properties', () => {
    const commands = gitHubCommands('plain\n::add-mask::s3cret\n::error title=a%3Ab%2Cc::line 1%0Aline 2 100%25\n');
    expect(commands).toEqual([
      { command: 'add-mask', properties: {}, message: 's3cret' },
      { command: 'error', properties: { title: 'a:b,c' }, message: 'line 1\nline 2 100%' },
    ]);
  });

  it('ignores neutralised lines', () => {
    expect(gitHubCommands(':\u200b:error::not a command')).toEqual([]);
  });
});

describe('vsoCommands / vsoOutputs', () => {
  it('reads the lines task-lib writes, output variables included', () => {
    const lines = [
      new TaskCommand('task.setvariable', { variable: 'planPath', isOutput: 'true', issecret: 'false' }, 'p.json'),
      new TaskCommand('task.setvariable', { variable: 'local', isOutput: 'false', issecret: 'false' }, 'x'),
      new TaskCommand('task.setvariable', { variable: 'notes', isOutput: 'true', issecret: 'false' }, 'a;b]\nc 5%'),
      new TaskCommand('task.complete', { result: 'Failed' }, 'broke\nHint: fix'),
    ].map((command) => command.toString());
    const commands = vsoCommands(['noise', ...lines, '#\u200b#vso[task.complete result=Succeeded;]'].join('\n'));
    expect(commands.map((c) => c.command)).toEqual([
      'task.setvariable',
      'task.setvariable',
      'task.setvariable',
      'task.complete',
    ]);
    expect(commands[3]).toEqual({
      command: 'task.complete',
      properties: { result: 'Failed' },
      message: 'broke\nHint: fix',
    });
    expect(vsoOutputs(commands)).toEqual({ planPath: 'p.json', notes: 'a;b]\nc 5%' });
  });
});

describe('cliOutputLines', () => {
  it('reads name=value lines of known outputs only', () => {
    expect(cliOutputLines('# Summary\nx = y\nverified=true\nmissing-count=0\n', ['verified', 'missing-count'])).toEqual(
      {
        verified: 'true',
        'missing-count': '0',
      },
    );
  });
});

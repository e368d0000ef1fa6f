import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { OUTPUTS } from '../../src/core/inputs/outputs.js';
import { INPUTS } from '../../src/core/inputs/table.js';
import { appliesTo, camelCase, COMMANDS } from '../../src/core/inputs/types.js';
import { taskName } from '../../src/entrypoints/catalog.js';
import { repoRoot } from '../../scripts/metadata/project.js';

const root = repoRoot();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const [major, minor, patch] = pkg.version.split('.').map(Number);

/** Pinned forever: a task's id is how every pipeline that uses it finds it. */
const PINNED_TASK_IDS: Record<string, string> = {
  AcrRelocatePrepare: '74f52d70-f9d2-4152-882c-7b0f6095de9c',
  AcrRelocateRedeploy: 'fd712f98-24d4-4592-82c7-7a5466681f31',
  AcrRelocateImportArtifacts: 'f1b9b58c-c7fb-4747-a53d-0f6139d4a45c',
  AcrRelocateRewireConsumers: '76f5307e-b577-405f-b88b-66e529aa5f4f',
  AcrRelocateVerify: '767c391b-85af-44d8-8673-231959958b4e',
  AcrRelocateRetireSource: '6a2431d1-baa8-4012-bc26-62a7d66ae4c4',
};

interface TaskJson {
  id: string;
  name: string;
  friendlyName: string;
  category: string;
  version: { Major: number; Minor: number; Patch: number };
  instanceNameFormat: string;
  inputs: Array<{
    name: string;
    type: string;
    required: boolean;
    options?: Record<string, string>;
    groupName?: string;
  }>;
  OutputVariables: Array<{ name: string; description: string }>;
  execution: Record<string, { target: string }>;
  groups: Array<{ name: string }>;
}

const taskFolders = readdirSync(join(root, 'tasks')).filter((name) =>
  existsSync(join(root, 'tasks', name, 'task.json')),
);
const tasks = taskFolders.map((folder) => ({
  folder,
  json: JSON.parse(readFileSync(join(root, 'tasks', folder, 'task.json'), 'utf8')) as TaskJson,
}));

describe('task.json files', () => {
  it('are the six pinned tasks, with unique ids', () => {
    expect(Object.fromEntries(tasks.map((task) => [task.json.name, task.json.id]))).toEqual(PINNED_TASK_IDS);
    expect(new Set(tasks.map((task) => task.json.id)).size).toBe(6);
    for (const task of tasks) expect(task.json.name).toBe(task.folder);
  });

  it.each(tasks.map((task) => [task.folder, task.json] as const))('%s is a valid task', (folder, json) => {
    expect(json.name).toMatch(/^[A-Za-z0-9-]+$/);
    expect(json.friendlyName.length).toBeGreaterThan(0);
    expect(json.friendlyName.length).toBeLessThanOrEqual(40);
    expect(json.category).toBe('Deploy');
    expect(json.version).toEqual({ Major: major, Minor: minor, Patch: patch });
    expect(json.instanceNameFormat).toBeTruthy();
    const groups = new Set(json.groups.map((group) => group.name));
    for (const input of json.inputs) {
      expect(input.name).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
      expect(['connectedService:AzureRM', 'boolean', 'multiLine', 'pickList', 'string']).toContain(input.type);
      if (input.type === 'pickList') expect(Object.keys(input.options ?? {}).length).toBeGreaterThan(0);
      if (input.groupName) expect(groups).toContain(input.groupName);
    }
    expect(json.inputs.find((input) => input.name === 'azureSubscription')).toMatchObject({
      type: 'connectedService:AzureRM',
      required: true,
    });
    expect(Object.keys(json.execution).sort()).toEqual(['Node20_1', 'Node24']);
    for (const handler of Object.values(json.execution)) {
      expect(existsSync(join(root, 'tasks', folder, handler.target))).toBe(true);
    }
    expect(json.OutputVariables.length).toBeGreaterThan(0);
    for (const output of json.OutputVariables) expect(output.name).toMatch(/^[a-z][A-Za-z0-9]*$/);
  });

  it('omit the inputs of other hosts', () => {
    for (const task of tasks) {
      const names = task.json.inputs.map((input) => input.name);
      expect(names).not.toContain('githubToken');
      expect(names).not.toContain('clientId');
    }
  });
});

describe('action.yml', () => {
  const action = parseYaml(readFileSync(join(root, 'action.yml'), 'utf8')) as {
    runs: { using: string; main: string };
    branding: { icon: string; color: string };
    inputs: Record<string, { required?: boolean; description: string; default?: string }>;
    outputs: Record<string, { description: string }>;
  };

  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(existsSync(join(root, action.runs.main))).toBe(true);
    expect(action.branding).toEqual({ icon: 'truck', color: 'blue' });
  });

  it('requires command and describes the six commands', () => {
    expect(action.inputs.command?.required).toBe(true);
    for (const command of COMMANDS) expect(action.inputs.command?.description).toContain(command);
  });

  it('has every input of the github host and no other', () => {
    const expected = INPUTS.filter((spec) => !spec.hosts || spec.hosts.includes('github')).map((spec) => spec.name);
    expect(Object.keys(action.inputs).sort()).toEqual(['command', ...expected].sort());
    for (const spec of INPUTS.filter((input) => input.allowed && action.inputs[input.name])) {
      for (const value of spec.allowed ?? []) expect(action.inputs[spec.name]?.description).toContain(value);
    }
  });

  it('has every output', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(OUTPUTS.map((output) => output.name).sort());
  });
});

describe('vss-extension.json', () => {
  const extension = JSON.parse(readFileSync(join(root, 'vss-extension.json'), 'utf8')) as {
    manifestVersion: number;
    version: string;
    icons: { default: string };
    content: { details: { path: string } };
    contributions: Array<{ id: string; type: string; targets: string[]; properties: { name: string } }>;
  };

  it('has the package version and an existing icon and overview', () => {
    expect(extension.manifestVersion).toBe(1);
    expect(extension.version).toBe(pkg.version);
    const icon = readFileSync(join(root, extension.icons.default));
    expect(icon.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([128, 128]);
    expect(existsSync(join(root, extension.content.details.path))).toBe(true);
  });

  it('contributes each task folder once', () => {
    expect(extension.contributions.map((c) => c.properties.name).sort()).toEqual(
      taskFolders.map((folder) => `tasks/${folder}`).sort(),
    );
    for (const contribution of extension.contributions) {
      expect(contribution.type).toBe('ms.vss-distributed-task.task');
      expect(contribution.targets).toEqual(['ms.vss-distributed-task.tasks']);
    }
  });
});

describe('task outputs', () => {
  it('are the outputs of the command, camelCase', () => {
    for (const command of COMMANDS) {
      const task = tasks.find((t) => t.json.name === taskName(command));
      const expected = OUTPUTS.filter((output) => appliesTo(output, command)).map((output) => camelCase(output.name));
      expect(task?.json.OutputVariables.map((output) => output.name)).toEqual(expected);
    }
  });
});

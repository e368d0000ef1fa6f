/**
 * overview.md is the extension's Marketplace page (vss-extension.json points at it). It must name the six
 * tasks as the extension contributes them, and its pipeline must use only tasks and inputs the tasks
 * declare, with every required input given, so a reader who copies it gets a pipeline that starts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { codeBlocks, readRepoFile, ROOT } from './support/markdown.js';

interface TaskJson {
  name: string;
  friendlyName: string;
  version: { Major: number };
  inputs: Array<{ name: string; required?: boolean }>;
}

interface Step {
  task?: string;
  inputs?: Record<string, unknown>;
}

const overview = readRepoFile('overview.md');
const extension = JSON.parse(readRepoFile('vss-extension.json')) as {
  content: { details: { path: string } };
  contributions: Array<{ properties: { name: string } }>;
};
const tasks = extension.contributions.map(
  (c) => JSON.parse(readFileSync(join(ROOT, c.properties.name, 'task.json'), 'utf8')) as TaskJson,
);

/** Every step of a pipeline document, however deeply stages, jobs and strategies nest it. */
function stepsOf(node: unknown): Step[] {
  if (Array.isArray(node)) return node.flatMap(stepsOf);
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  return [...(typeof record.task === 'string' ? [record as Step] : []), ...Object.values(record).flatMap(stepsOf)];
}

describe('overview.md', () => {
  it('is the page the extension shows', () => {
    expect(extension.content.details.path).toBe('overview.md');
  });

  it('names each task by its friendly name and its YAML name', () => {
    expect(tasks).toHaveLength(6);
    for (const task of tasks) {
      expect([task.name, overview.includes(task.friendlyName)]).toEqual([task.name, true]);
      expect([task.name, overview.includes(`${task.name}@${task.version.Major}`)]).toEqual([task.name, true]);
    }
  });

  it('shows a pipeline that uses every task, with inputs the tasks declare and the required ones given', () => {
    const pipelines = codeBlocks(overview).filter((block) => block.language === 'yaml');
    expect(pipelines).toHaveLength(1);
    const ours = stepsOf(parse(pipelines[0]!.text)).filter((step) => step.task!.startsWith('AcrRelocate'));
    expect(new Set(ours.map((step) => step.task))).toEqual(new Set(tasks.map((t) => `${t.name}@${t.version.Major}`)));
    for (const step of ours) {
      const task = tasks.find((t) => `${t.name}@${t.version.Major}` === step.task)!;
      const declared = new Set(task.inputs.map((input) => input.name));
      for (const key of Object.keys(step.inputs ?? {}))
        expect([step.task, key, declared.has(key)]).toEqual([step.task, key, true]);
      for (const input of task.inputs.filter((i) => i.required))
        expect([step.task, input.name, input.name in (step.inputs ?? {})]).toEqual([step.task, input.name, true]);
    }
  });
});

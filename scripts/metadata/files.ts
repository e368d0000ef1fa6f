import { join } from 'node:path';
import * as prettier from 'prettier';
import { COMMANDS } from '../../src/core/inputs/types.js';
import { PLAN_JSON_SCHEMA } from '../../src/core/plan/schema.js';
import { REPORT_JSON_SCHEMA } from '../../src/core/verify/schema.js';
import { taskName } from '../../src/entrypoints/catalog.js';
import { buildAction } from './action.js';
import { buildCommandsDoc } from './commands-doc.js';
import { buildExtension, EXTENSION_ICON } from './extension.js';
import { iconPng } from './icon.js';
import { packageInfo, repoRoot } from './project.js';
import { buildTaskJson } from './task-json.js';

/** One generated file: its path relative to the repository root and its exact bytes. */
export interface GeneratedFile {
  path: string;
  content: Buffer;
}

/** Task icons are shown small in the pipeline editor; the extension icon is 128 px. */
const TASK_ICON_SIZE = 32;
const EXTENSION_ICON_SIZE = 128;

/**
 * Every file `npm run generate` writes, from the input table, the outputs, the command catalog, the
 * plan and report schemas and package.json. Text is formatted with the repository's Prettier settings, so it passes format:check.
 */
export async function generatedFiles(root = repoRoot()): Promise<GeneratedFile[]> {
  const pkg = packageInfo(root);
  const text: Array<[string, string]> = [
    ['action.yml', buildAction(pkg)],
    ['vss-extension.json', json(buildExtension(pkg))],
    ['docs/commands.md', buildCommandsDoc(pkg)],
    // The contracts between stages, for people and editors; readers validate with the same objects.
    ['schemas/plan.schema.json', json(PLAN_JSON_SCHEMA)],
    ['schemas/verify-report.schema.json', json(REPORT_JSON_SCHEMA)],
    ...COMMANDS.map((command): [string, string] => [
      `tasks/${taskName(command)}/task.json`,
      json(buildTaskJson(command, pkg)),
    ]),
  ];
  const files: GeneratedFile[] = [];
  for (const [path, content] of text) {
    files.push({ path, content: Buffer.from(await formatted(root, path, content), 'utf8') });
  }
  files.push({ path: EXTENSION_ICON, content: iconPng(EXTENSION_ICON_SIZE) });
  for (const command of COMMANDS) {
    files.push({ path: `tasks/${taskName(command)}/icon.png`, content: iconPng(TASK_ICON_SIZE) });
  }
  return files;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function formatted(root: string, path: string, content: string): Promise<string> {
  const filepath = join(root, path);
  const options = (await prettier.resolveConfig(filepath)) ?? {};
  return prettier.format(content, { ...options, filepath });
}

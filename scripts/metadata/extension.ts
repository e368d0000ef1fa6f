import { COMMANDS } from '../../src/core/inputs/types.js';
import { taskName } from '../../src/entrypoints/catalog.js';
import { EXTENSION_ID, PUBLISHER, type PackageInfo } from './project.js';

export const EXTENSION_ICON = 'images/icon.png';
export const EXTENSION_OVERVIEW = 'overview.md';

/** vss-extension.json: the Azure DevOps extension, one contribution per task folder. */
export function buildExtension(pkg: PackageInfo): Record<string, unknown> {
  return {
    manifestVersion: 1,
    id: EXTENSION_ID,
    publisher: PUBLISHER,
    version: pkg.version,
    name: 'ACR relocate',
    description: pkg.description,
    public: false,
    categories: ['Azure Pipelines'],
    tags: ['Azure Container Registry', 'ACR', 'relocation', 'region', 'migration'],
    targets: [{ id: 'Microsoft.VisualStudio.Services' }],
    icons: { default: EXTENSION_ICON },
    content: { details: { path: EXTENSION_OVERVIEW } },
    files: [{ path: 'tasks' }, { path: EXTENSION_ICON, addressable: true }],
    contributions: COMMANDS.map((command) => ({
      id: taskName(command),
      type: 'ms.vss-distributed-task.task',
      targets: ['ms.vss-distributed-task.tasks'],
      properties: { name: `tasks/${taskName(command)}` },
    })),
  };
}

import { COMMANDS } from '../../src/core/inputs/types.js';
import { COMMAND_CATALOG, commandOfTask, taskFriendlyName, taskName } from '../../src/entrypoints/catalog.js';

describe('command catalog', () => {
  it('names the Azure Pipelines tasks AcrRelocate<Command>', () => {
    expect(COMMANDS.map(taskName)).toEqual([
      'AcrRelocatePrepare',
      'AcrRelocateRedeploy',
      'AcrRelocateImportArtifacts',
      'AcrRelocateRewireConsumers',
      'AcrRelocateVerify',
      'AcrRelocateRetireSource',
    ]);
  });

  it('maps a task name back to its command, and nothing else', () => {
    for (const command of COMMANDS) expect(commandOfTask(taskName(command))).toBe(command);
    expect(commandOfTask('AcrRelocate')).toBeUndefined();
    expect(commandOfTask('acrrelocateprepare')).toBeUndefined();
  });

  it('describes every command, with task friendly names of at most 40 characters', () => {
    for (const command of COMMANDS) {
      expect(COMMAND_CATALOG[command].name).toBe(command);
      expect(COMMAND_CATALOG[command].description.length).toBeGreaterThan(20);
      expect(taskFriendlyName(command).length).toBeLessThanOrEqual(40);
    }
  });
});

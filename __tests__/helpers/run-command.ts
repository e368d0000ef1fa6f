/**
 * Run a command in-process against the emulator, as runCommand does, but hand back the result (or
 * let the thrown RelocationError reach the test): `await runIn(emulator, prepare, 'prepare', inputs, workspace)`.
 */
import { resolveCloud } from '../../src/core/azure/clouds.js';
import type { Command, CommandResult } from '../../src/core/commands/context.js';
import { readInputs } from '../../src/core/inputs/read.js';
import type { CommandName } from '../../src/core/inputs/types.js';
import type { Emulator } from '../../emulator/src/index.js';
import { credentialOf } from '../emulator/helpers/testEmulator.js';
import { FakeHost } from './fake-host.js';

export async function runIn(
  emulator: Emulator,
  command: Command,
  name: CommandName,
  inputs: Record<string, string | undefined>,
  workspace: string,
): Promise<{ host: FakeHost; result: CommandResult }> {
  const host = new FakeHost(
    {
      'arm-endpoint': emulator.arm.armUrl,
      'authority-host': emulator.entra.url,
      'subscription-id': emulator.subscriptionId,
      ...inputs,
    },
    { workspace, credential: credentialOf(emulator) },
  );
  const parsed = readInputs(name, host);
  const cloud = resolveCloud(undefined, {
    armEndpoint: parsed.string('arm-endpoint'),
    authorityHost: parsed.string('authority-host'),
  });
  const result = await command.run({ host, inputs: parsed, cloud, credential: async () => credentialOf(emulator) });
  return { host, result };
}

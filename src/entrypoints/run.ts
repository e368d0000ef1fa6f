import { resolveCloud } from '../core/azure/clouds.js';
import { getCommand } from '../core/commands/index.js';
import { describeError } from '../core/errors.js';
import { readInputs } from '../core/inputs/read.js';
import type { CommandName } from '../core/inputs/types.js';
import type { Host } from '../hosts/host.js';

/**
 * Run one command on one host. This is the only place errors are caught: whatever goes wrong
 * becomes exactly one failure through host.setResult. Returns the process exit code.
 */
export async function runCommand(host: Host, resolveName: () => CommandName): Promise<number> {
  try {
    const name = resolveName();
    const inputs = readInputs(name, host);
    const cloud = resolveCloud(inputs.string('environment'), {
      armEndpoint: inputs.string('arm-endpoint'),
      authorityHost: inputs.string('authority-host'),
    });
    const command = getCommand(name);
    let credential: ReturnType<Host['getCredential']> | undefined;
    const result = await command.run({
      host,
      inputs,
      cloud,
      credential: () => (credential ??= host.getCredential(cloud)),
    });
    for (const [key, value] of Object.entries(result.outputs)) host.setOutput(key, value);
    if (result.summary) await host.writeSummary(result.summary);
    if (result.failure) {
      host.setResult('failed', result.failure);
      return 1;
    }
    host.setResult('succeeded');
    return 0;
  } catch (error) {
    host.setResult('failed', describeError(error));
    return 1;
  }
}

import type { TokenCredential } from '@azure/core-auth';
import type { Host } from '../../hosts/host.js';
import type { CloudSettings } from '../azure/clouds.js';
import type { Inputs } from '../inputs/read.js';

/** What every command receives. Core code sees a Host and a TokenCredential, nothing host-specific. */
export interface CommandContext {
  host: Host;
  inputs: Inputs;
  cloud: CloudSettings;
  /** Created on first use, so commands that fail input checks never sign in. */
  credential(): Promise<TokenCredential>;
}

/** A command's result: outputs (kebab-case names from core/inputs/outputs.ts) and a summary. */
export interface CommandResult {
  outputs: Record<string, string>;
  /** Markdown for the job summary. */
  summary?: string;
  /** Failed with a reason, after the command did all it could (for example checks failed). */
  failure?: string;
}

export interface Command {
  run(context: CommandContext): Promise<CommandResult>;
}

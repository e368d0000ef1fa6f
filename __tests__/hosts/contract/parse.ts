import { commandFromString } from 'azure-pipelines-task-lib/taskcommand.js';

/** A logging command as a runner reads it from a step's output. */
export interface LoggingCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/** GitHub workflow commands (`::name key=value,...::data`) in stdout, with data and properties unescaped. */
export function gitHubCommands(stdout: string): LoggingCommand[] {
  const commands: LoggingCommand[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',').filter((p) => p !== '')) {
      const equals = pair.indexOf('=');
      properties[pair.slice(0, equals)] = unescapeGitHub(pair.slice(equals + 1));
    }
    commands.push({ command: match[1] as string, properties, message: unescapeGitHub(match[3] as string) });
  }
  return commands;
}

function unescapeGitHub(text: string): string {
  return text
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');
}

/**
 * The outputs in a GITHUB_OUTPUT file, as @actions/core writes them:
 * `name<<ghadelimiter_<uuid>` NEWLINE value NEWLINE `ghadelimiter_<uuid>` (and `name=value` lines).
 */
export function gitHubOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const end = lines.indexOf(delimiter, index + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: no closing ${delimiter} for ${name}`);
      outputs[name] = lines.slice(index + 1, end).join('\n');
      index = end;
      continue;
    }
    const equals = line.indexOf('=');
    if (equals > 0) outputs[line.slice(0, equals)] = line.slice(equals + 1);
    else if (line.trim() !== '') throw new Error(`GITHUB_OUTPUT: unreadable line ${JSON.stringify(line)}`);
  }
  return outputs;
}

/** Azure Pipelines logging commands (`##vso[area.action key=value;]message`), parsed by task-lib itself. */
export function vsoCommands(stdout: string): LoggingCommand[] {
  return stdout
    .split(/\r?\n/)
    .filter((line) => line.startsWith('##vso['))
    .map((line) => {
      const parsed = commandFromString(line);
      return { command: parsed.command, properties: parsed.properties, message: parsed.message };
    });
}

/** The output variables a task set (`task.setvariable` with isOutput=true), by name. */
export function vsoOutputs(commands: readonly LoggingCommand[]): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const command of commands) {
    if (command.command === 'task.setvariable' && command.properties['isOutput'] === 'true') {
      outputs[command.properties['variable'] as string] = command.message;
    }
  }
  return outputs;
}

/** `name=value` lines the CLI prints last on stdout. */
export function cliOutputLines(stdout: string, names: readonly string[]): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const equals = line.indexOf('=');
    const name = line.slice(0, equals);
    if (equals > 0 && names.includes(name)) outputs[name] = line.slice(equals + 1);
  }
  return outputs;
}

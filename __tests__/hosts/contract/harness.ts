import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { OUTPUTS } from '../../../src/core/inputs/outputs.js';
import { isCommandName } from '../../../src/core/commands/index.js';
import { camelCase, type HostName } from '../../../src/core/inputs/types.js';
import { taskName } from '../../../src/entrypoints/catalog.js';
import { cliOutputLines, gitHubCommands, gitHubOutputFile, vsoCommands, vsoOutputs } from './parse.js';

export const ROOT = process.cwd();
export const HOSTS: readonly HostName[] = ['github', 'azure-pipelines', 'cli'];

/** An Azure Resource Manager service connection as the agent passes it to a task. */
export interface Connection {
  id: string;
  scheme: string;
  parameters: Record<string, string>;
  data: Record<string, string>;
}

export const SERVICE_PRINCIPAL: Connection = {
  id: '7a1d3c5e-1111-4222-8333-944455556666',
  scheme: 'ServicePrincipal',
  parameters: {
    authenticationType: 'spnKey',
    serviceprincipalid: '00000000-0000-0000-0000-00000000a11c',
    serviceprincipalkey: 'spn-key-contract-Zq9',
    tenantid: '00000000-0000-0000-0000-0000000000t1',
  },
  data: { subscriptionid: '00000000-0000-0000-0000-00000000505b', environment: 'AzureCloud' },
};

/** One run of a command: inputs by kebab-case name (each host gets them in its own spelling). */
export interface Scenario {
  command: string;
  inputs?: Record<string, string>;
  /** Azure Pipelines only; SERVICE_PRINCIPAL unless null (no azureSubscription at all). */
  connection?: Connection | null;
  /** CLI only: the arguments as typed, instead of ones built from command + inputs. */
  argv?: string[];
  /** Extra environment the runner (or the step) provides, e.g. OIDC request variables, NODE_EXTRA_CA_CERTS. */
  env?: Record<string, string>;
}

/** What a runner would see of a run. */
export interface HostRun {
  host: HostName;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Outputs by kebab-case name. */
  outputs: Record<string, string>;
  /** The job summary Markdown ('' when none). */
  summary: string;
  /** Values registered as secrets (::add-mask::, ##vso[task.setsecret]). */
  masked: string[];
  /** The failure messages the run reported (::error::, task.issue error, "error: " lines). */
  failures: string[];
  /** Azure Pipelines: the task.complete result. */
  result?: string;
}

/** The fake value of ${{ github.token }} the runner would put in a default. */
export const GITHUB_TOKEN = 'ghs_contract_default_token';

/** Run the committed bundle of `host` exactly as its runner starts it. */
export async function runBundle(host: HostName, scenario: Scenario): Promise<HostRun> {
  const folder = mkdtempSync(join(tmpdir(), `acr-contract-${host}-`));
  try {
    if (host === 'github') return await runGitHub(folder, scenario);
    if (host === 'azure-pipelines') return await runAzurePipelines(folder, scenario);
    return await runCli(folder, scenario);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function runGitHub(folder: string, scenario: Scenario): Promise<HostRun> {
  const files = {
    GITHUB_OUTPUT: 'output',
    GITHUB_STEP_SUMMARY: 'summary',
    GITHUB_STATE: 'state',
    GITHUB_ENV: 'env',
    GITHUB_PATH: 'path',
  };
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: folder,
    GITHUB_WORKSPACE: folder,
    ...scenario.env,
  };
  for (const [variable, name] of Object.entries(files)) {
    writeFileSync(join(folder, name), '');
    env[variable] = join(folder, name);
  }
  // The runner sets INPUT_<NAME> (upper case, hyphens kept) for every input given or defaulted in action.yml.
  const inputs = { ...actionDefaults(), ...scenario.inputs, command: scenario.command };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  const run = await runNode([join(ROOT, 'dist/index.js')], env, folder);
  const commands = gitHubCommands(run.stdout);
  return {
    host: 'github',
    ...run,
    outputs: gitHubOutputFile(readFileSync(env.GITHUB_OUTPUT as string, 'utf8')),
    summary: readFileSync(env.GITHUB_STEP_SUMMARY as string, 'utf8'),
    masked: commands.filter((c) => c.command === 'add-mask').map((c) => c.message),
    failures: commands.filter((c) => c.command === 'error').map((c) => c.message),
  };
}

function actionDefaults(): Record<string, string> {
  const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  const defaults: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) {
    if (input.default !== undefined) defaults[name] = input.default.replace('${{ github.token }}', GITHUB_TOKEN);
  }
  return defaults;
}

async function runAzurePipelines(folder: string, scenario: Scenario): Promise<HostRun> {
  if (!isCommandName(scenario.command)) throw new Error(`Azure Pipelines has no task for "${scenario.command}"`);
  const task = join(ROOT, 'tasks', taskName(scenario.command));
  const taskJson = JSON.parse(readFileSync(join(task, 'task.json'), 'utf8')) as {
    inputs: Array<{ name: string; defaultValue?: string }>;
  };
  const temp = join(folder, '_temp');
  mkdirSync(temp);
  const env: Record<string, string> = {
    AGENT_TEMPDIRECTORY: temp,
    AGENT_WORKFOLDER: folder,
    SYSTEM_DEFAULTWORKINGDIRECTORY: folder,
    SYSTEM_CULTURE: 'en-US',
    SYSTEM_HOSTTYPE: 'build',
    SYSTEM_TEAMFOUNDATIONCOLLECTIONURI: 'https://dev.azure.local/org/',
    SYSTEM_OIDCREQUESTURI:
      'https://dev.azure.local/org/project/_apis/distributedtask/hubs/build/plans/1/jobs/1/oidctoken',
    ...scenario.env,
  };
  // The agent sets INPUT_<NAME> for every task.json input: the given value or the default.
  const given: Record<string, string> = {};
  for (const [name, value] of Object.entries(scenario.inputs ?? {})) given[camelCase(name)] = value;
  const connection = scenario.connection === undefined ? SERVICE_PRINCIPAL : scenario.connection;
  if (connection) given.azureSubscription = connection.id;
  for (const input of taskJson.inputs) {
    const value = given[input.name] ?? input.defaultValue ?? '';
    if (value !== '') env[`INPUT_${input.name.toUpperCase()}`] = value;
  }
  for (const [name, value] of Object.entries(given)) env[`INPUT_${name.toUpperCase()}`] ??= value;
  if (connection) Object.assign(env, endpointVariables(connection));
  const run = await runNode([join(task, 'dist/index.js')], env, folder);
  const commands = vsoCommands(run.stdout);
  const summaries = commands.filter((c) => c.command === 'task.uploadsummary').map((c) => c.message);
  const outputs = vsoOutputs(commands);
  return {
    host: 'azure-pipelines',
    ...run,
    outputs: byKebabName(outputs),
    summary: summaries.map((path) => (existsSync(path) ? readFileSync(path, 'utf8') : `missing ${path}`)).join(''),
    masked: commands.filter((c) => c.command === 'task.setsecret').map((c) => c.message),
    failures: commands
      .filter((c) => c.command === 'task.issue' && c.properties['type'] === 'error')
      .map((c) => c.message),
    result: commands.filter((c) => c.command === 'task.complete').at(-1)?.properties['result'],
  };
}

/** ENDPOINT_* variables as the agent sets them for a service connection. */
export function endpointVariables(connection: Connection): Record<string, string> {
  const { id } = connection;
  const env: Record<string, string> = {
    [`ENDPOINT_URL_${id}`]: 'https://management.azure.com/',
    [`ENDPOINT_AUTH_${id}`]: JSON.stringify({ parameters: connection.parameters, scheme: connection.scheme }),
    [`ENDPOINT_AUTH_SCHEME_${id}`]: connection.scheme,
  };
  for (const [key, value] of Object.entries(connection.parameters)) {
    env[`ENDPOINT_AUTH_PARAMETER_${id}_${key.toUpperCase()}`] = value;
  }
  for (const [key, value] of Object.entries(connection.data)) env[`ENDPOINT_DATA_${id}_${key.toUpperCase()}`] = value;
  return env;
}

async function runCli(folder: string, scenario: Scenario): Promise<HostRun> {
  const summaryFile = join(folder, 'summary.md');
  const outputsFile = join(folder, 'outputs.json');
  const argv = scenario.argv ?? [
    scenario.command,
    ...Object.entries(scenario.inputs ?? {}).map(([name, value]) => `--${name}=${value}`),
    '--summary-file',
    summaryFile,
    '--outputs-file',
    outputsFile,
  ];
  const run = await runNode([join(ROOT, 'dist/cli/index.js'), ...argv], { ...scenario.env }, folder);
  const fileOutputs = existsSync(outputsFile)
    ? (JSON.parse(readFileSync(outputsFile, 'utf8')) as Record<string, string>)
    : {};
  const printed = cliOutputLines(
    run.stdout,
    OUTPUTS.map((output) => output.name),
  );
  for (const [name, value] of Object.entries(printed)) {
    if (value !== '***' && fileOutputs[name] !== value) {
      throw new Error(`CLI printed ${name}=${value} but wrote ${JSON.stringify(fileOutputs[name])} to --outputs-file`);
    }
  }
  return {
    host: 'cli',
    ...run,
    outputs: fileOutputs,
    summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '',
    masked: [],
    failures: cliFailures(run.stderr),
  };
}

/** `error: ` lines of the CLI's stderr, each with its indented continuation lines. */
function cliFailures(stderr: string): string[] {
  const failures: string[] = [];
  const prefix = 'error: ';
  for (const line of stderr.split('\n')) {
    if (line.startsWith(prefix)) failures.push(line.slice(prefix.length));
    else if (failures.length > 0 && line.startsWith(' '.repeat(prefix.length))) {
      failures[failures.length - 1] += `\n${line.slice(prefix.length)}`;
    }
  }
  return failures;
}

function byKebabName(outputs: Record<string, string>): Record<string, string> {
  const kebab: Record<string, string> = {};
  for (const [name, value] of Object.entries(outputs)) {
    const spec = OUTPUTS.find((output) => camelCase(output.name) === name);
    kebab[spec ? spec.name : name] = value;
  }
  return kebab;
}

/** Start node on a bundle with only the runner's environment (nothing leaks in from this process). */
function runNode(
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
  });
}

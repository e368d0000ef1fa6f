import { camelCase, COMMANDS, type HostName } from '../../../src/core/inputs/types.js';
import { inputsFor } from '../../../src/core/inputs/read.js';
import { expectRun, type Expectation } from './expectations.js';
import { GITHUB_TOKEN, HOSTS, runBundle, SERVICE_PRINCIPAL, type Scenario } from './harness.js';

/**
 * The host contract: the committed bundles, started as each runner starts them, behave the same
 * on every host. A row is a case; it runs on each host it lists. When a command lands, its success
 * cases are new rows with `outputs` and `summary` expectations.
 */

const LABEL: Record<HostName, (name: string) => string> = {
  github: (name) => name,
  'azure-pipelines': (name) => camelCase(name),
  cli: (name) => `--${name}`,
};

interface ContractCase {
  name: string;
  hosts: readonly HostName[];
  scenario(host: HostName): Scenario;
  expect(host: HostName): Expectation;
}

const COMMAND_LIST = COMMANDS.join(', ');

const CASES: ContractCase[] = [
  {
    name: 'an unknown command is refused, listing the commands',
    hosts: ['github', 'cli'],
    scenario: (host) => (host === 'cli' ? { command: 'bogus', argv: ['bogus'] } : { command: 'bogus' }),
    expect: (host) => ({ exitCode: host === 'cli' ? 2 : 1, failure: ['Unknown command "bogus"', COMMAND_LIST] }),
  },
  {
    name: "a missing required input is named in the host's spelling",
    hosts: HOSTS,
    scenario: () => ({ command: 'prepare', inputs: { 'target-registry': 'b', 'target-location': 'westeurope' } }),
    expect: (host) => ({
      exitCode: 1,
      failure: [`Input ${LABEL[host]('source-registry')} is required by prepare.`],
    }),
  },
  {
    name: 'a task without its service connection names azureSubscription',
    hosts: ['azure-pipelines'],
    scenario: () => ({ command: 'verify', connection: null }),
    expect: () => ({ exitCode: 1, failure: ['Input azureSubscription is required by verify.'] }),
  },
  {
    name: 'a value outside the allowed ones lists them',
    hosts: HOSTS,
    scenario: () => ({ command: 'verify', inputs: { 'fail-on': 'often' } }),
    expect: (host) => ({
      exitCode: 1,
      failure: [`${LABEL[host]('fail-on')} is "often"`, 'mismatch, drift, never'],
    }),
  },
  {
    name: 'a secret input is masked as it is read',
    hosts: ['github'],
    scenario: () => ({ command: 'rewire-consumers', inputs: { 'github-token': 'ghs_given_contract_secret' } }),
    expect: () => ({
      exitCode: 1,
      masked: ['ghs_given_contract_secret'],
      failure: ['[PLAN_INVALID] No relocation plan at'],
    }),
  },
  {
    name: "the action's github.token default is masked too",
    hosts: ['github'],
    scenario: () => ({ command: 'rewire-consumers' }),
    expect: () => ({ exitCode: 1, masked: [GITHUB_TOKEN], failure: ['[PLAN_INVALID] No relocation plan at'] }),
  },
  {
    name: "the service connection's key is masked as soon as the connection is read",
    hosts: ['azure-pipelines'],
    scenario: () => ({ command: 'verify' }),
    expect: () => ({
      exitCode: 1,
      masked: [SERVICE_PRINCIPAL.parameters.serviceprincipalkey as string],
      failure: ['[PLAN_INVALID] No relocation plan at'],
    }),
  },
  {
    name: 'input text cannot inject a logging command',
    hosts: HOSTS,
    scenario: () => ({
      command: 'verify',
      inputs: { 'fail-on': 'often\n::warning::injected\n##vso[task.complete result=Succeeded;]injected' },
    }),
    expect: () => ({ exitCode: 1, failure: ['is not an allowed value'] }),
  },
  {
    name: 'acr-relocate --help lists the commands',
    hosts: ['cli'],
    scenario: () => ({ command: 'help', argv: ['--help'] }),
    expect: () => ({
      exitCode: 0,
      stdout: ['Usage: acr-relocate <command> [options]', ...COMMANDS.map((c) => `  ${c} `)],
    }),
  },
  ...COMMANDS.map((command): ContractCase => ({
    name: `acr-relocate ${command} --help lists its inputs`,
    hosts: ['cli'],
    scenario: () => ({ command, argv: [command, '--help'] }),
    expect: () => ({
      exitCode: 0,
      stdout: [
        `Usage: acr-relocate ${command} [options]`,
        ...inputsFor(command, 'cli').map((spec) => `  --${spec.name}`),
        '--summary-file',
      ],
    }),
  })),
  {
    name: 'a usage error exits 2 and lists the valid flags',
    hosts: ['cli'],
    scenario: () => ({ command: 'verify', argv: ['verify', '--no-such-flag'] }),
    expect: () => ({ exitCode: 2, failure: ['Unknown option --no-such-flag for verify', '--fail-on'] }),
  },
];

const ROWS = CASES.flatMap((c) => c.hosts.map((host) => [c.name, host, c] as const));

describe('host contract (committed bundles)', () => {
  it.each(ROWS)('%s [%s]', async (_name, host, contractCase) => {
    const run = await runBundle(host, contractCase.scenario(host));
    expectRun(run, contractCase.expect(host));
  });
});

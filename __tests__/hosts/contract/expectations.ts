import type { HostRun } from './harness.js';

/** What a contract row expects of one run. */
export interface Expectation {
  exitCode: number;
  /** The run fails with exactly one failure containing all of these. */
  failure?: string[];
  /** Values that must have been registered as secrets before the run ended. */
  masked?: string[];
  /** Success rows: every output, by kebab-case name. */
  outputs?: Record<string, unknown>;
  /** Success rows: text the job summary must contain. */
  summary?: string[];
  stdout?: string[];
}

export function expectRun(run: HostRun, expected: Expectation): void {
  const context = `${run.host} exit ${run.exitCode}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
  expect({ exitCode: run.exitCode, context }).toEqual({ exitCode: expected.exitCode, context });
  expectNoInjectedCommands(run);
  if (expected.failure) expectOneFailure(run, expected.failure);
  else expectSuccess(run);
  for (const secret of expected.masked ?? []) expectMaskedBeforeShown(run, secret);
  if (expected.outputs) expect(run.outputs).toEqual(expected.outputs);
  for (const text of expected.summary ?? []) expect(run.summary).toContain(text);
  for (const text of expected.stdout ?? []) expect(run.stdout).toContain(text);
}

function expectOneFailure(run: HostRun, fragments: string[]): void {
  expect(run.failures).toHaveLength(1);
  for (const fragment of fragments) expect(run.failures[0]).toContain(fragment);
  if (run.host === 'azure-pipelines') {
    expect(run.result).toBe('Failed');
    expect(run.stdout).toContain('##vso[task.complete result=Failed;]');
  }
  if (run.host === 'github') expect(run.stdout.match(/^::error::/gm)).toHaveLength(1);
}

function expectSuccess(run: HostRun): void {
  expect(run.failures).toEqual([]);
  if (run.host === 'azure-pipelines') expect(run.result).toBe('Succeeded');
}

/** Only the host's own commands may appear: one task.complete, no warning the run did not mean. */
function expectNoInjectedCommands(run: HostRun): void {
  const lines = `${run.stdout}\n${run.stderr}`.split('\n');
  expect(lines.filter((line) => /^::warning::/.test(line))).toEqual([]);
  // task-lib resolves its messages (lib.json, task.json): a raw LIB_ key means they were not found.
  expect(lines.filter((line) => /\bLIB_[A-Za-z]+|loc string/.test(line))).toEqual([]);
  expect(lines.filter((line) => /^##vso\[task\.complete/.test(line)).length).toBeLessThanOrEqual(1);
  expect(
    lines.filter((line) => /^##vso\[task\.complete result=Succeeded/.test(line) && line.includes('injected')),
  ).toEqual([]);
}

/** The secret is registered, and its mask command is the first place it appears in the log. */
function expectMaskedBeforeShown(run: HostRun, secret: string): void {
  expect(run.masked).toContain(secret);
  const command = run.host === 'github' ? '::add-mask::' : '##vso[task.setsecret]';
  expect(run.stdout.indexOf(secret)).toBe(run.stdout.indexOf(`${command}${secret}`) + command.length);
}

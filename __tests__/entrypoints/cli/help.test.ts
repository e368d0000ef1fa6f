import { inputsFor } from '../../../src/core/inputs/read.js';
import { OUTPUTS } from '../../../src/core/inputs/outputs.js';
import { appliesTo, COMMANDS } from '../../../src/core/inputs/types.js';
import { commandHelp, generalHelp, wrap } from '../../../src/entrypoints/cli/help.js';

describe('CLI help', () => {
  it('lists every command with its description', () => {
    const help = generalHelp();
    for (const command of COMMANDS) expect(help).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    expect(help).toContain('ACR_RELOCATE_PLAN_PATH');
    expect(help).toContain('Exit codes: 0 done, 1 failed, 2 the command line is wrong.');
  });

  it.each(COMMANDS)('documents every input and output of %s', (command) => {
    const help = commandHelp(command);
    for (const spec of inputsFor(command, 'cli')) {
      expect(help).toMatch(new RegExp(`^  --${spec.name}\\b`, 'm'));
      expect(help).toContain(`ACR_RELOCATE_${spec.name.replace(/-/g, '_').toUpperCase()}`);
    }
    for (const output of OUTPUTS.filter((o) => appliesTo(o, command))) expect(help).toContain(`  ${output.name}\n`);
    expect(help).not.toContain('--azure-subscription');
    expect(help).not.toContain('${{');
  });

  it('shows allowed values, defaults and requirements', () => {
    const help = commandHelp('verify');
    expect(help).toContain('--fail-on <mismatch|drift|never>');
    expect(help).toContain('Default: mismatch.');
    expect(commandHelp('prepare')).toMatch(/--source-registry <text>\n {6}.*Required\./);
    expect(commandHelp('redeploy')).toContain('--dry-run[=true|false]');
    expect(commandHelp('import-artifacts')).toContain('--max-concurrency <1..256>');
  });

  it('wraps at 100 columns', () => {
    const lines = wrap('word '.repeat(60), '    ');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(100);
      expect(line.startsWith('    word')).toBe(true);
    }
    for (const command of COMMANDS) {
      for (const line of commandHelp(command).split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    }
  });
});

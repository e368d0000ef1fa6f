/**
 * .env.example documents the environment for running commands locally: it must name every variable
 * the emulator's env file holds (so a newcomer can read what `--env-file` wrote), and every input of
 * the command line as ACR_RELOCATE_<NAME> (a new input without its line fails here).
 */
import { envFileLines } from '../../emulator/src/options.js';
import { inputsFor } from '../../src/core/inputs/read.js';
import { COMMANDS, upperSnake } from '../../src/core/inputs/types.js';
import { readRepoFile } from './support/markdown.js';

const example = readRepoFile('.env.example');
/** Variables the file sets or shows commented out: `NAME=` or `# NAME=` at the start of a line. */
const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_-]*)=/gm)].map((m) => m[1]!));

describe('.env.example', () => {
  it('names every variable `npm run emulator -- --env-file` writes', () => {
    const written = envFileLines({
      tenantId: 't',
      subscriptionId: 's',
      clientId: 'c',
      clientSecret: 'x',
      authorityHost: 'https://127.0.0.1:1',
      armEndpoint: 'https://127.0.0.1:2',
      caFile: '/ca.crt',
      registries: [],
    })
      .trim()
      .split('\n')
      .map((line) => line.slice(0, line.indexOf('=')));
    expect(written.length).toBeGreaterThanOrEqual(8);
    for (const name of written) expect([name, documented.has(name)]).toEqual([name, true]);
  });

  it('names every command-line input as ACR_RELOCATE_<NAME>', () => {
    const names = new Set(COMMANDS.flatMap((command) => inputsFor(command, 'cli').map((spec) => spec.name)));
    for (const name of names) {
      const variable = `ACR_RELOCATE_${upperSnake(name)}`;
      expect([variable, documented.has(variable)]).toEqual([variable, true]);
    }
  });

  it('sets nothing by itself: every assignment is commented out until someone fills it in', () => {
    expect(example.split('\n').filter((line) => /^[A-Z]/.test(line))).toEqual([]);
  });
});

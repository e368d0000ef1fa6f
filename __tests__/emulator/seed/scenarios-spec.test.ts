/** The scenario request syntax (`--seed`, EmulatorOptions.scenarios): parsing, checking, defaults, keys. */
import { invocationKey, parseScenarioList, resolveScenario } from '../../../emulator/src/seed/scenarios-spec.js';
import { resolveRequests } from '../../../emulator/src/seed/scenarios-run.js';
import type { ScenarioDefinition } from '../../../emulator/src/seed/scenarios.js';

const definition: ScenarioDefinition = {
  run: async () => undefined,
  params: {
    repositories: { type: 'int', default: 5, aliases: ['repos'] },
    lock: { type: 'flag', default: false },
    bypass: { type: ['AzureServices', 'None'], default: 'AzureServices' },
    digests: { type: 'int' },
  },
};

describe('scenario request syntax', () => {
  it('splits scenarios at commas, with parameters after a colon, after commas, or after more colons', () => {
    expect(parseScenarioList(' small, consumers:lock ,large:repos=100,tags=10000:digests=7700,restricted ')).toEqual([
      { name: 'small', params: [] },
      { name: 'consumers', params: [['lock', 'true']] },
      {
        name: 'large',
        params: [
          ['repos', '100'],
          ['tags', '10000'],
          ['digests', '7700'],
        ],
      },
      { name: 'restricted', params: [] },
    ]);
    expect(parseScenarioList('')).toEqual([]);
    expect(() => parseScenarioList('tags=5,small')).toThrow(/parameter 'tags=5' comes before any scenario/);
  });

  it('resolves aliases, flags, words (case-insensitively) and defaults; the key lists every parameter', () => {
    const resolved = resolveScenario(
      {
        name: 'demo',
        params: [
          ['REPOS', '7'],
          ['lock', 'true'],
          ['bypass', 'none'],
        ],
      },
      definition,
    );
    expect(resolved).toEqual({
      name: 'demo',
      params: { repositories: 7, lock: true, bypass: 'None' },
      key: 'demo:bypass=None,lock=true,repositories=7',
    });
    expect(resolveScenario({ name: 'demo', params: [['digests', '3']] }, definition).params).toEqual({
      repositories: 5,
      lock: false,
      bypass: 'AzureServices',
      digests: 3,
    });
    expect(invocationKey('minimal', {})).toBe('minimal');
  });

  it('refuses unknown parameters and bad values', () => {
    const resolve = (params: Array<[string, string]>) => () => resolveScenario({ name: 'demo', params }, definition);
    expect(resolve([['colour', 'red']])).toThrow(
      /scenario 'demo' has no parameter 'colour' \(known: repositories, lock/,
    );
    expect(resolve([['repos', '-1']])).toThrow(/demo:repositories must be a non-negative integer, got '-1'/);
    expect(resolve([['lock', 'maybe']])).toThrow(/demo:lock is a flag/);
    expect(resolve([['bypass', 'All']])).toThrow(/demo:bypass must be one of AzureServices, None/);
    expect(() => resolveScenario({ name: 'plain', params: [['x', '1']] }, { run: async () => undefined })).toThrow(
      /it takes none/,
    );
  });

  it('treats text and object requests alike, drops repeats and refuses unknown scenarios', () => {
    const fromText = resolveRequests(['small,large:repos=2,tags=4', 'small']);
    const fromObjects = resolveRequests(['small', { name: 'large', params: { repositories: 2, tags: 4 } }]);
    expect(fromText).toEqual(fromObjects);
    expect(fromText.map((i) => i.key)).toEqual(['small', 'large:repositories=2,tags=4']);
    expect(() => resolveRequests(['small,nope'])).toThrow(/unknown seed scenario 'nope'/);
    expect(() => resolveRequests(['large:repos=4,tags=2,digests=2'])).toThrow(
      /digests \(2\) must be at least repositories \(4\)/,
    );
  });
});

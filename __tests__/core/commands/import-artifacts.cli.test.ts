/**
 * The CLI process killed (SIGKILL) mid-run, twice, at points picked from the emulator's count of
 * accepted imports; each re-run finishes the job without importing anything the target already had.
 * The CLI runs from the TypeScript sources in a child process (support/ts-register.mjs), signed in
 * through AZURE_* variables and trusting the emulator's CA through NODE_EXTRA_CA_CERTS, as a user's would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { missingInTarget, seedMany } from '../import/support/content.js';
import { recordImports, type RecordedImport } from '../import/support/import-log.js';
import { startWorld, type World } from '../import/support/world.js';

const ROOT = process.cwd();
const REGISTER = join(ROOT, '__tests__/core/import/support/ts-register.mjs');
const CLI = join(ROOT, 'src/entrypoints/cli.ts');

interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startCli(world: World): Child {
  const child = spawn(
    process.execPath,
    ['--import', REGISTER, CLI, 'import-artifacts', '--max-concurrency', '4', '--import-timeout', '30'],
    {
      cwd: world.workspace,
      env: { ...process.env, ...world.cliEnv(), ACR_RELOCATE_DEBUG: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, output: () => output, exited };
}

async function waitFor(condition: () => boolean, what: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (child.process.exitCode !== null) throw new Error(`the CLI exited before ${what}:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** repository@digest of every manifest the target holds now. */
function present(world: World): Set<string> {
  const keys = new Set<string>();
  for (const repository of world.target.store.listRepositories()) {
    for (const manifest of world.target.store.listManifests(repository)) keys.add(`${repository}@${manifest.digest}`);
  }
  return keys;
}

/** Kill after `count` more imports were accepted; wait for the ones in flight to finish server-side. */
async function killAfter(world: World, imports: RecordedImport[], count: number): Promise<RecordedImport[]> {
  const from = imports.length;
  const child = startCli(world);
  await waitFor(() => imports.length >= from + count, `${count} imports`, child);
  child.process.kill('SIGKILL');
  expect((await child.exited).signal).toBe('SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // imports already accepted complete in Azure
  return imports.slice(from);
}

describe('import-artifacts killed mid-run', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ importLatencyMs: 250 });
    seedMany(world, 6, 8);
    await world.writePlan();
  });
  afterAll(async () => world?.stop());

  it('resumes after each SIGKILL and never imports an item the target already holds', async () => {
    const imports = recordImports(world.emulator);
    const firstRun = await killAfter(world, imports, 6);
    expect(firstRun.length).toBeGreaterThanOrEqual(6);

    const afterFirst = present(world);
    const secondRun = await killAfter(world, imports, 10);
    expect(secondRun.filter((i) => afterFirst.has(i.sourceImage))).toEqual([]);

    const afterSecond = present(world);
    const from = imports.length;
    const last = startCli(world);
    const exit = await last.exited;
    expect({ exit, output: exit.code === 0 ? '' : last.output() }).toEqual({
      exit: { code: 0, signal: null },
      output: '',
    });
    const thirdRun = imports.slice(from);
    expect(thirdRun.filter((i) => afterSecond.has(i.sourceImage))).toEqual([]);
    expect(missingInTarget(world.source.store, world.target.store)).toEqual([]);
    // Every item was imported exactly once over the three runs.
    const all = imports.map((i) => i.sourceImage);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(48);
    expect(last.output()).toMatch(/imported-count=\d+/);
  }, 180_000);
});

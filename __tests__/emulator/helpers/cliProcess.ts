/**
 * The standalone emulator as `npm run emulator -- …` runs it, in a child process. emulator/ is
 * transpiled without type checks (as ts-jest does) into a directory under node_modules/.cache, so
 * that the child resolves the project's dependencies:
 *
 *   const work = cacheWorkDir('my-test-');
 *   const cli = transpileEmulator(join(work, 'build'));
 *   const { child, info, exit } = await startCli(cli, ['--state-dir', dir]);
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { ConnectionInfo } from '../../../emulator/src/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A new directory under node_modules/.cache (remove it when done). */
export function cacheWorkDir(prefix: string): string {
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  return mkdtempSync(join(cache, prefix));
}

/** Writes emulator/**.ts as ES modules under `outDir`; returns the path of the CLI. */
export function transpileEmulator(outDir: string): string {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
    });
  for (const file of walk(join(ROOT, 'emulator'))) {
    const output = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    const target = join(outDir, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
  return join(outDir, 'emulator', 'cli.js');
}

export interface StartedCli {
  child: ChildProcess;
  /** The first stdout line: the connection JSON. */
  info: ConnectionInfo;
  exit: Promise<number | null>;
}

/** Starts the CLI and resolves once it printed its first line (rejects if it exits before). */
export function startCli(cli: string, args: string[]): Promise<StartedCli> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline >= 0) resolve({ child, info: JSON.parse(stdout.slice(0, newline)) as ConnectionInfo, exit });
    });
    void exit.then((code) => reject(new Error(`cli exited (${String(code)}) before printing: ${stderr}`)));
  });
}

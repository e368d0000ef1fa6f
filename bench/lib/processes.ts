/**
 * Child processes with their own figures: wall time and peak resident memory (VmHWM, the kernel's
 * high-water mark of the process's RSS), so a number is the command's own and not the bench's.
 *
 * Node children load a tiny reporter first that writes VmHWM from /proc/self/status at exit (the
 * exact peak); every child is also sampled from outside (/proc/<pid>/status) every 100 ms while it
 * runs, which is all there is for non-Node programs such as skopeo (a program that ends within the
 * first interval then reports 0). The larger of the two is reported.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nodeArgsFor } from './paths.js';

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak resident set size in bytes (0 when it could not be read). */
  peakRssBytes: number;
}

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Killed (SIGKILL) after this long; the run then has code null. Default 30 minutes. */
  timeoutMs?: number;
}

const SAMPLE_INTERVAL_MS = 100;
const PEAK_FILE_VARIABLE = 'BENCH_PEAK_RSS_FILE';

const REPORTER = `import { readFileSync, writeFileSync } from 'node:fs';
const target = process.env.${PEAK_FILE_VARIABLE};
if (target) {
  process.on('exit', () => {
    const match = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) writeFileSync(target, match[1]);
  });
}
`;

let scratch: string | undefined;

/**
 * One shared directory for the reporter and the peak files (each removed once read): nothing is
 * left behind even when the bench or a jest worker is killed before it could clean up.
 */
function scratchDir(): string {
  if (!scratch) {
    const dir = join(tmpdir(), 'acr-relocate-bench');
    mkdirSync(dir, { recursive: true });
    // Written under a unique name and renamed: concurrent bench processes never see half a file.
    const temporary = join(dir, `peak-rss.mjs.${process.pid}.tmp`);
    writeFileSync(temporary, REPORTER);
    renameSync(temporary, join(dir, 'peak-rss.mjs'));
    scratch = dir;
  }
  return scratch;
}

/** VmHWM of a running process in bytes, or 0 when it is gone (or this is not Linux). */
export function readPeakRss(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

let peakFiles = 0;

/** Runs a program to its end, sampling its peak memory. Never throws for a failing program. */
export function runChild(command: string, args: readonly string[], options: ChildOptions = {}): Promise<ChildRun> {
  const peakFile = join(scratchDir(), `peak-${process.pid}-${++peakFiles}`);
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...(options.env ?? process.env), [PEAK_FILE_VARIABLE]: peakFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let sampled = 0;
  const sampler = setInterval(() => {
    if (child.pid !== undefined) sampled = Math.max(sampled, readPeakRss(child.pid));
  }, SAMPLE_INTERVAL_MS);
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30 * 60_000);
  return new Promise((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null, error?: Error) => {
      clearInterval(sampler);
      clearTimeout(killer);
      let reported = 0;
      try {
        reported = Number(readFileSync(peakFile, 'utf8')) * 1024;
        rmSync(peakFile, { force: true });
      } catch {
        // Not a Node child, or it died before its exit handler ran: the samples are all there is.
      }
      resolve({
        code,
        signal,
        stdout,
        stderr: error ? `${stderr}${error.message}\n` : stderr,
        wallMs: performance.now() - started,
        peakRssBytes: Math.max(sampled, reported),
      });
    };
    child.once('error', (error) => finish(null, null, error));
    child.once('close', (code, signal) => finish(code, signal));
  });
}

/** Runs Node with `args` and the exit reporter loaded first (an exact peak, however short the run). */
export function runNode(args: readonly string[], options: ChildOptions = {}): Promise<ChildRun> {
  const reporter = pathToFileURL(join(scratchDir(), 'peak-rss.mjs')).href;
  return runChild(process.execPath, ['--import', reporter, ...args], options);
}

/** Runs one of the project's modules (see nodeArgsFor) in a child Node process with the reporter. */
export function runNodeModule(
  modulePath: string,
  args: readonly string[],
  options: ChildOptions = {},
): Promise<ChildRun> {
  return runNode([...nodeArgsFor(modulePath), ...args], options);
}

/** The last line of a child's stdout parsed as JSON (children report their figures that way). */
export function lastJsonLine<T>(run: ChildRun, what: string): T {
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`${what} printed no result (exit ${run.code ?? run.signal}):\n${tail(run.stderr || run.stdout)}`);
  }
}

/** The end of a long output, for error messages. */
export function tail(text: string, lines = 30): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** Fails with the child's own words when it did not exit 0. */
export function assertSucceeded(run: ChildRun, what: string): void {
  if (run.code !== 0)
    throw new Error(`${what} failed (exit ${run.code ?? run.signal}):\n${tail(`${run.stdout}\n${run.stderr}`)}`);
}

export const MB = 1024 * 1024;

/** What the numbers were measured on: enough to tell two results.json files apart. */
import { execFileSync } from 'node:child_process';
import { arch, cpus, loadavg, release, totalmem, type } from 'node:os';
import { REPO_ROOT } from './paths.js';

export interface Machine {
  os: string;
  cpu: string;
  cpus: number;
  memoryGiB: number;
  node: string;
  /** 1-minute load average when the bench started and when it ended (other work on the machine). */
  loadAverage: { start: number; end?: number };
  tools: Record<string, string>;
  commit: string;
}

function firstLine(command: string, args: string[], cwd?: string): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], cwd })
      .split('\n')[0]!
      .trim();
  } catch {
    return 'not installed';
  }
}

export function describeMachine(): Machine {
  const processors = cpus();
  return {
    os: `${type()} ${release()} ${arch()}`,
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cpus: processors.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    loadAverage: { start: round2(loadavg()[0] ?? 0) },
    tools: {
      skopeo: firstLine('skopeo', ['--version']),
      'docker-registry': firstLine('docker-registry', ['--version']),
    },
    commit: firstLine('git', ['rev-parse', '--short', 'HEAD'], REPO_ROOT),
  };
}

export function finishMachine(machine: Machine): Machine {
  return { ...machine, loadAverage: { ...machine.loadAverage, end: round2(loadavg()[0] ?? 0) } };
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

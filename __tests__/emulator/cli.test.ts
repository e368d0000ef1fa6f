/**
 * The standalone emulator: `node build/emulator/cli.js -- …` (what `npm run emulator -- …` runs).
 * The test transpiles emulator/ (no type check, like ts-jest) into node_modules/.cache so the child
 * process resolves the project's dependencies, then drives the real CLI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { trustCaInProcess } from '../../emulator/src/tls/trust.js';
import { httpsRequest } from './helpers/testEmulator.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function transpileEmulator(outDir: string): string {
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

interface Started {
  child: ChildProcess;
  info: {
    tenantId: string;
    armEndpoint: string;
    authorityHost: string;
    caFile: string;
    registries: Array<{ name: string; loginServer: string }>;
  } & Record<string, unknown>;
  exit: Promise<number | null>;
}

function startCli(cli: string, args: string[]): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline >= 0) resolve({ child, info: JSON.parse(stdout.slice(0, newline)), exit });
    });
    void exit.then((code) => reject(new Error(`cli exited (${String(code)}) before printing: ${stderr}`)));
  });
}

describe('npm run emulator (emulator/cli.ts)', () => {
  let work: string;
  let cli: string;
  beforeAll(() => {
    const cache = join(ROOT, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    work = mkdtempSync(join(cache, 'emulator-cli-test-'));
    cli = transpileEmulator(join(work, 'build'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('prints the connection JSON first, writes the env file, serves, exits 0 on SIGTERM and restarts from its state', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'emulator-cli-state-'));
    const envFile = join(stateDir, 'emulator.env');
    try {
      const first = await startCli(cli, ['--state-dir', stateDir, '--env-file', envFile]);
      expect(Object.keys(first.info)).toEqual([
        'tenantId',
        'subscriptionId',
        'clientId',
        'clientSecret',
        'authorityHost',
        'armEndpoint',
        'caFile',
        'registries',
      ]);
      expect(first.info.caFile).toBe(join(stateDir, 'tls', 'ca.crt'));
      expect(first.info.registries[0]).toEqual({
        name: expect.stringMatching(/^acrsource/),
        resourceGroup: 'rg-relocation-source',
        resourceId: expect.any(String),
        location: 'westeurope',
        loginServer: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
        adminUser: expect.any(String),
        adminPassword: expect.any(String),
      });
      const env = readFileSync(envFile, 'utf8');
      for (const key of [
        'AZURE_TENANT_ID',
        'AZURE_CLIENT_ID',
        'AZURE_CLIENT_SECRET',
        'AZURE_AUTHORITY_HOST',
        'AZURE_SUBSCRIPTION_ID',
        'ACR_RELOCATE_ARM_ENDPOINT',
        'ACR_RELOCATE_AUTHORITY_HOST',
        'ACR_RELOCATE_SUBSCRIPTION_ID',
        'NODE_EXTRA_CA_CERTS',
        'SSL_CERT_FILE',
      ]) {
        expect(env).toMatch(new RegExp(`^${key}=".+"$`, 'm'));
      }
      expect(env).toContain(`ACR_RELOCATE_ARM_ENDPOINT="${first.info.armEndpoint}"`);
      trustCaInProcess(readFileSync(first.info.caFile, 'utf8'));
      const discovery = await httpsRequest(
        `${first.info.authorityHost}/${first.info.tenantId}/v2.0/.well-known/openid-configuration`,
      );
      expect(discovery.status).toBe(200);
      first.child.kill('SIGTERM');
      expect(await first.exit).toBe(0);
      expect(existsSync(join(stateDir, 'resources.json'))).toBe(true);

      const second = await startCli(cli, ['--state-dir', stateDir]);
      try {
        expect(second.info.tenantId).toBe(first.info.tenantId);
        expect(second.info.registries.map((r) => r.name)).toEqual(first.info.registries.map((r) => r.name));
        expect((await httpsRequest(`https://${second.info.registries[0]?.loginServer ?? ''}/v2/`)).status).toBe(401);
      } finally {
        second.child.kill('SIGINT');
        expect(await second.exit).toBe(0);
      }
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('exits non-zero with a message on bad arguments', async () => {
    const child = spawn(process.execPath, [cli, '--', '--faults', '/nonexistent/faults.json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^emulator: /);
  });
});

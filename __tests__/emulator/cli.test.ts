/**
 * The standalone emulator: `node build/emulator/cli.js -- …` (what `npm run emulator -- …` runs).
 * The test transpiles emulator/ (no type check, like ts-jest) into node_modules/.cache so the child
 * process resolves the project's dependencies (helpers/cliProcess.ts), then drives the real CLI.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trustCaInProcess } from '../../emulator/src/tls/trust.js';
import { cacheWorkDir, startCli, transpileEmulator } from './helpers/cliProcess.js';
import { httpsRequest } from './helpers/testEmulator.js';

describe('npm run emulator (emulator/cli.ts)', () => {
  let work: string;
  let cli: string;
  beforeAll(() => {
    work = cacheWorkDir('emulator-cli-test-');
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

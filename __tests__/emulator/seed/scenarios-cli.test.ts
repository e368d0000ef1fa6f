/**
 * `npm run emulator -- --seed small,consumers:lock,large:… --env-file FILE` end to end: the real CLI in
 * a child process (emulator/ transpiled without type checks into node_modules/.cache, as ts-jest
 * does), its JSON line, its env file, and the seeded source read by skopeo with the admin user.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheWorkDir, startCli, transpileEmulator } from '../helpers/cliProcess.js';

const run = promisify(execFile);

describe('npm run emulator -- --seed …', () => {
  let work: string;
  let stateDir: string;

  beforeAll(() => {
    work = cacheWorkDir('seed-cli-test-');
    stateDir = mkdtempSync(join(tmpdir(), 'seed-cli-state-'));
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('seeds composed scenarios with parameters, prints the source first with its admin user, and skopeo reads it', async () => {
    const cli = transpileEmulator(join(work, 'build'));
    const envFile = join(stateDir, 'emulator.env');
    const seed = 'small,consumers:lock,large:repos=2,tags=6,digests=4,referrers=1';
    const { child, info, exit } = await startCli(cli, ['--seed', seed, '--state-dir', stateDir, '--env-file', envFile]);
    try {
      expect(info.registries).toHaveLength(1);
      const source = info.registries[0];
      expect(source).toMatchObject({
        name: expect.stringMatching(/^acrsource/),
        adminUser: source?.name,
        adminPassword: expect.any(String),
      });
      expect(readFileSync(envFile, 'utf8')).toContain(`SSL_CERT_FILE="${info.caFile}"`);
      // skopeo wants the CA alone in its --cert-dir (a *.key there would be taken for a client key).
      const certDir = join(work, 'certs');
      mkdirSync(certDir, { recursive: true });
      copyFileSync(info.caFile, join(certDir, 'ca.crt'));
      const skopeo = (...args: string[]) =>
        run('skopeo', [
          ...args,
          '--creds',
          `${source?.adminUser ?? ''}:${source?.adminPassword ?? ''}`,
          '--cert-dir',
          certDir,
        ]);
      const api = await skopeo('list-tags', `docker://${source?.loginServer ?? ''}/team/app/api`);
      expect((JSON.parse(api.stdout) as { Tags: string[] }).Tags.sort()).toEqual(['1.0.0', '1.1.0']);
      const bulk = await skopeo('list-tags', `docker://${source?.loginServer ?? ''}/bulk/svc-000`);
      expect((JSON.parse(bulk.stdout) as { Tags: string[] }).Tags.sort()).toEqual(['1.0.0', '1.0.0-r1', '1.0.1']);
      const raw = await skopeo('inspect', '--raw', `docker://${source?.loginServer ?? ''}/platform/base:1.0`);
      expect((JSON.parse(raw.stdout) as { mediaType: string }).mediaType).toBe(
        'application/vnd.oci.image.index.v1+json',
      );
      const state = JSON.parse(readFileSync(join(stateDir, 'emulator.json'), 'utf8')) as { appliedScenarios: string[] };
      expect(state.appliedScenarios).toEqual([
        'small',
        'consumers:lock=true',
        'large:digests=4,referrers=1,repositories=2,tags=6',
      ]);
    } finally {
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    }
  }, 60_000);
});

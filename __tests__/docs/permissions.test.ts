/**
 * docs/permissions.md promises that each stage works with nothing but its custom role. This runs the
 * whole relocation against the emulator with Resource Manager's role checks switched on, every stage
 * signed in as a fresh identity that holds only the documented role for that stage — and shows that
 * the roles are not simply generous: Reader alone fails prepare, the prepare role fails the import,
 * each with the message the troubleshooting guide quotes.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../src/entrypoints/run.js';
import type { CommandName } from '../../src/core/inputs/types.js';
import { FakeHost } from '../helpers/fake-host.js';
import { credentialOf, startTestEmulator, type Emulator } from '../emulator/helpers/testEmulator.js';
import { readRepoFile } from './support/markdown.js';
import { defineRole, documentedRoles, identityWith, type DocumentedRole } from './support/roles.js';

const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const TARGET = 'contosoneu01';
const STAGES: readonly CommandName[] = [
  'prepare',
  'redeploy',
  'import-artifacts',
  'rewire-consumers',
  'verify',
  'retire-source',
];

const roles = documentedRoles(readRepoFile('docs/permissions.md'));

describe('docs/permissions.md: the custom roles', () => {
  it('are published for every command, in the format az role definition create reads', () => {
    for (const stage of STAGES) expect([stage, roles.has(stage)]).toEqual([stage, true]);
    for (const [name, role] of roles) {
      expect([name, role.Name]).toEqual([name, `acr-relocate ${name.replace(/-writes$/, ' writes')}`]);
      expect(role.IsCustom).toBe(true);
      expect(role.AssignableScopes).toEqual(['/subscriptions/<subscription-id>']);
      expect(role.NotActions).toEqual([]);
      expect(role.NotDataActions).toEqual([]);
      const actions = [...role.Actions, ...role.DataActions];
      expect(new Set(actions).size).toBe(actions.length);
      for (const action of actions) expect(action).toMatch(/^Microsoft\.[A-Za-z]+(\/[A-Za-z*]+)+$/);
    }
  });

  it('never let anyone remove a lock or change a role definition', () => {
    for (const role of roles.values()) {
      for (const action of role.Actions) {
        expect(action).not.toMatch(/^Microsoft\.Authorization\/(locks|roleDefinitions)\/(write|delete|\*)/);
        expect(action).not.toBe('*');
      }
    }
  });

  it('grant deletion of the source only to retire-source', () => {
    const deleters = [...roles].filter(([, role]) =>
      role.Actions.includes('Microsoft.ContainerRegistry/registries/delete'),
    );
    expect(deleters.map(([name]) => name)).toEqual(['retire-source']);
  });
});

describe('each stage against the emulator with role checks on, signed in with only its documented role', () => {
  let emulator: Emulator;
  let workspace: string;
  let sourceName: string;
  const identities = new Map<string, string>();

  async function stage(command: CommandName, clientId: string, inputs: Record<string, string> = {}) {
    const host = new FakeHost(
      {
        'arm-endpoint': emulator.arm.armUrl,
        'authority-host': emulator.entra.url,
        'subscription-id': emulator.subscriptionId,
        ...inputs,
      },
      { workspace, credential: credentialOf(emulator, clientId) },
    );
    const code = await runCommand(host, () => command);
    return { code, host };
  }

  async function succeeds(command: CommandName, inputs: Record<string, string> = {}) {
    const { code, host } = await stage(command, identities.get(command)!, inputs);
    expect([command, code, host.failure]).toEqual([command, 0, undefined]);
    return host;
  }

  beforeAll(async () => {
    emulator = await startTestEmulator({ scenarios: ['small', 'consumers'], lro: { durationMs: 5 } });
    sourceName = emulator.registries()[0]!.name;
    workspace = mkdtempSync(join(tmpdir(), 'docs-permissions-'));
    mkdirSync(join(workspace, 'manifests'));
    writeFileSync(join(workspace, 'manifests', 'web.yaml'), `image: ${emulator.registries()[0]!.loginServer}/app:1\n`);
    for (const name of STAGES) {
      const roleId = await defineRole(emulator, roles.get(name) as DocumentedRole);
      identities.set(name, await identityWith(emulator, `acr-relocate ${name}`, [roleId]));
    }
    const reader = `/subscriptions/${emulator.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${READER}`;
    identities.set('reader', await identityWith(emulator, 'reader only', [reader]));
    emulator.applySettings({ rbac: true });
  }, 60_000);

  afterAll(async () => {
    await emulator?.stop();
  });

  it('prepare: Reader alone is refused the webhook callbacks, as the guide says', async () => {
    const { code, host } = await stage('prepare', identities.get('reader')!, {
      'source-registry': emulator.registries()[0]!.resourceId,
      'target-registry': TARGET,
      'target-location': 'northeurope',
    });
    expect(code).toBe(1);
    expect(host.failure).toContain('[FORBIDDEN]');
    expect(host.failure).toContain('Microsoft.ContainerRegistry/registries/webhooks/getCallbackConfig/action');
  }, 60_000);

  it('prepare with its role', async () => {
    await succeeds('prepare', {
      'source-registry': emulator.registries()[0]!.resourceId,
      'target-registry': TARGET,
      'target-location': 'northeurope',
    });
  }, 60_000);

  it('redeploy with its role', async () => {
    await succeeds('redeploy', { 'regenerate-token-passwords': 'true' });
  }, 120_000);

  it('import-artifacts: the prepare role cannot import, and the failure names the action', async () => {
    const { code, host } = await stage('import-artifacts', identities.get('prepare')!);
    expect(code).toBe(1);
    expect(host.failure).toContain('Microsoft.ContainerRegistry/registries/importImage/action');
  }, 120_000);

  it('import-artifacts with its role', async () => {
    const host = await succeeds('import-artifacts');
    expect(Number(host.outputs.get('imported-count')) + Number(host.outputs.get('skipped-count'))).toBeGreaterThan(0);
  }, 180_000);

  it('rewire-consumers with its role, updating the apps', async () => {
    const host = await succeeds('rewire-consumers', { 'update-apps': 'true', 'rewrite-paths': 'manifests/**' });
    expect(Number(host.outputs.get('apps-updated'))).toBeGreaterThan(0);
  }, 120_000);

  it('verify with its role', async () => {
    const host = await succeeds('verify');
    expect(host.outputs.get('verified')).toBe('true');
  }, 120_000);

  it('retire-source with its role: brownout, then delete', async () => {
    const confirm = { 'confirm-source-registry': sourceName, 'require-idle': 'true' };
    expect((await succeeds('retire-source', { ...confirm, 'retire-mode': 'disable' })).outputs.get('retired')).toBe(
      'disabled',
    );
    expect((await succeeds('retire-source', { ...confirm, 'retire-mode': 'delete' })).outputs.get('retired')).toBe(
      'deleted',
    );
  }, 180_000);
});

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlan, writePlan } from '../../../src/core/plan/io.js';
import type { CopyMode, RegistrySettings, RelocationPlan } from '../../../src/core/plan/model.js';
import { checkRunCopyMode, plannedCopyMode, serverImportBlockers } from '../../../src/core/prepare/copy-mode.js';
import { samplePlan, sampleSettings } from '../../helpers/plan-fixture.js';

function planWith(copyMode: CopyMode | undefined, settings: RegistrySettings = sampleSettings()): RelocationPlan {
  const draft = samplePlan();
  return {
    ...draft,
    source: { ...draft.source, settings },
    ...(copyMode ? { copyMode } : {}),
    fingerprint: `sha256:${'0'.repeat(64)}`,
  };
}

const noExport = sampleSettings({
  publicNetworkAccess: 'Disabled',
  policies: { exportPolicy: { status: 'disabled' } },
});

describe('serverImportBlockers', () => {
  it.each<[string, Partial<RegistrySettings>, string[]]>([
    ['an open source', {}, []],
    [
      'a disabled export policy',
      { policies: { exportPolicy: { status: 'disabled' } } },
      ['its export policy is disabled'],
    ],
    [
      'public access off without the trusted-services bypass',
      { publicNetworkAccess: 'Disabled', networkRuleBypassOptions: 'None' },
      ['network rules do not let trusted Azure services through'],
    ],
    [
      'a Deny firewall without the bypass',
      { networkRuleSet: { defaultAction: 'Deny', ipRules: [] }, networkRuleBypassOptions: 'None' },
      ['network rules do not let trusted Azure services through'],
    ],
    [
      'a Deny firewall that lets trusted services through',
      { networkRuleSet: { defaultAction: 'Deny', ipRules: [] }, networkRuleBypassOptions: 'AzureServices' },
      [],
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(serverImportBlockers(sampleSettings(overrides))).toEqual(expected);
  });
});

describe('the copy mode of an import-artifacts run', () => {
  it('treats a plan without copyMode (written before prepare recorded it) as a server plan', () => {
    expect(plannedCopyMode(planWith(undefined))).toBe('server');
    expect(checkRunCopyMode(planWith(undefined), 'server')).toEqual({});
    expect(checkRunCopyMode(planWith(undefined), 'client').warning).toBe(
      'The plan was prepared for copy-mode server; this run copies with copy-mode client, as its input says.',
    );
  });

  it('runs quietly in the mode the plan was prepared for', () => {
    expect(checkRunCopyMode(planWith('client', noExport), 'client')).toEqual({});
    expect(checkRunCopyMode(planWith('server'), 'server')).toEqual({});
  });

  it('lets the input win, with a warning, when server-side import could read the source', () => {
    expect(checkRunCopyMode(planWith('client'), 'server').warning).toBe(
      'The plan was prepared for copy-mode client; this run copies with copy-mode server, as its input says.',
    );
  });

  it('refuses server mode on a client plan whose source blocks server-side import', () => {
    expect(() => checkRunCopyMode(planWith('client', noExport), 'server')).toThrow(
      expect.objectContaining({
        code: 'REFUSED',
        message: expect.stringContaining(
          'server-side import from contososource is blocked by the settings the plan recorded: its export policy',
        ),
        hint: expect.stringContaining('copy-mode: client'),
      }),
    );
  });

  it('records the mode in the plan: valid against the schema, covered by the fingerprint', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'copy-mode-plan-')), 'plan.json');
    const client = await writePlan(path, { ...samplePlan(), copyMode: 'client' });
    expect((await readPlan(path)).copyMode).toBe('client');
    const server = await writePlan(path, { ...samplePlan(), copyMode: 'server' });
    expect(server.fingerprint).not.toBe(client.fingerprint);
    await writePlan(path, { ...samplePlan(), copyMode: 'sideways' as CopyMode });
    await expect(readPlan(path)).rejects.toMatchObject({ code: 'PLAN_INVALID', message: /copyMode/ });
  });
});

import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepare } from '../../../src/core/commands/prepare.js';
import { readPlan } from '../../../src/core/plan/io.js';
import type { RelocationPlan } from '../../../src/core/plan/model.js';
import type { Emulator } from '../../../emulator/src/index.js';
import { generateImage, generateMultiArch } from '../../../emulator/src/seed/images.js';
import { generateSignature } from '../../../emulator/src/seed/images-artifacts.js';
import { writeArtifact } from '../../../emulator/src/seed/images-store.js';
import { runCommand } from '../../../src/entrypoints/run.js';
import { credentialOf, startTestEmulator } from '../../emulator/helpers/testEmulator.js';
import { FakeHost } from '../../helpers/fake-host.js';
import { runIn } from '../../helpers/run-command.js';

function runPrepare(emulator: Emulator, inputs: Record<string, string | undefined>, workspace: string) {
  return runIn(emulator, prepare, 'prepare', inputs, workspace);
}

describe('prepare against the emulator', () => {
  let emulator: Emulator;
  let source: { name: string; resourceGroup: string; resourceId: string };
  let workspace: string;
  const image = generateImage('web-v1');
  const multi = generateMultiArch('base');
  const signature = generateSignature('sig', image.root);

  beforeAll(async () => {
    emulator = await startTestEmulator();
    source = emulator.registries()[0];
    const store = emulator.dataPlanes.get(source.name)!.store;
    writeArtifact(store, 'app/web', image, ['v1', 'stable']);
    writeArtifact(store, 'base', multi, ['1.0']);
    writeArtifact(store, 'app/web', signature, []);
  });
  afterAll(() => emulator.stop());
  beforeEach(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'prepare-'));
  });

  const baseInputs = () => ({
    'source-registry': source.name,
    'source-resource-group': source.resourceGroup,
    'target-registry': 'contosotarget01',
    'target-location': 'westeurope',
  });

  it('writes a plan that records every manifest by digest with its tags, children and referrers', async () => {
    const { result } = await runPrepare(emulator, baseInputs(), workspace);
    expect(result.failure).toBeUndefined();
    const plan: RelocationPlan = await readPlan(join(workspace, 'relocation/plan.json'));
    expect(result.outputs['plan-fingerprint']).toBe(plan.fingerprint);
    const web = plan.artifacts.repositories.find((r) => r.name === 'app/web')!;
    const webImage = web.manifests.find((m) => m.digest === image.root.digest)!;
    expect(webImage.tags.sort()).toEqual(['stable', 'v1']);
    const sig = web.manifests.find((m) => m.digest === signature.root.digest)!;
    expect(sig).toMatchObject({
      tags: [],
      subject: image.root.digest,
      artifactType: 'application/vnd.cncf.notary.signature',
    });
    const base = plan.artifacts.repositories.find((r) => r.name === 'base')!;
    const index = base.manifests.find((m) => m.digest === multi.root.digest)!;
    expect(index.children?.sort()).toEqual(
      multi.manifests
        .filter((m) => m.digest !== multi.root.digest)
        .map((m) => m.digest)
        .sort(),
    );
    expect(base.manifests).toHaveLength(multi.manifests.length);
    expect(plan.artifacts.totals).toMatchObject({ repositories: 2, tags: 3, referrers: 1 });
    expect(result.outputs['tag-count']).toBe('3');
    expect(plan.source).toMatchObject({
      name: source.name,
      resourceGroup: source.resourceGroup,
      id: source.resourceId,
    });
    expect(plan.target).toMatchObject({
      name: 'contosotarget01',
      location: 'westeurope',
      resourceGroup: source.resourceGroup,
    });
    expect(plan.checks.find((c) => c.id === 'target-name-available')?.status).toBe('pass');
    expect(result.summary).toContain('```mermaid');
    expect(result.summary).toContain('app/web');
  });

  it('is stable across re-runs: same relocation id, same content apart from the timestamp', async () => {
    await runPrepare(emulator, baseInputs(), workspace);
    const first = JSON.parse(await readFile(join(workspace, 'relocation/plan.json'), 'utf8'));
    await runPrepare(emulator, baseInputs(), workspace);
    const second = JSON.parse(await readFile(join(workspace, 'relocation/plan.json'), 'utf8'));
    expect(second.relocationId).toBe(first.relocationId);
    expect({ ...second, createdAt: 0, fingerprint: 0 }).toEqual({ ...first, createdAt: 0, fingerprint: 0 });
  });

  it('warns about tags locked or hidden on their own, naming them, and records their attributes', async () => {
    const store = emulator.dataPlanes.get(source.name)!.store;
    store.setTagAttributes('app/web', 'stable', { writeEnabled: false });
    try {
      const { result } = await runPrepare(emulator, baseInputs(), workspace);
      expect(result.failure).toBeUndefined();
      const plan = await readPlan(join(workspace, 'relocation/plan.json'));
      const check = plan.checks.find((c) => c.id === 'tag-attributes');
      expect(check).toMatchObject({ status: 'warn' });
      expect(check?.message).toContain('app/web:stable (writeEnabled=false)');
      const web = plan.artifacts.repositories.find((r) => r.name === 'app/web');
      expect(web?.tagAttributes).toEqual({ stable: { writeEnabled: false } });
    } finally {
      store.setTagAttributes('app/web', 'stable', { writeEnabled: true });
    }
  });

  it('writes the plan and fails when a check fails', async () => {
    const { result } = await runPrepare(emulator, { ...baseInputs(), 'target-location': 'atlantis' }, workspace);
    expect(result.failure).toMatch(/target-location/);
    const plan = await readPlan(join(workspace, 'relocation/plan.json'));
    expect(plan.checks.find((c) => c.id === 'target-location')?.status).toBe('fail');
  });

  it.each([
    [{ 'source-registry': 'doesnotexist1' }, /not found/],
    [{ 'target-registry': 'SOURCE' }, /is the source registry itself/],
    [{ 'plan-path': '../outside.json' }, /outside the workspace/],
    [{ 'subnet-map': 'not a pair' }, /"not a pair" is not a "key => value" pair/],
  ])('refuses bad input %p', async (overrides, message) => {
    const inputs = { ...baseInputs(), ...overrides } as Record<string, string>;
    if (inputs['target-registry'] === 'SOURCE') inputs['target-registry'] = source.name;
    await expect(runPrepare(emulator, inputs, workspace)).rejects.toThrow(message);
  });

  it('sends no write request to Azure or the registry', async () => {
    const before = emulator.requests.lastSeq();
    await runPrepare(emulator, baseInputs(), workspace);
    const writes = emulator.requests
      .list({ afterSeq: before })
      .filter((e) => e.service !== 'entra' && !['GET', 'HEAD'].includes(e.method))
      .filter(
        (e) => !/\/(checkNameAvailability|listCredentials|getCallbackConfig|oauth2\/(exchange|token))\b/.test(e.path),
      );
    expect(writes).toEqual([]);
  });
});

describe('prepare without permission on the source', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({ rbac: true });
    emulator.directory.upsert({
      clientId: '00000000-0000-4000-8000-00000000f00d',
      objectId: '00000000-0000-4000-8000-00000000beef',
      displayName: 'no-roles',
      secrets: ['no-roles-secret'],
      federatedCredentials: [],
    });
  });
  afterAll(() => emulator.stop());

  it('says permission is missing, naming the action and scope, not that the registry is absent', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'prepare-rbac-'));
    const source = emulator.registries()[0];
    const credential = credentialOf(emulator, '00000000-0000-4000-8000-00000000f00d');
    const host = new FakeHost(
      {
        'arm-endpoint': emulator.arm.armUrl,
        'authority-host': emulator.entra.url,
        'source-registry': source.resourceId,
        'target-registry': 'contosotarget09',
        'target-location': 'northeurope',
      },
      { workspace, credential },
    );
    expect(await runCommand(host, () => 'prepare')).toBe(1);
    expect(host.failure).toMatch(/\[FORBIDDEN\].*permission denied/);
    expect(host.failure).toContain('Microsoft.ContainerRegistry/registries/read');
    expect(host.failure).toContain(source.resourceId);
  });
});

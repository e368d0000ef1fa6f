/**
 * rewire-consumers: the ABAC-mode target, the pull request hand-off to the host, the command's
 * registration, and a target that does not exist yet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../../../src/entrypoints/run.js';
import { roleAssignmentName } from '../../../src/core/rewire/access/names.js';
import type { PullRequestPublisher, PullRequestRequest } from '../../../src/core/rewire/pull-request.js';
import { recordingHost } from '../import/support/host.js';
import { startRewireWorld, TARGET_NAME, type RewireWorld } from '../rewire/support/world.js';

const ACR_PULL = '7f951dda-4ed3-4680-a7ca-43fe172d538d';
const REPOSITORY_READER = 'b93aa761-3e63-49ed-ac28-beffa264f7ac';

/** A publisher that records what core asks of it: a new pull request first, the same one after. */
function recordingPublisher(): PullRequestPublisher & { requests: PullRequestRequest[] } {
  const requests: PullRequestRequest[] = [];
  return {
    requests,
    describe: () => 'test repository',
    publish: async (request) => {
      requests.push(request);
      return {
        url: 'https://example.test/pr/7',
        action: requests.length === 1 ? 'created' : 'updated',
        unchangedBranch: false,
      };
    },
  };
}

describe('with a target in ABAC mode', () => {
  let world: RewireWorld;
  beforeAll(async () => {
    world = await startRewireWorld({ abac: true });
  }, 60_000);
  afterAll(() => world?.stop());

  it('grants kubelets Container Registry Repository Reader (AcrPull grants nothing there), and warns about legacy roles', async () => {
    const run = await world.run({});
    expect(run.failure).toBeUndefined();
    for (const cluster of world.plan.consumers.aksClusters) {
      const kubelet = cluster.kubeletObjectId ?? '';
      const abacName = roleAssignmentName(world.target.id, kubelet, REPOSITORY_READER);
      const assignment = await world.authorization.roleAssignments.get(world.target.id.slice(1), abacName);
      expect(assignment).toMatchObject({ principalId: kubelet, principalType: 'ServicePrincipal' });
      const legacy = roleAssignmentName(world.target.id, kubelet, ACR_PULL);
      await expect(world.authorization.roleAssignments.get(world.target.id.slice(1), legacy)).rejects.toMatchObject({
        statusCode: 404,
      });
    }
    expect(run.summary).toContain(
      '| AKS cluster | aks-consumer-weu | pull on source | Container Registry Repository Reader on target | created |',
    );
    expect(
      run.logs.filter((l) => l.startsWith('warning:') && l.includes('ABAC repository permissions')).length,
    ).toBeGreaterThan(0);
  });

  it('refuses open-pull-request on a host without a pull request service, before changing anything', async () => {
    world.emulator.requests.clear();
    const before = readFileSync(join(world.workspace, 'deploy/app.yaml'), 'utf8');
    const run = await world.run({ 'open-pull-request': 'true' });
    expect(run.failure).toMatch(/^\[INPUT_INVALID\] --open-pull-request is not available on the cli host/);
    expect(world.emulator.requests.list({ service: 'arm' }).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(readFileSync(join(world.workspace, 'deploy/app.yaml'), 'utf8')).toBe(before);
  });

  it('hands the rewrite to the host as one branch per relocation, and re-runs update it', async () => {
    const publisher = recordingPublisher();
    world.resetFiles();
    const first = await world.run({ 'open-pull-request': 'true' }, { publisher });
    expect(first.failure).toBeUndefined();
    expect(first.outputs['pull-request-url']).toBe('https://example.test/pr/7');
    const request = publisher.requests[0]!;
    expect(request.branch).toBe(`acr-relocate/rewire-${world.plan.relocationId}`);
    expect(request.files).toEqual([
      {
        path: 'deploy/app.yaml',
        content: readFileSync(join(world.workspace, 'deploy/app.yaml'), 'utf8'),
        executable: false,
      },
    ]);
    expect(request.files[0]!.content).toContain(`${world.target.loginServer}/team/app/api:1.1.0 # api`);
    expect(request.title).toBe(`Pull images from ${world.target.loginServer} instead of ${world.source.loginServer}`);
    expect(request.body).toContain('| deploy/app.yaml | 1 |');
    expect(first.summary).toContain(
      `| Pull request | acr-relocate/rewire-${world.plan.relocationId} |  | https://example.test/pr/7 | created |`,
    );
    world.resetFiles();
    const second = await world.run({ 'open-pull-request': 'true' }, { publisher });
    expect(publisher.requests.map((r) => r.branch)).toEqual([request.branch, request.branch]);
    expect(second.summary).toContain(
      `| Pull request | acr-relocate/rewire-${world.plan.relocationId} |  | https://example.test/pr/7 | updated |`,
    );
  });

  it('opens no pull request when no file needs a change', async () => {
    const publisher = recordingPublisher();
    const run = await world.run({ 'open-pull-request': 'true' }, { publisher });
    expect(run.failure).toBeUndefined();
    expect(publisher.requests).toEqual([]);
    expect(run.outputs['files-changed']).toBe('0');
  });

  it('is registered as a command and runs through the one entry point', async () => {
    const inputs = {
      'arm-endpoint': world.emulator.arm.armUrl,
      'authority-host': world.emulator.entra.url,
      'dry-run': 'true',
    };
    const { host, run } = recordingHost(inputs, world.workspace, world.credential);
    expect(await runCommand(host, () => 'rewire-consumers')).toBe(0);
    expect(run.outputs).toMatchObject({ 'files-changed': '0', 'role-assignments-created': '0' });
    expect(run.summary).toContain('## rewire-consumers');
  });
});

describe('before the target exists', () => {
  let world: RewireWorld;
  beforeAll(async () => {
    world = await startRewireWorld({ createTarget: false });
  }, 60_000);
  afterAll(() => world?.stop());

  it('a dry run shows the plan against the login server the target will have', async () => {
    const run = await world.run({ 'dry-run': 'true' });
    expect(run.failure).toBeUndefined();
    expect(run.summary).toContain(`now pull from \`${TARGET_NAME}.azurecr.io\``);
    expect(run.summary).toContain(`+    - image: ${TARGET_NAME}.azurecr.io/team/app/api:1.1.0 # api`);
    expect(run.outputs['role-assignments-created']).toBe('5');
  });

  it('a real run refuses: consumers move only once the content is there', async () => {
    const run = await world.run({});
    expect(run.failure).toMatch(/^\[NOT_FOUND\] The target registry .* does not exist\./);
  });
});

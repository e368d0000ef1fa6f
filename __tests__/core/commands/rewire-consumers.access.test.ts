/**
 * rewire-consumers against the emulator's 'consumers' scenario: role assignments on the target
 * (created once, visible before anyone is switched), the dry run, and detach-source. Tests run in
 * order on one world: each builds on what the previous one did.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { roleAssignmentName } from '../../../src/core/rewire/access/names.js';
import { armOptions, FAST_POLL } from '../../emulator/helpers/testEmulator.js';
import { startRewireWorld, type RewireWorld } from '../rewire/support/world.js';

const ACR_PULL = '7f951dda-4ed3-4680-a7ca-43fe172d538d';
const ACR_PUSH = '8311e382-0749-4cb8-b61a-304f252e45ec';

let world: RewireWorld;
beforeAll(async () => {
  world = await startRewireWorld();
}, 60_000);
afterAll(() => world?.stop());

async function assignmentsAt(scope: string) {
  const all = [];
  for await (const a of world.authorization.roleAssignments.listForScope(scope.slice(1), { filter: 'atScope()' }))
    all.push(a);
  return all.filter((a) => a.scope?.toLowerCase() === scope.toLowerCase());
}

function writes(method?: string) {
  return world.emulator.requests
    .list({ service: 'arm' })
    .filter((r) =>
      method ? r.method === method : !['GET', 'HEAD'].includes(r.method) && !/\/list(Secrets)?(\?|$)/.test(r.path),
    );
}

const kubelets = () => world.plan.consumers.aksClusters.map((c) => c.kubeletObjectId ?? '');

it('dry run: reports what it would do and changes nothing', async () => {
  const before = readFileSync(join(world.workspace, 'deploy/app.yaml'), 'utf8');
  const run = await world.run({ 'dry-run': 'true', 'update-apps': 'true' });
  expect(run.failure).toBeUndefined();
  expect(writes()).toEqual([]);
  expect(readFileSync(join(world.workspace, 'deploy/app.yaml'), 'utf8')).toBe(before);
  // 2 kubelets, the CI principal, the Web App and the identity app's identities; the worker app's is made on apply.
  expect(run.outputs).toEqual({
    'role-assignments-created': '5',
    'files-changed': '1',
    'pull-request-url': '',
    'apps-updated': '3',
  });
  expect(run.summary).toContain('**Dry run: nothing was changed.**');
  expect(run.summary).toContain(
    '| AKS cluster | aks-consumer-weu | pull on source | AcrPull on target | would create |',
  );
});

it('grants each kubelet AcrPull on the target, and every other principal its role, under deterministic names', async () => {
  world.emulator.requests.clear();
  const run = await world.run({});
  expect(run.failure).toBeUndefined();
  expect(run.outputs['role-assignments-created']).toBe('5');
  const onTarget = await assignmentsAt(world.target.id);
  for (const kubelet of kubelets()) {
    const mine = onTarget.filter((a) => a.principalId === kubelet);
    expect(mine.map((a) => [a.roleDefinitionId?.split('/').pop(), a.principalType, a.name])).toEqual([
      [ACR_PULL, 'ServicePrincipal', roleAssignmentName(world.target.id, kubelet, ACR_PULL)],
    ]);
  }
  const ci = world.plan.children.roleAssignments.find((r) => r.roleDefinitionId.endsWith(ACR_PUSH));
  expect(
    onTarget.filter((a) => a.principalId === ci?.principalId).map((a) => a.roleDefinitionId?.split('/').pop()),
  ).toEqual([ACR_PUSH]);
  // The subscription Owner is inherited, not the registry's: not copied.
  expect(onTarget.some((a) => a.roleDefinitionId?.endsWith('8e3af657-a8ff-443c-a75c-2fe8c4bcb635'))).toBe(false);
  expect(writes('PUT').every((r) => r.path.includes('/providers/Microsoft.Authorization/roleAssignments/'))).toBe(true);
  expect(writes('PUT')).toHaveLength(5);
});

it('a second run sends no role assignment at all', async () => {
  world.emulator.requests.clear();
  const run = await world.run({});
  expect(run.failure).toBeUndefined();
  expect(writes()).toEqual([]);
  expect(run.outputs['role-assignments-created']).toBe('0');
  expect(run.summary).toContain('| AKS cluster | aks-consumer-neu | pull on source | AcrPull on target | exists |');
});

it('waits, with backoff, until a new assignment is visible (a fault hides it for three reads)', async () => {
  const cluster = world.plan.consumers.aksClusters[0]!;
  const name = roleAssignmentName(world.target.id, cluster.kubeletObjectId ?? '', ACR_PULL);
  await world.authorization.roleAssignments.delete(world.target.id.slice(1), name);
  world.emulator.faults.set([
    {
      kind: 'arm:read',
      method: 'GET',
      path: `roleAssignments/${name}`,
      count: 3,
      action: { status: 404, errorCode: 'RoleAssignmentNotFound' },
    },
  ]);
  world.emulator.requests.clear();
  const run = await world.run({ 'aks-clusters': cluster.id });
  world.emulator.faults.clear();
  expect(run.failure).toBeUndefined();
  expect(run.outputs['role-assignments-created']).toBe('1');
  const reads = world.emulator.requests.list({
    service: 'arm',
    method: 'GET',
    pathIncludes: `roleAssignments/${name}`,
  });
  expect(reads.map((r) => r.status)).toEqual([404, 404, 404, 200]);
  expect(run.summary).toMatch(
    new RegExp(
      `\\| AKS cluster ${cluster.name} \\\\\\(kubelet identity\\\\\\) \\| .* \\| created \\| \\d+\\.\\d s \\|`,
    ),
  );
  expect(run.summary).not.toContain('aks-consumer-neu');
});

it('reports an assignment that stays invisible past the deadline, and says pulls may fail for a while', async () => {
  const cluster = world.plan.consumers.aksClusters[1]!;
  const name = roleAssignmentName(world.target.id, cluster.kubeletObjectId ?? '', ACR_PULL);
  await world.authorization.roleAssignments.delete(world.target.id.slice(1), name);
  world.emulator.faults.set([
    {
      kind: 'arm:read',
      method: 'GET',
      path: `roleAssignments/${name}`,
      action: { status: 404, errorCode: 'RoleAssignmentNotFound' },
    },
  ]);
  const run = await world.run(
    { 'aks-clusters': cluster.id },
    { wait: { timeoutMs: 60, initialDelayMs: 10, maxDelayMs: 20 } },
  );
  world.emulator.faults.clear();
  expect(run.failure).toBeUndefined();
  expect(run.outputs['role-assignments-created']).toBe('1');
  expect(run.summary).toContain('| not visible yet |');
  expect(run.logs.some((l) => l.startsWith('warning:') && l.includes('not visible yet'))).toBe(true);
});

it('refuses detach-source before the brownout, before changing anything', async () => {
  world.emulator.requests.clear();
  const run = await world.run({ 'detach-source': 'true', 'update-apps': 'true' });
  expect(run.failure).toMatch(/^\[REFUSED\] --detach-source is only allowed during or after retire-source's brownout/);
  expect(writes()).toEqual([]);
});

it("retire-source's brownout record of this relocation allows detach-source too (unless it was restored)", async () => {
  const recordPath = join(world.workspace, 'relocation', 'retire-state.json');
  const record = {
    schemaVersion: 1,
    relocationId: world.plan.relocationId,
    sourceId: world.source.id,
    planFingerprint: world.plan.fingerprint,
    reportFingerprint: 'f'.repeat(64),
    disabledAt: '2026-11-26T00:00:00.000Z',
    previousPublicNetworkAccess: 'Enabled',
    repositories: [],
  };
  try {
    writeFileSync(recordPath, JSON.stringify({ ...record, restoredAt: '2026-11-26T01:00:00.000Z' }));
    expect((await world.run({ 'detach-source': 'true', 'dry-run': 'true' })).failure).toMatch(/^\[REFUSED\]/);
    writeFileSync(recordPath, JSON.stringify(record));
    const run = await world.run({ 'detach-source': 'true', 'dry-run': 'true' });
    expect(run.failure).toBeUndefined();
    expect(run.summary).toContain(
      '| AKS cluster | aks-consumer-weu | AcrPull on source | no role on source | would remove |',
    );
  } finally {
    rmSync(recordPath, { force: true });
  }
});

it("in the brownout, detach-source removes the kubelets' pull on the source and nothing else", async () => {
  const acr = new ContainerRegistryManagementClient(
    world.credential,
    world.emulator.subscriptionId,
    armOptions(world.emulator),
  );
  await acr.registries.beginUpdateAndWait(
    world.source.resourceGroup,
    world.source.name,
    { publicNetworkAccess: 'Disabled' },
    FAST_POLL,
  );
  world.emulator.requests.clear();
  const dry = await world.run({ 'detach-source': 'true', 'dry-run': 'true' });
  expect(dry.summary).toContain(
    '| AKS cluster | aks-consumer-weu | AcrPull on source | no role on source | would remove |',
  );
  expect(writes()).toEqual([]);
  const run = await world.run({ 'detach-source': 'true' });
  expect(run.failure).toBeUndefined();
  expect(writes('DELETE')).toHaveLength(2);
  const onSource = await assignmentsAt(world.source.id);
  expect(onSource.filter((a) => kubelets().includes(a.principalId ?? ''))).toEqual([]);
  expect(onSource.some((a) => a.roleDefinitionId?.endsWith(ACR_PUSH))).toBe(true);
  expect(run.summary).toContain('| AKS cluster | aks-consumer-weu | AcrPull on source | no role on source | removed |');
  const again = await world.run({ 'detach-source': 'true' });
  expect(again.summary).toContain(
    '| AKS cluster | aks-consumer-weu | no role on source | no role on source | unchanged |',
  );
});

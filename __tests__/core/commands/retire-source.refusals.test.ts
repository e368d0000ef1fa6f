/**
 * Every refusal of retire-source, each against the emulator with retire-mode delete (the most
 * dangerous), each asserting from the emulator's request log that not one write request was sent
 * (no PUT/PATCH/DELETE/POST to ARM or to either registry; signing in aside).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { writeArtifact } from '../../../emulator/src/seed/images-store.js';
import { generateImage } from '../../../emulator/src/seed/images.js';
import { verify } from '../../../src/core/commands/verify.js';
import { RegistryClient } from '../../../src/core/oci/client.js';
import { findManifest } from '../../../src/core/oci/manifests.js';
import { fingerprintOf } from '../../../src/core/plan/canonical.js';
import { FAST_POLL } from '../../emulator/helpers/testEmulator.js';
import { RetireWorld } from '../retire/support/retire-world.js';

let rw: RetireWorld;
let goodReport: string;

beforeAll(async () => {
  rw = await RetireWorld.start();
  goodReport = await readFile(rw.world.reportPath, 'utf8');
});
afterAll(() => rw?.stop());
afterEach(async () => {
  await writeFile(rw.world.reportPath, goodReport);
  // Nothing a refusal test does may have taken the source away.
  expect(await rw.sourceNetworkAccess()).toBe('Enabled');
});

/** Run retire-source; expect a refusal naming `check`, no write request, retired=none. */
async function expectRefusal(check: string, message: RegExp, inputs: Record<string, string> = {}) {
  const before = rw.world.emulator.requests.lastSeq();
  const { result } = await rw.retire(inputs);
  expect(rw.world.writesSince(before)).toEqual([]);
  expect(result.outputs.retired).toBe('none');
  expect(result.failure).toMatch(/refused and changed nothing/);
  expect(result.failure).toMatch(message);
  expect(result.summary).toContain('Nothing was changed');
  expect(result.summary).toMatch(new RegExp(`❌ \\| ${check} \\|`));
  return result;
}

async function rewriteReport(change: (report: Record<string, unknown>) => void, refingerprint: boolean) {
  const report = JSON.parse(goodReport) as Record<string, unknown>;
  change(report);
  if (refingerprint) report.fingerprint = fingerprintOf(report);
  await writeFile(rw.world.reportPath, JSON.stringify(report));
}

describe('retire-source refuses, and sends no write request, when', () => {
  it('the confirmation is not the source registry name', async () => {
    const before = rw.world.emulator.requests.lastSeq();
    await expectRefusal('confirmation', /not the name of the source registry/, {
      'confirm-source-registry': 'someotherregistry',
    });
    // A wrong confirmation is refused before anything is read from Azure.
    expect(rw.world.emulator.requests.list({ afterSeq: before, service: 'arm' })).toEqual([]);
  });

  it('the report is missing', async () => {
    await rename(rw.world.reportPath, `${rw.world.reportPath}.away`);
    try {
      await expectRefusal('report-valid', /no verification report/);
    } finally {
      await rename(`${rw.world.reportPath}.away`, rw.world.reportPath);
    }
  });

  it("the report's fingerprint does not match its content", async () => {
    await rewriteReport((r) => ((r.result as { failOn: string }).failOn = 'never'), false);
    await expectRefusal('report-valid', /changed after verify wrote it/);
  });

  it('the report is older than max-report-age', async () => {
    await rewriteReport((r) => (r.createdAt = new Date(Date.now() - 3 * 3_600_000).toISOString()), true);
    await expectRefusal('report-fresh', /180 minutes old; max-report-age allows 60/);
  });

  it('the report was made for another plan', async () => {
    await rewriteReport((r) => (r.planFingerprint = `sha256:${'0'.repeat(64)}`), true);
    await expectRefusal('report-plan', /not for this plan/);
  });

  it('the report did not pass', async () => {
    rw.world.target.store.deleteTag('base', '1.0');
    try {
      const run = await rw.world.run(verify, 'verify', {});
      expect(run.result.outputs.verified).toBe('false');
      await expectRefusal('report-passed', /did not pass: 1 missing/);
    } finally {
      rw.world.importAll();
    }
  });

  it('the source changed since the report', async () => {
    writeArtifact(rw.world.source.store, 'app/web', generateImage('pushed-after-verify'), ['late']);
    try {
      await expectRefusal('source-unchanged', /source changed since the report/);
    } finally {
      rw.world.source.store.deleteTag('app/web', 'late');
    }
  });

  it('the target is not complete any more', async () => {
    rw.world.target.store.deleteTag('app/web', 'stable');
    try {
      await expectRefusal('target-complete', /target lacks 1 artifact\(s\) verify had found: app\/web:stable/);
    } finally {
      rw.world.importAll();
    }
  });

  it('the target is not reachable', async () => {
    const { resourceGroup } = rw.world.plan.target;
    await rw.world.arm.registries.beginUpdateAndWait(
      resourceGroup,
      rw.world.target.name,
      { publicNetworkAccess: 'Disabled' },
      FAST_POLL,
    );
    try {
      await expectRefusal('target-complete', /could not be read/);
    } finally {
      await rw.world.arm.registries.beginUpdateAndWait(
        resourceGroup,
        rw.world.target.name,
        { publicNetworkAccess: 'Enabled' },
        FAST_POLL,
      );
    }
  });

  it('an AKS cluster of the plan still has no pull role on the target', async () => {
    await rw.revoke(rw.pullAssignmentId);
    try {
      await expectRefusal('consumers-rewired', /aks-prod/);
    } finally {
      rw.pullAssignmentId = await rw.grantPull(rw.world.target.id);
    }
  });

  it('a CanNotDelete lock protects the source, naming who must remove it', async () => {
    const lock = await rw.lock(rw.world.source.id, 'do-not-delete', 'CanNotDelete');
    try {
      const result = await expectRefusal('no-locks', /CanNotDelete lock "do-not-delete"/);
      expect(result.summary).toMatch(/never removes locks/);
      expect(result.summary).toMatch(/Owner or User Access Administrator/);
      expect(
        rw.world.emulator.requests.list({ method: 'DELETE', pathIncludes: `/registries/${rw.world.source.name}?` }),
      ).toEqual([]);
    } finally {
      await rw.unlock(lock);
    }
  });

  it('a ReadOnly lock on the resource group stops the brownout too', async () => {
    const scope = `/subscriptions/${rw.world.emulator.subscriptionId}/resourceGroups/${rw.world.source.resourceGroup}`;
    const lock = await rw.lock(scope, 'frozen', 'ReadOnly');
    try {
      await expectRefusal('no-locks', /ReadOnly lock "frozen"/, { 'retire-mode': 'disable' });
    } finally {
      await rw.unlock(lock);
    }
  });

  // Last: the pull stays in the source's metrics for the rest of this emulator's life.
  it('the source was pulled from since verify started, listing the counts', async () => {
    const consumer = new RegistryClient({
      url: rw.world.source.loginServer,
      credentials: { kind: 'entra', credential: rw.world.credential },
      caPem: rw.world.emulator.tls.caCertPem,
    });
    try {
      expect(await findManifest(consumer, 'app/web', 'v1')).toBeDefined();
    } finally {
      consumer.close();
    }
    await expectRefusal('source-idle', /still in use: 1 successful pull\(s\) and 0 push\(es\)/);
  });
});

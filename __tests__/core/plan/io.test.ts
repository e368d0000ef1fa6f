import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNoFailedChecks, readPlan, writePlan } from '../../../src/core/plan/io.js';
import { samplePlan } from '../../helpers/plan-fixture.js';

async function tempPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'plan-')), 'relocation', 'plan.json');
}

describe('plan read/write', () => {
  it('round-trips a plan and fills in its fingerprint', async () => {
    const path = await tempPath();
    const written = await writePlan(path, samplePlan());
    expect(written.fingerprint).toMatch(/^sha256:/);
    await expect(readPlan(path)).resolves.toEqual(written);
  });

  it('refuses a plan edited after it was written, naming both fingerprints', async () => {
    const path = await tempPath();
    await writePlan(path, samplePlan());
    const doc = JSON.parse(await readFile(path, 'utf8'));
    doc.target.location = 'northeurope';
    await writeFile(path, JSON.stringify(doc));
    await expect(readPlan(path)).rejects.toMatchObject({
      code: 'PLAN_INVALID',
      message: expect.stringMatching(/changed after prepare/),
    });
  });

  it('refuses another schema version with the versions in the message', async () => {
    const path = await tempPath();
    const written = await writePlan(path, samplePlan());
    await writeFile(path, JSON.stringify({ ...written, schemaVersion: 2 }));
    await expect(readPlan(path)).rejects.toThrow(/schemaVersion 2; this version of acr-relocate reads schemaVersion 1/);
  });

  it('refuses a plan that breaks the schema, saying where', async () => {
    const path = await tempPath();
    const plan = samplePlan();
    (plan.artifacts.repositories[0].manifests[0] as { digest: string }).digest = 'sha256:short';
    await writePlan(path, plan);
    await expect(readPlan(path)).rejects.toThrow(/\/artifacts\/repositories\/0\/manifests\/0\/digest/);
  });

  it('explains a missing file and broken JSON', async () => {
    const path = await tempPath();
    await expect(readPlan(path)).rejects.toMatchObject({
      message: expect.stringMatching(/No relocation plan/),
      hint: expect.stringMatching(/Run prepare first/),
    });
    await writePlan(path, samplePlan());
    await writeFile(path, '{');
    await expect(readPlan(path)).rejects.toThrow(/not valid JSON/);
  });

  it('refuses to act on failed checks, listing them', async () => {
    const plan = { ...samplePlan(), fingerprint: 'x' };
    expect(() => assertNoFailedChecks(plan)).not.toThrow();
    plan.checks = [{ id: 'target-name-available', status: 'fail', message: 'taken' }];
    expect(() => assertNoFailedChecks(plan)).toThrow(/target-name-available/);
  });
});

import { fingerprintOf } from '../../../src/core/plan/canonical.js';
import type { RelocationPlan } from '../../../src/core/plan/model.js';
import { confirmationPrecondition, reportPreconditions } from '../../../src/core/retire/guards.js';
import type { VerifyReport } from '../../../src/core/verify/model.js';
import { samplePlan } from '../../helpers/plan-fixture.js';
import { sampleReport } from '../verify/support/report-fixture.js';

const draft = samplePlan();
const plan: RelocationPlan = { ...draft, fingerprint: fingerprintOf(draft) };
const NOW = new Date('2026-11-26T01:00:00.000Z');

function report(change: (r: Omit<VerifyReport, 'fingerprint'>) => void = () => undefined): VerifyReport {
  const r = sampleReport();
  r.planFingerprint = plan.fingerprint;
  r.createdAt = '2026-11-26T00:30:00.000Z';
  r.result = { verified: true, passed: true, failOn: 'mismatch' };
  change(r);
  return { ...r, fingerprint: fingerprintOf(r) };
}

const failed = (r: { preconditions: Array<{ id: string; passed: boolean }> }) =>
  r.preconditions.filter((p) => !p.passed).map((p) => p.id);

describe('confirmationPrecondition', () => {
  it.each([
    ['contososource', true],
    [' ContosoSource ', true],
    ['contososource2', false],
    ['', false],
  ])('%p → %p', (typed, passed) => {
    expect(confirmationPrecondition(plan, typed, '--confirm-source-registry').passed).toBe(passed);
  });
});

describe('reportPreconditions', () => {
  const check = (r: VerifyReport, extra: { brownoutSince?: Date; maxAgeMinutes?: number } = {}) =>
    reportPreconditions({
      plan,
      load: { ok: true, report: r },
      maxAgeMinutes: extra.maxAgeMinutes ?? 60,
      now: NOW,
      brownoutSince: extra.brownoutSince,
    });

  it('passes a fresh, passed report made for this plan', () => {
    const result = check(report());
    expect(failed(result)).toEqual([]);
    expect(result.preconditions.map((p) => p.id)).toEqual([
      'report-valid',
      'report-plan',
      'report-passed',
      'report-fresh',
    ]);
  });

  it('refuses a report made for another plan', () => {
    expect(failed(check(report((r) => (r.planFingerprint = `sha256:${'0'.repeat(64)}`))))).toEqual(['report-plan']);
  });

  it('refuses a report that did not pass, with its counts', () => {
    const result = check(report((r) => (r.result = { verified: true, passed: false, failOn: 'never' })));
    expect(failed(result)).toEqual(['report-passed']);
    expect(result.preconditions[2]!.message).toMatch(/1 missing, 0 mismatched, 1 source change/);
  });

  it('refuses a report older than max-report-age, and one dated in the future', () => {
    expect(failed(check(report(), { maxAgeMinutes: 29 }))).toEqual(['report-fresh']);
    expect(failed(check(report(), { maxAgeMinutes: 30 }))).toEqual([]);
    expect(failed(check(report((r) => (r.createdAt = '2026-11-26T02:00:00.000Z'))))).toEqual(['report-fresh']);
  });

  it('measures the age when an intact brownout began, for a delete after the brownout', () => {
    const later = { maxAgeMinutes: 60, brownoutSince: new Date('2026-11-26T00:40:00.000Z') };
    expect(
      failed(
        reportPreconditions({
          plan,
          load: { ok: true, report: report() },
          now: new Date('2026-11-30T00:00:00.000Z'),
          ...later,
        }),
      ),
    ).toEqual([]);
  });

  it('passes on the reason a report could not be read', () => {
    const result = reportPreconditions({
      plan,
      load: { ok: false, reason: 'gone', hint: 'verify' },
      maxAgeMinutes: 60,
      now: NOW,
    });
    expect(result).toEqual({ preconditions: [{ id: 'report-valid', passed: false, message: 'gone', hint: 'verify' }] });
  });
});

import { fingerprintOf } from '../../../src/core/plan/canonical.js';
import type { VerifyReport } from '../../../src/core/verify/model.js';
import { headline, renderReport } from '../../../src/core/verify/summary.js';
import { sampleReport } from './support/report-fixture.js';

function complete(change: (r: Omit<VerifyReport, 'fingerprint'>) => void = () => undefined): VerifyReport {
  const draft = sampleReport();
  change(draft);
  return { ...draft, fingerprint: fingerprintOf(draft) };
}

const clean = (r: Omit<VerifyReport, 'fingerprint'>) => {
  r.result = { verified: true, passed: true, failOn: 'mismatch' };
  r.totals = { ...r.totals, verified: 2, missing: 0, drift: 0, outstandingDrift: 0 };
  r.failures = [];
  r.drift = [];
};

describe('verify summary', () => {
  it('opens with the headline people approve from', () => {
    expect(headline(complete(clean))).toBe('✅ 2 of 2 artifacts verified by digest');
    expect(headline(complete())).toBe('❌ 1 of 2 artifacts verified by digest — 1 missing');
    const settings = complete((r) => {
      clean(r);
      r.result = { verified: false, passed: false, failOn: 'mismatch' };
      r.totals = { ...r.totals, mismatched: 3, settingsDifferences: 2 };
    });
    expect(headline(settings)).toBe('❌ 2 of 2 artifacts verified by digest — 1 mismatched, 2 setting(s) differ');
    const drifted = complete((r) => {
      clean(r);
      r.result.passed = false;
      r.totals.outstandingDrift = 4;
    });
    expect(headline(drifted)).toBe(
      '⚠️ 2 of 2 artifacts verified by digest — ⚠️ 4 source change(s) since the plan are not in the target yet',
    );
  });

  it('shows every failure with both sides, and drift with the command to carry it', () => {
    const markdown = renderReport(complete());
    expect(markdown).toMatch(
      /\| `app` \| missing-manifest \| `sha256:a{64}` \| referrer \| `sha256:b{64}` \| `present` \| `absent` \|/,
    );
    expect(markdown).toMatch(/\| `app` \| added \| `v2` \| `sha256:c{64}` \| {2}\| no \|/);
    expect(markdown).toContain('run `import-artifacts` with `refresh: true`');
  });

  it('cuts long lists with a count and keeps repositories with findings on top', () => {
    const many = complete((r) => {
      r.failures = Array.from({ length: 250 }, (_, i) => ({
        ...r.failures[0]!,
        reference: `tag-${i}`,
        kind: 'missing-tag' as const,
      }));
      r.repositories = [
        ...Array.from({ length: 60 }, (_, i) => ({
          name: `clean-${String(i).padStart(2, '0')}`,
          manifests: 1,
          tags: 1,
          referrers: 0,
          verified: 1,
          missing: 0,
          mismatched: 0,
        })),
        { name: 'zz-broken', manifests: 1, tags: 1, referrers: 0, verified: 0, missing: 1, mismatched: 0 },
      ];
    });
    const markdown = renderReport(many);
    expect(markdown).toContain('… and 50 more in the JSON report.');
    expect(markdown).toContain('… and 11 more in the JSON report.');
    expect(markdown.indexOf('zz-broken')).toBeLessThan(markdown.indexOf('clean-00'));
  });
});

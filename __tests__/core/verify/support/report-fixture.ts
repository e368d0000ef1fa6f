/** A small verification report (without its fingerprint), valid against the schema. */
import type { VerifyReport } from '../../../../src/core/verify/model.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;

export function sampleReport(): Omit<VerifyReport, 'fingerprint'> {
  return {
    schemaVersion: 1,
    relocationId: '0123456789abcdef',
    planFingerprint: d('1'),
    tool: { name: 'acr-relocate', version: '0.1.0' },
    startedAt: '2026-11-26T00:00:00.000Z',
    createdAt: '2026-11-26T00:01:00.000Z',
    source: { id: '/s', name: 'contososource', loginServer: 'contososource.azurecr.io', inventoryFingerprint: d('2') },
    target: { id: '/t', name: 'contosotarget', loginServer: 'contosotarget.azurecr.io' },
    result: { verified: false, passed: false, failOn: 'mismatch' },
    totals: {
      repositories: 1,
      manifests: 2,
      tags: 1,
      referrers: 1,
      verified: 1,
      missing: 1,
      mismatched: 0,
      settingsDifferences: 0,
      drift: 1,
      outstandingDrift: 1,
    },
    repositories: [{ name: 'app', manifests: 2, tags: 1, referrers: 1, verified: 1, missing: 1, mismatched: 0 }],
    failures: [
      {
        repository: 'app',
        kind: 'missing-manifest',
        reference: d('a'),
        role: 'referrer',
        subject: d('b'),
        expected: 'present',
        actual: 'absent',
      },
    ],
    settings: [],
    drift: [{ repository: 'app', change: 'added', tag: 'v2', digest: d('c'), inTarget: false }],
  };
}

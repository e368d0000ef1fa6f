/**
 * JSON Schema (draft 2020-12) of the verification report (./model.ts). retire-source validates a
 * report with it before trusting a single field of it.
 */
const str = { type: 'string' } as const;
const strMin = { type: 'string', minLength: 1 } as const;
const bool = { type: 'boolean' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const digest = { type: 'string', pattern: '^sha256:[a-f0-9]{64}$' } as const;
const timestamp = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' } as const;

function object(properties: Record<string, unknown>, required: string[] = Object.keys(properties)) {
  return { type: 'object', additionalProperties: false, required, properties } as const;
}

const failure = object(
  {
    repository: strMin,
    kind: { enum: ['missing-tag', 'wrong-digest', 'missing-manifest', 'attributes'] },
    reference: str,
    role: { enum: ['tagged', 'untagged', 'index-child', 'referrer'] },
    subject: digest,
    expected: str,
    actual: str,
  },
  ['repository', 'kind', 'reference', 'expected', 'actual'],
);

const repository = object({
  name: strMin,
  manifests: count,
  tags: count,
  referrers: count,
  verified: count,
  missing: count,
  mismatched: count,
});

const setting = object({ resource: strMin, path: str, expected: str, actual: str }, ['resource', 'path']);

const drift = object(
  {
    repository: strMin,
    change: { enum: ['added', 'moved', 'removed'] },
    tag: strMin,
    digest,
    previousDigest: digest,
    inTarget: bool,
  },
  ['repository', 'change', 'digest', 'inTarget'],
);

const totals = object({
  repositories: count,
  manifests: count,
  tags: count,
  referrers: count,
  verified: count,
  missing: count,
  mismatched: count,
  settingsDifferences: count,
  drift: count,
  outstandingDrift: count,
});

export const REPORT_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/acr-relocate/acr-relocate/schemas/verify-report.schema.json',
  title: 'acr-relocate verification report',
  ...object({
    schemaVersion: { const: 1 },
    relocationId: { type: 'string', pattern: '^[a-f0-9]{16}$' },
    planFingerprint: digest,
    tool: object({ name: { const: 'acr-relocate' }, version: str }),
    startedAt: timestamp,
    createdAt: timestamp,
    source: object({ id: strMin, name: strMin, loginServer: strMin, inventoryFingerprint: digest }),
    target: object({ id: strMin, name: strMin, loginServer: strMin }),
    result: object({ verified: bool, passed: bool, failOn: { enum: ['mismatch', 'drift', 'never'] } }),
    totals,
    repositories: { type: 'array', items: repository },
    failures: { type: 'array', items: failure },
    settings: { type: 'array', items: setting },
    drift: { type: 'array', items: drift },
    fingerprint: digest,
  }),
} as const;

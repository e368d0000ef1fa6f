/**
 * The verification report: written by `verify`, read by `retire-source` and by the people who
 * approve the deletion. Like the plan it carries a schema version, a JSON Schema (./schema.ts) and
 * a fingerprint over its canonical content, so retire-source can prove it acts on the report that
 * was approved, made for the plan that was reviewed.
 */
export const REPORT_SCHEMA_VERSION = 1;

export type FailOn = 'mismatch' | 'drift' | 'never';

/** Why a manifest is in the plan, which decides how it is checked in the target. */
export type ManifestRole = 'tagged' | 'untagged' | 'index-child' | 'referrer';

export type FailureKind =
  /** The tag does not exist in the target. */
  | 'missing-tag'
  /** The tag exists in the target but resolves to another digest. */
  | 'wrong-digest'
  /** An untagged manifest, index child or referrer is not in the target by digest. */
  | 'missing-manifest'
  /** Repository or manifest changeable attributes differ. */
  | 'attributes';

export interface ContentFailure {
  repository: string;
  kind: FailureKind;
  /** The tag, or the digest for digest-addressed checks and manifest attributes; '' for the repository itself. */
  reference: string;
  role?: ManifestRole;
  /** For referrers: the manifest they refer to. */
  subject?: string;
  /** What the plan (source) has, as text. */
  expected: string;
  /** What the target has, as text ('absent' when it is not there). */
  actual: string;
}

export interface RepositoryCounts {
  name: string;
  manifests: number;
  tags: number;
  referrers: number;
  /** Manifests found in the target as the plan has them. */
  verified: number;
  missing: number;
  mismatched: number;
}

/** A setting or child resource of the target that differs from the plan after mapping. */
export interface SettingDifference {
  /** 'registry', or the child resource as `<kind>/<name>`, e.g. `webhooks/buildhook`. */
  resource: string;
  /** Dotted property path inside the resource ('' for the resource as a whole). */
  path: string;
  /** Rendered JSON; undefined when absent. Secret values are never rendered. */
  expected?: string;
  actual?: string;
}

export type DriftChange = 'added' | 'moved' | 'removed';

/** A change on the source since the plan, reported apart from target failures. */
export interface DriftItem {
  repository: string;
  change: DriftChange;
  /** The tag, or undefined for an untagged manifest that appeared or disappeared. */
  tag?: string;
  /** The digest the source has now (added, moved) or had (removed). */
  digest: string;
  /** moved: the digest the plan had. */
  previousDigest?: string;
  /** The target already reflects the change (a delta sync carried it). */
  inTarget: boolean;
}

export interface ReportTotals {
  repositories: number;
  manifests: number;
  tags: number;
  referrers: number;
  verified: number;
  missing: number;
  /** Content mismatches (wrong digests, attributes) plus settings differences. */
  mismatched: number;
  settingsDifferences: number;
  /** Every change on the source since the plan. */
  drift: number;
  /** Changes the target does not have yet (what `import-artifacts` with `refresh: true` carries). */
  outstandingDrift: number;
}

export interface VerifyReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  relocationId: string;
  /** The plan this report checked against. */
  planFingerprint: string;
  tool: { name: 'acr-relocate'; version: string };
  startedAt: string;
  /** When the report was made: retire-source measures its age from here. */
  createdAt: string;
  source: {
    id: string;
    name: string;
    loginServer: string;
    /** Listing fingerprint of the source when verified (see source-snapshot.ts); retire-source re-reads it. */
    inventoryFingerprint: string;
  };
  target: { id: string; name: string; loginServer: string };
  result: {
    /** The target holds everything the plan holds, with the settings the plan gives. */
    verified: boolean;
    /** verified, and no source change the target lacks: the only state retire-source accepts. */
    passed: boolean;
    failOn: FailOn;
  };
  totals: ReportTotals;
  repositories: RepositoryCounts[];
  failures: ContentFailure[];
  settings: SettingDifference[];
  drift: DriftItem[];
  /** sha256 of the canonical content of everything above. */
  fingerprint: string;
}

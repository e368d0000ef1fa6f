/** What retire-source decides and does, and what it records to undo a brownout. */

export type RetireMode = 'disable' | 'delete';

/** The `retired` output. */
export type Retired = 'disabled' | 'deleted' | 'restored' | 'none';

/** One precondition of a destructive step, as the summary lists it. */
export interface Precondition {
  /** Stable id, e.g. "report-fresh". */
  id: string;
  passed: boolean;
  message: string;
  /** What to do when it did not pass. */
  hint?: string;
}

/** The attributes a brownout changes on a repository. */
export interface RepositoryAccess {
  readEnabled?: boolean;
  writeEnabled?: boolean;
}

/**
 * relocation/retire-state.json (next to the plan): what a brownout changed, recorded BEFORE the
 * change, so `restore: true` puts back exactly what was there. Pipelines keep it with the plan.
 */
export interface BrownoutRecord {
  schemaVersion: 1;
  relocationId: string;
  sourceId: string;
  planFingerprint: string;
  /** The verification report the brownout acted on. */
  reportFingerprint: string;
  /** When the preconditions passed and the first change was made. */
  disabledAt: string;
  /** The source's publicNetworkAccess before the brownout. */
  previousPublicNetworkAccess: string;
  /** Access before acr-relocate changed it: a repository frozen by freeze-source has its pre-freeze writeEnabled. */
  repositories: Array<{ name: string; previous: RepositoryAccess }>;
  /** Set once every change was made (a crash before leaves it unset: a re-run finishes the job). */
  completedAt?: string;
  /** Set once `restore` put everything back. */
  restoredAt?: string;
}

export interface RetireOutcome {
  retired: Retired;
  /** Plain sentences for the summary: what was done. */
  actions: string[];
  preconditions: Precondition[];
  /** Set when the command refused or failed. */
  failure?: string;
}

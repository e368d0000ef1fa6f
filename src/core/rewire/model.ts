/** What rewire-consumers reports: one row per consumer, with what it pulled from before and after. */

export type ConsumerKind =
  'AKS cluster' | 'Principal' | 'Web App' | 'Container App' | 'Container Instance' | 'File' | 'Pull request';

export type RowStatus =
  | 'created'
  | 'exists'
  | 'would create'
  | 'not visible yet'
  | 'updated'
  | 'would update'
  | 'listed'
  | 'unchanged'
  | 'removed'
  | 'would remove'
  | 'manual'
  | 'skipped'
  | 'failed';

export interface ConsumerRow {
  kind: ConsumerKind;
  name: string;
  before: string;
  after: string;
  status: RowStatus;
  /** What a person needs to know or do (a command to run, a credential to replace). */
  note?: string;
}

/** Statuses that mean the run did not finish the job for this consumer. */
export const FAILED_STATUSES: ReadonlySet<RowStatus> = new Set<RowStatus>(['failed']);

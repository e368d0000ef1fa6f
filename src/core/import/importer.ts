/**
 * The two ways an item gets into the target, behind one interface: server mode (ARM importImage)
 * and client mode (this runner streams it with the OCI client). The engine drives either the same
 * way: deadlines, retries, verification and reporting do not depend on the mode.
 */
import type { CopyMode, WorkItem } from './model.js';

export interface ImportRequest {
  item: WorkItem;
  /** Tags to point at the digest (the ones the target lacks); none: copy without a tag. */
  tags: string[];
  /** Some of `tags` exist on another digest and may be overwritten. */
  force: boolean;
}

export type FailureKind =
  /** 429: wait (Retry-After), slow down, try again; not counted as a failed attempt. */
  | 'throttled'
  /** 5xx, network, an operation that ended Failed with a transient code: retry with jitter. */
  | 'transient'
  /** A target tag exists (maybe our own earlier attempt): check the target, then decide. */
  | 'conflict'
  /** 400/401/403/404 and the like: retrying cannot help; explain. */
  | 'permanent';

export interface ClassifiedFailure {
  kind: FailureKind;
  /** What went wrong, for people (with Azure's or the registry's own words as data). */
  message: string;
  /** What to do about it. */
  hint?: string;
  retryAfterMs?: number;
  /**
   * Permanent for every item, not just this one (a 403 naming a missing permission on the target or
   * the source): the run stops starting items instead of collecting the same refusal thousands of times.
   */
  stopsRun?: boolean;
}

export interface ImportHooks {
  /** The write was accepted (not throttled): AIMD counts a success. */
  onAccepted(): void;
}

export interface Importer {
  readonly mode: CopyMode;
  /** Whether each attempt is an ARM write that the shared token bucket must shape. */
  readonly shaped: boolean;
  /** Make the item exist in the target; resolves when the registry says it is done. */
  run(request: ImportRequest, signal: AbortSignal, hooks: ImportHooks): Promise<void>;
  classify(error: unknown): ClassifiedFailure;
  /** Requests that count against a write budget sent so far (server: importImage POSTs). */
  readonly writesSent?: number;
  /** Release connections. */
  close?(): void;
}

/**
 * The request log every service writes to (contract.ts RequestLogEntry). Tests read it to assert what
 * was and was not called; the admin endpoint GET /_emulator/requests serves it.
 */
import type { RequestLogEntry, RequestLogger } from '../shared/contract.js';

export interface RequestLogQuery {
  service?: string;
  /** Only entries with seq greater than this. */
  afterSeq?: number;
  method?: string;
  /** Substring the path must contain. */
  pathIncludes?: string;
  kind?: string;
}

/** Oldest entries are dropped past this many, so a long demo cannot exhaust memory. */
const MAX_ENTRIES = 100_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private nextSeq = 1;

  readonly logger: RequestLogger = (entry) => {
    this.entries.push({ seq: this.nextSeq++, time: new Date().toISOString(), ...entry });
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  };

  list(query: RequestLogQuery = {}): RequestLogEntry[] {
    return this.entries.filter(
      (e) =>
        (query.service === undefined || e.service === query.service) &&
        (query.afterSeq === undefined || e.seq > query.afterSeq) &&
        (query.method === undefined || e.method === query.method.toUpperCase()) &&
        (query.pathIncludes === undefined || e.path.includes(query.pathIncludes)) &&
        (query.kind === undefined || e.kind === query.kind),
    );
  }

  /** Sequence number of the newest entry (0 when empty): remember it, act, then list({ afterSeq }). */
  lastSeq(): number {
    return this.nextSeq - 1;
  }

  clear(): void {
    this.entries = [];
  }
}

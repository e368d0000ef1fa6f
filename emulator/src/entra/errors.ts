/**
 * Entra ID's OAuth error format: `{ error, error_description: "AADSTSnnnn: … Trace ID: … Correlation
 * ID: … Timestamp: …", error_codes, timestamp, trace_id, correlation_id, error_uri }`.
 */
import { randomId } from '../shared/ids.js';

export class EntraError extends Error {
  constructor(
    readonly status: number,
    /** OAuth error: invalid_client, invalid_request, unauthorized_client, invalid_scope, … */
    readonly error: string,
    /** AADSTS number, e.g. 700024. */
    readonly code: number,
    /** Text after "AADSTSnnnn: ". */
    readonly description: string,
  ) {
    super(`AADSTS${code}: ${description}`);
  }
}

export interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

export function entraErrorBody(err: EntraError, correlationId: string, baseUrl: string): EntraErrorBody {
  const traceId = randomId();
  const timestamp = entraTimestamp(new Date());
  return {
    error: err.error,
    error_description: `AADSTS${err.code}: ${err.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${baseUrl}/error?code=${err.code}`,
  };
}

/** "2025-08-29 05:47:32Z", the form Entra uses in error bodies. */
export function entraTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** "2024-10-02T22:05:03.6755165Z": seven fractional digits, as in AADSTS700024 messages. */
export function entraPreciseTime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}0000Z`;
}

export const WORKLOAD_IDENTITY_DOCS = 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation';

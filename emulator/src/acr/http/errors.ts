/**
 * The registry error format: `{"errors":[{"code","message","detail"}]}` with the distribution
 * spec's codes and status codes, plus ACR's own (REGISTRY_DISALLOWED_OPERATION, DENIED wording).
 */
import type { ServerResponse } from 'node:http';

export interface ErrorInfo {
  code: string;
  message: string;
  detail?: unknown;
}

/** Standard messages (distribution's wording) and status codes for each code this data plane uses. */
const STANDARD: Record<string, { status: number; message: string }> = {
  BLOB_UNKNOWN: { status: 404, message: 'blob unknown to registry' },
  BLOB_UPLOAD_INVALID: { status: 400, message: 'blob upload invalid' },
  BLOB_UPLOAD_UNKNOWN: { status: 404, message: 'blob upload unknown to registry' },
  DIGEST_INVALID: { status: 400, message: 'provided digest did not match uploaded content' },
  MANIFEST_BLOB_UNKNOWN: { status: 400, message: 'blob unknown to registry' },
  MANIFEST_INVALID: { status: 400, message: 'manifest invalid' },
  MANIFEST_UNKNOWN: { status: 404, message: 'manifest unknown' },
  NAME_INVALID: { status: 400, message: 'invalid repository name' },
  NAME_UNKNOWN: { status: 404, message: 'repository name not known to registry' },
  SIZE_INVALID: { status: 400, message: 'provided length did not match content length' },
  TAG_INVALID: { status: 400, message: 'manifest tag did not match URI' },
  TAG_UNKNOWN: { status: 404, message: 'the specified tag does not exist' },
  UNAUTHORIZED: { status: 401, message: 'authentication required' },
  DENIED: { status: 403, message: 'requested access to the resource is denied' },
  UNSUPPORTED: { status: 405, message: 'The operation is unsupported.' },
  RANGE_INVALID: { status: 416, message: 'invalid content range' },
  TOOMANYREQUESTS: { status: 429, message: 'too many requests' },
  UNAVAILABLE: { status: 503, message: 'service unavailable' },
  UNKNOWN: { status: 500, message: 'unknown error' },
  REGISTRY_DISALLOWED_OPERATION: {
    status: 405,
    message:
      'The operation is disallowed on this registry, repository or image. View troubleshooting steps at ' +
      'https://aka.ms/acr/faq/#why-does-my-pull-or-push-request-fail-with-disallowed-operation',
  },
};

export class RegistryError extends Error {
  readonly status: number;
  readonly detail: unknown;
  readonly headers: Record<string, string>;
  /** Further errors reported in the same body (e.g. one MANIFEST_BLOB_UNKNOWN per missing blob). */
  readonly additional: ErrorInfo[];

  constructor(
    readonly code: string,
    options: {
      status?: number;
      message?: string;
      detail?: unknown;
      headers?: Record<string, string>;
      additional?: ErrorInfo[];
    } = {},
  ) {
    super(options.message ?? STANDARD[code]?.message ?? code);
    this.status = options.status ?? STANDARD[code]?.status ?? 500;
    this.detail = options.detail;
    this.headers = options.headers ?? {};
    this.additional = options.additional ?? [];
  }

  toInfo(): ErrorInfo {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

/** The default error code for a status a fault rule asks for. */
export function codeForStatus(status: number): string {
  if (status === 429) return 'TOOMANYREQUESTS';
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'DENIED';
  if (status === 404) return 'NAME_UNKNOWN';
  if (status === 503) return 'UNAVAILABLE';
  return 'UNKNOWN';
}

export function messageForCode(code: string): string {
  return STANDARD[code]?.message ?? code;
}

export const DISTRIBUTION_HEADER = { 'Docker-Distribution-API-Version': 'registry/2.0' } as const;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  isHead = false,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...DISTRIBUTION_HEADER,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(isHead ? undefined : text);
}

export function sendError(res: ServerResponse, error: RegistryError, isHead = false): void {
  sendJson(res, error.status, { errors: [error.toInfo(), ...error.additional] }, error.headers, isHead);
}

/** A reply with no body (202/204/201 with Location and friends). */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...DISTRIBUTION_HEADER, 'Content-Length': '0', ...headers });
  res.end();
}

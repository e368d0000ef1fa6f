/**
 * Registry failures as RelocationErrors: the registry's own `{"errors":[{code,message,detail}]}`
 * body, a message naming host and operation, and a hint for the person who has to fix it.
 * Secrets never appear: every text passes through Secrets.redact, and registry text is truncated.
 */
import { RelocationError, type ErrorCode } from '../errors.js';

export interface RegistryErrorInfo {
  code?: string;
  message?: string;
  detail?: unknown;
}

export type CredentialKind = 'anonymous' | 'basic' | 'entra';

export interface FailureContext {
  /** Registry host (and port), e.g. contoso.azurecr.io */
  host: string;
  /** What was attempted, e.g. `GET manifest app/web:1.0`. */
  what: string;
  scopes: readonly string[];
  credentialKind: CredentialKind;
}

/** Values that must never be shown; hosts are told about each one through onSecret as well. */
export class Secrets {
  private readonly values = new Set<string>();

  constructor(private readonly onSecret?: (value: string) => void) {}

  add(value: string | undefined): void {
    if (!value || value.length < 4 || this.values.has(value)) return;
    this.values.add(value);
    this.onSecret?.(value);
  }

  redact(text: string): string {
    let safe = text;
    for (const value of this.values) safe = safe.split(value).join('***');
    return safe;
  }
}

/** Registry-supplied text, shortened and stripped of control characters. */
export function registryText(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

export function parseRegistryErrors(body: Buffer | undefined): RegistryErrorInfo[] {
  if (!body || body.length === 0) return [];
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: unknown };
    if (!Array.isArray(parsed.errors)) return [];
    return parsed.errors
      .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
      .map((e) => ({
        code: typeof e.code === 'string' ? e.code : undefined,
        message: typeof e.message === 'string' ? e.message : undefined,
        detail: e.detail,
      }));
  } catch {
    return [];
  }
}

const NOT_FOUND_HINTS: Record<string, string> = {
  NAME_UNKNOWN: 'The repository does not exist in this registry (or the credentials cannot see it).',
  MANIFEST_UNKNOWN: 'No manifest with this tag or digest exists in the repository.',
  BLOB_UNKNOWN: 'The blob is not in the repository: the manifest references content the registry no longer has.',
  BLOB_UPLOAD_UNKNOWN: 'The upload session expired or was cancelled; the copy restarts it on the next run.',
};

const BAD_REQUEST_HINTS: Record<string, string> = {
  DIGEST_INVALID: 'The uploaded content does not match its digest; the copy was not committed. Retry.',
  MANIFEST_BLOB_UNKNOWN:
    'The manifest references blobs that are not in the target repository yet; copy its blobs first.',
  MANIFEST_INVALID: 'The registry refused the manifest; check that it accepts this media type.',
  SIZE_INVALID: 'The uploaded size does not match the declared size; retry the copy.',
  NAME_INVALID: 'The registry refused the repository name.',
  TAG_INVALID: 'The registry refused the tag.',
};

function unauthorizedHint(context: FailureContext): string {
  const scopes = context.scopes.join(' ') || 'this operation';
  switch (context.credentialKind) {
    case 'anonymous':
      return `${context.host} does not allow anonymous access for ${scopes}: provide credentials (an Entra identity with a data-plane role, the admin user, or a repository-scoped token).`;
    case 'basic':
      return `Check the user name and password. For an ACR token: is it enabled and unexpired, and does its scope map grant ${scopes}? For the admin user: is it enabled on the registry?`;
    case 'entra':
      return `Check that the identity holds a data-plane role on the registry (AcrPull to read, AcrPush to write, AcrDelete to delete, or the Container Registry Repository roles in ABAC mode) covering ${scopes}, and that the registry accepts Entra tokens for its data plane.`;
  }
}

/** ACR's answer (HTTP 405) to writes or deletes on a locked repository, tag or manifest. */
const DISALLOWED = 'REGISTRY_DISALLOWED_OPERATION';

function classify(status: number, code: string | undefined): ErrorCode {
  if (status === 401) return 'AUTH_FAILED';
  if (status === 403 || code === DISALLOWED) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  return 'REMOTE_ERROR';
}

function hintFor(status: number, code: string | undefined, context: FailureContext): string {
  if (status === 401) return unauthorizedHint(context);
  if (status === 403) {
    return 'The registry refused this action for these credentials. Check the role assignments or token scope map, whether the repository, tag or manifest is locked (writeEnabled/deleteEnabled false), and the registry network rules (public network access, IP rules) for this runner.';
  }
  if (status === 404) return (code && NOT_FOUND_HINTS[code]) ?? 'The registry does not know this resource.';
  if (status === 400 && code && BAD_REQUEST_HINTS[code]) return BAD_REQUEST_HINTS[code];
  if (code === DISALLOWED) {
    return 'The repository, tag or manifest is locked (writeEnabled or deleteEnabled is false), or the registry disallows this operation. Check with `az acr repository show`, and unlock with `az acr repository update --write-enabled true` if the lock is not intended (a source frozen by this tool stays locked on purpose).';
  }
  if (status === 405) return 'The registry does not support this operation (for example deletes are disabled on it).';
  if (status === 429)
    return 'The registry kept throttling after several retries: lower the concurrency or run again later.';
  if (status >= 500)
    return 'The registry failed repeatedly; retries were exhausted. Run again later (the command resumes where it stopped).';
  return 'See the registry message above.';
}

/** Turn an unexpected registry answer into an actionable RelocationError. */
export function registryFailure(
  status: number,
  errors: RegistryErrorInfo[],
  context: FailureContext,
  secrets: Secrets,
): RelocationError {
  const first = errors[0];
  const code = first?.code ? registryText(first.code, 40) : undefined;
  const detail = errors
    .map((e) => [e.code, e.message].filter(Boolean).join(': '))
    .filter(Boolean)
    .join('; ');
  const registrySays = detail ? ` (${registryText(detail)})` : '';
  const lead =
    status === 401
      ? `Credentials rejected by ${context.host} for scope ${context.scopes.join(' ') || '(none)'} during ${context.what}`
      : `${context.what} on ${context.host} failed with HTTP ${status}${code ? ` ${code}` : ''}`;
  return new RelocationError(
    classify(status, code),
    secrets.redact(`${lead}${registrySays}.`),
    secrets.redact(hintFor(status, code, context)),
  );
}

/** A failure below HTTP: connection, TLS trust, timeout. */
export function networkFailure(error: unknown, context: FailureContext, secrets: Secrets): RelocationError {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  const tls = typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code);
  const hint = tls
    ? `The TLS certificate of ${context.host} is not trusted: add its CA to the trust store (NODE_EXTRA_CA_CERTS) or fix the name/endpoint.`
    : `Check that ${context.host} is reachable from this runner (DNS, firewall, private endpoint, proxy); transient failures were already retried.`;
  return new RelocationError(
    'REMOTE_ERROR',
    secrets.redact(
      `${context.what} on ${context.host} failed: ${registryText(reason)}${typeof code === 'string' ? ` [${code}]` : ''}.`,
    ),
    hint,
    { cause: error },
  );
}

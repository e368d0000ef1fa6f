import { RelocationError } from '../errors.js';
import { neutralize } from '../text/neutralize.js';

/**
 * Resource Manager's errors as redeploy reports them: Azure's code and message (neutralised: they are
 * data) with every inner detail, so a policy denial names the policy and a preflight failure names
 * each resource. Errors are read from the wire body, not from the SDK's deserialised copy.
 */

/** ARM's error body, `{ error: { code, message, details } }` (or the bare `{ code, message }`). */
export interface ArmErrorBody {
  code?: string;
  message?: string;
  target?: string;
  details?: ArmErrorBody[];
}

export function armErrorOf(body: unknown): ArmErrorBody | undefined {
  const object = body as { error?: ArmErrorBody; code?: string; message?: string } | undefined;
  if (object?.error && typeof object.error === 'object') return object.error;
  if (object && typeof object === 'object' && typeof object.code === 'string') return object as ArmErrorBody;
  return undefined;
}

/** "Code: message" with every nested detail, one per line. */
export function describeArmError(error: ArmErrorBody | undefined, depth = 0): string {
  if (!error) return 'no error details';
  const indent = '  '.repeat(depth);
  const target = error.target ? ` (${error.target})` : '';
  const own = `${indent}${error.code ?? 'Error'}${target}: ${neutralize(error.message ?? '').trim()}`;
  const inner = (error.details ?? []).map((detail) => describeArmError(detail, depth + 1));
  return [own, ...inner].join('\n');
}

/** A JSON body as text (what the SDK keeps in `bodyAsText`), or undefined when it is not JSON. */
export function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

interface SdkHttpError {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { bodyAsText?: string | null };
}

/** The HTTP status of an Azure SDK RestError; undefined for anything that is not an HTTP answer. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as SdkHttpError | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * `what` failed: the HTTP status and ARM's error with its details when Azure answered, the SDK's own
 * message otherwise (a network failure after the SDK's retries).
 */
export function armFailure(what: string, error: unknown, hint: string): RelocationError {
  if (error instanceof RelocationError) return error;
  const sdk = (error ?? {}) as SdkHttpError;
  const status = httpStatusOf(error);
  const fromBody = armErrorOf(parseJson(sdk.response?.bodyAsText ?? undefined));
  const armError = fromBody ?? { code: sdk.code, message: sdk.message ?? String(error) };
  const http = status === undefined ? '' : ` (HTTP ${status})`;
  return new RelocationError('REMOTE_ERROR', `${what} failed${http}:\n${describeArmError(armError)}`, hint, {
    cause: error,
  });
}

/**
 * What an ARM import failure means for the engine. The Azure SDK throws RestError (statusCode, code,
 * response headers) for the POST and for a failed operation (its Location answers with the error's
 * status); core-lro throws plain Errors for cancelled or stuck operations; the network throws Node
 * errors. Retrying is for the transient ones only, and every permanent one is explained: 403 names
 * the missing action and scope (AuthorizationFailed, or LinkedAuthorizationFailed on the source) and
 * stops the run, since ARM checks both on the registry's scope and would refuse every other import.
 */
import { azureError, missingPermission } from '../../azure/errors.js';
import { neutralize } from '../../text/neutralize.js';
import type { ClassifiedFailure } from '../importer.js';
import { retryAfterMs } from '../throttle/retry-after.js';

interface RestLike {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get(name: string): string | undefined } };
}

const TRANSIENT_STATUS = new Set([408, 500, 502, 503, 504]);
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'REQUEST_SEND_ERROR',
  'InternalServerError',
  'InternalError',
  'ServiceUnavailable',
  'GatewayTimeout',
  'OperationTimedOut',
  'RequestTimeout',
]);

/** LinkedAuthorizationFailed: the identity may import into the target but not read the source. */
function linkedPermission(message: string): { action: string; scope: string } | undefined {
  const match = /perform action\(s\) '([^']+)' on the linked scope\(s\) '([^']+)'/.exec(message);
  return match ? { action: match[1]!, scope: match[2]! } : undefined;
}

export interface ClassifyOptions {
  /**
   * The source grants access per repository (ABAC, roleAssignmentMode AbacRepositoryPermissions):
   * a LinkedAuthorizationFailed may then concern this image's repository only, so it does not stop the run.
   */
  sourceRepositoryScoped?: boolean;
}

function permanent(error: unknown, what: string, options: ClassifyOptions): ClassifiedFailure {
  const rest = error as RestLike;
  const detail = neutralize(rest.message ?? String(error));
  if (rest.statusCode === 403) {
    const linked = linkedPermission(detail);
    const needed = linked ?? missingPermission(detail);
    if (needed) {
      return {
        kind: 'permanent',
        message: `${what}: permission denied (${rest.code ?? 'AuthorizationFailed'}): the identity lacks "${needed.action}" on ${needed.scope}.`,
        hint: `Grant the pipeline's identity a role with "${needed.action}" on ${needed.scope} (AcrPull on the source, Contributor or a custom role with importImage/action on the target; see docs/permissions.md).`,
        // ARM checks on the registry's scope, not the image's: every other import gets the same answer.
        stopsRun: !(linked && options.sourceRepositoryScoped),
      };
    }
  }
  const translated = azureError(error, what);
  return { kind: 'permanent', message: translated.message, hint: translated.hint };
}

export function classifyArmFailure(
  error: unknown,
  what: string,
  now: number,
  options: ClassifyOptions = {},
): ClassifiedFailure {
  const rest = (error ?? {}) as RestLike;
  const status = rest.statusCode;
  const text = neutralize(rest.message ?? (error instanceof Error ? error.message : String(error)));
  if (status === 429) {
    const headers = rest.response?.headers;
    const wait = headers ? retryAfterMs((name) => headers.get(name) ?? undefined, now) : undefined;
    return { kind: 'throttled', message: `${what}: throttled by Resource Manager (429)`, retryAfterMs: wait };
  }
  if (status === 409 && (rest.code === 'Conflict' || /already exists/i.test(text))) {
    return { kind: 'conflict', message: `${what}: ${text}` };
  }
  const transient =
    (status !== undefined && TRANSIENT_STATUS.has(status)) ||
    (status === undefined && rest.code !== undefined && TRANSIENT_CODES.has(rest.code)) ||
    (status === undefined && /Operation was canceled|Polling completed without|socket hang up/i.test(text));
  if (transient) {
    return {
      kind: 'transient',
      message: `${what} failed${status ? ` (HTTP ${status}${rest.code ? `, ${rest.code}` : ''})` : ''}: ${text}`,
      hint: 'A transient Azure failure; it was retried. Run the command again later: it resumes with what is missing.',
    };
  }
  return permanent(error, what, options);
}
